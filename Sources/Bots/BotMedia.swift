import DTLS
import ICELite
import Logging
import MediaTransport
import NIOCore
import RTCP
import RTP
import RTPStreams
import SDP

/// A bot's media: the publish PC (streams replayed from the shared clips)
/// and the subscribe PC (received streams measured), each a client-role
/// `PeerTransport` on a socket of its own. Both sockets use one event loop,
/// and everything here runs on it.
///
/// A client peer is routed by the server's address, and the server has one
/// address per worker, so one socket carries one peer connection.
final class BotMedia {
    let eventLoop: any EventLoop
    let dtlsContext: DTLSContext
    let logger: Logger
    let sendLog: SendLog
    let joinedAt: NIODeadline
    /// The bot's name, for the per-stream report.
    let name: String

    private var publishWorker: MediaWorker?
    private var subscribeWorker: MediaWorker?
    private(set) var publishTransport: PeerTransport?
    private(set) var subscribeTransport: PeerTransport?
    /// The subscribe PC's DTLS role, kept across renegotiations.
    private(set) var subscribeDTLSRole = DTLSRole.client
    var outgoing: [OutgoingStream] = []
    var transportSequence: UInt16 = 0
    var incoming: [UInt32: IncomingStream] = [:]
    /// What the subscribe offers said about each SSRC: kind, clock rate, publisher.
    /// and when the offer that brought it arrived.
    var expectedSSRCs: [UInt32: (isVideo: Bool, clockRate: UInt32, publisher: String, offeredAt: NIODeadline)] = [:]
    /// When the first subscribe offer came, the subscribe PC connected and
    /// its first RTP packet arrived (the start-up phases).
    var firstOfferAt: NIODeadline?
    var subscribeConnectedAt: NIODeadline?
    var firstPacketAt: NIODeadline?
    var twcc: TWCCRecorder?
    var twccExtensionID: UInt8?
    var latency = LatencyHistogram()
    var intervalLatency = LatencyHistogram()
    var keyframeRequestsReceived: UInt64 = 0
    // Data channel load (BotMedia+DataChannels).
    var dataSender: DataLoadSender?
    var dataChannelID: UInt16?
    var dataReceiver = DataLoadReceiver()
    var dataSent: UInt64 = 0
    var dataSendFailures: UInt64 = 0
    var nacksReceived: UInt64 = 0
    private var tick: Scheduled<Void>?
    private var lastFeedback = NIODeadline.uptimeNanoseconds(0)
    private var lastReport = NIODeadline.uptimeNanoseconds(0)
    private var lastSenderReport = NIODeadline.uptimeNanoseconds(0)
    let localSSRC: UInt32
    /// Every Nth RTP packet of the subscribe PC is decrypted and measured
    /// (`BotConfiguration.verifyEvery`). A sampling bot also sends no TWCC
    /// feedback and no NACKs: it loads the server to saturation, where a
    /// server that knew the subscriber's bandwidth would pause streams above
    /// its estimate, and packets lost at a full bot socket would come back
    /// as a storm of retransmissions. Receiver reports still go out.
    var verifyEvery = 1
    var sendsTransportFeedback: Bool { verifyEvery == 1 }
    /// Publishers whose video this bot should receive (0: not measured).
    var expectedVideoPublishers = 0
    var closed = false
    /// A transport closed other than by `stop()` (server gone, consent lost, DTLS failed): the bot rejoins.
    var onTransportFailure: (() -> Void)?

    /// Longest sleep between ticks: feedback (NACK, TWCC) runs on ticks.
    static let maxTickInterval: Int64 = 10_000_000

    init(eventLoop: any EventLoop, name: String, dtlsContext: DTLSContext, sendLog: SendLog, logger: Logger) {
        self.eventLoop = eventLoop
        self.name = name
        self.dtlsContext = dtlsContext
        self.sendLog = sendLog
        self.logger = logger
        joinedAt = .now()
        localSSRC = UInt32.random(in: 1...UInt32.max)
    }

    var isConnected: Bool {
        let publishUp = publishTransport.map { $0.state == .connected } ?? true
        let subscribeUp = subscribeTransport.map { $0.state == .connected } ?? true
        return publishUp && subscribeUp && (publishTransport != nil || subscribeTransport != nil)
    }

    // MARK: - Setting up

    /// Binds a socket on this loop for one peer connection.
    static func bindWorker(on eventLoop: any EventLoop, toward address: String, dtlsContext: DTLSContext, logger: Logger)
        async throws -> MediaWorker
    {
        // Loopback servers get loopback sockets: test traffic stays on 127.0.0.1.
        let host = address.hasPrefix("127.") ? "127.0.0.1" : (address.contains(":") ? "::" : "0.0.0.0")
        return try await MediaWorker.bind(
            host: host, port: 0, on: eventLoop,
            dtlsContext: dtlsContext, logger: logger)
    }

    /// The server answered the publish offer: connect to its candidate and
    /// start the streams once DTLS-SRTP is up.
    func startPublishing(
        worker: MediaWorker, remote: SocketAddress, credentials: ICECredentials, serverCredentials: ICECredentials,
        fingerprint: DTLSFingerprint, dtlsRole: DTLSRole = .client, streams: [OutgoingStream]
    ) throws {
        publishWorker = worker
        outgoing = streams
        publishTransport = try worker.makeClientPeer(
            remote: remote, localCredentials: credentials, remoteCredentials: serverCredentials,
            remoteFingerprint: fingerprint, dtlsRole: dtlsRole, delegate: self)
    }

    /// The first subscribe offer was answered: connect to the server.
    func startSubscribing(
        worker: MediaWorker, remote: SocketAddress, credentials: ICECredentials, serverCredentials: ICECredentials,
        fingerprint: DTLSFingerprint, dtlsRole: DTLSRole = .client
    ) throws {
        subscribeWorker = worker
        subscribeDTLSRole = dtlsRole
        subscribeTransport = try worker.makeClientPeer(
            remote: remote, localCredentials: credentials, remoteCredentials: serverCredentials,
            remoteFingerprint: fingerprint, dtlsRole: dtlsRole, delegate: self)
        subscribeTransport?.verifyEveryNthRTP = verifyEvery
    }

    var hasSubscribeTransport: Bool { subscribeTransport != nil }

    /// Learns the SSRCs of a subscribe offer (RFC 5576 `a=ssrc`, the first
    /// of an FID group is the media SSRC) and which publisher each is from.
    func expect(offer: SessionDescription, publishers: [String: String]) {
        let now = NIODeadline.now()
        if firstOfferAt == nil { firstOfferAt = now }
        for media in offer.media where !media.isRejected {
            guard let mid = media.mid, let publisher = publishers[mid], let codec = media.codecs.first(where: { !$0.isRTX })
            else { continue }
            let primary = media.ssrcGroups(.fid).first?.ssrcs.first ?? media.ssrcs.first
            if let primary {
                let offeredAt = expectedSSRCs[primary]?.offeredAt ?? now
                expectedSSRCs[primary] = (media.media == "video", codec.clockRate, publisher, offeredAt)
            }
            if twccExtensionID == nil,
                let map = media.extensionMaps.first(where: { $0.uri == TransportSequenceNumberExtension.uri })
            {
                twccExtensionID = UInt8(truncatingIfNeeded: map.id)
            }
        }
    }

    func startTicking(registry: SendLogRegistry) {
        self.registry = registry
        scheduleTick()
    }

    var registry: SendLogRegistry?

    /// The next tick comes when the next frame is due (so frames leave on
    /// their RTP schedule, not on a coarse timer), at most 10 ms away.
    private func scheduleTick() {
        guard !closed else { return }
        let now = Int64(NIODeadline.now().uptimeNanoseconds)
        var wake = now + Self.maxTickInterval
        if publishTransport?.state == .connected {
            for stream in outgoing { wake = min(wake, stream.nextFrameTime) }
            if dataChannelID != nil, let sender = dataSender { wake = min(wake, now + min(sender.nanosecondsToNext, Self.maxTickInterval)) }
        }
        let delay = TimeAmount.nanoseconds(max(500_000, wake - now))
        tick = eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            self?.onTick()
        }
    }

    // MARK: - Sending

    private func onTick() {
        let now = NIODeadline.now()
        if let transport = publishTransport, transport.state == .connected {
            let nanos = Int64(now.uptimeNanoseconds)
            for index in outgoing.indices {
                let isVideo = outgoing[index].clip.isVideo
                outgoing[index].sendDueFrames(now: nanos, transportSequence: &transportSequence) { packet, payload in
                    if let key = PayloadKey.key(payload: payload, isVP8: isVideo) {
                        sendLog.record(key, atUptimeNanoseconds: Int64(NIODeadline.now().uptimeNanoseconds))
                    }
                    transport.sendRTP(&packet)
                }
            }
        }
        if let transport = publishTransport, transport.state == .connected { sendDueDataMessages(on: transport, now: now) }
        if let transport = publishTransport, transport.state == .connected, now - lastSenderReport >= .seconds(1) {
            lastSenderReport = now
            sendSenderReports(on: transport, now: now)
        }
        if let transport = subscribeTransport, transport.state == .connected {
            sendFeedback(on: transport, now: now)
        }
        scheduleTick()
    }

    /// One SR per stream each second, so receivers (and recorders) can map
    /// RTP time to wall-clock time (RFC 3550 §6.4.1).
    private func sendSenderReports(on transport: PeerTransport, now: NIODeadline) {
        guard !outgoing.isEmpty else { return }
        let ntp = NTPClock.now()
        let nanos = Int64(now.uptimeNanoseconds)
        let reports = outgoing.map { RTCPPacket.senderReport($0.senderReport(now: nanos, ntpTime: ntp)) }
        var buffer = ByteBuffer()
        RTCPCompoundPacket(packets: reports).write(into: &buffer)
        transport.sendRTCP(&buffer)
    }

    /// NACKs every tick that has some, TWCC feedback every 100 ms, receiver
    /// reports every second (RFC 3550 §6.4.2, reduced-size RFC 5506).
    private func sendFeedback(on transport: PeerTransport, now: NIODeadline) {
        var packets: [RTCPPacket] = []
        for ssrc in incoming.keys where sendsTransportFeedback {
            if let nack = incoming[ssrc]?.dueNACK(senderSSRC: localSSRC, now: now) {
                packets.append(.transportLayerNACK(nack))
            }
        }
        if sendsTransportFeedback, now - lastFeedback >= .milliseconds(100), var recorder = twcc {
            lastFeedback = now
            for feedback in recorder.feedback(now: now) { packets.append(.transportLayerCC(feedback)) }
            twcc = recorder
        }
        if now - lastReport >= .seconds(1), !incoming.isEmpty {
            lastReport = now
            var reports: [ReceptionReport] = []
            for ssrc in incoming.keys {
                if let report = incoming[ssrc]?.statistics.receptionReport(ssrc: ssrc, now: now) { reports.append(report) }
            }
            // At most 31 blocks per RR (RFC 3550 §6.4.2).
            for start in stride(from: 0, to: reports.count, by: 31) {
                packets.append(
                    .receiverReport(ReceiverReport(ssrc: localSSRC, reports: Array(reports[start..<min(start + 31, reports.count)]))))
            }
        }
        guard !packets.isEmpty else { return }
        var buffer = ByteBuffer()
        RTCPCompoundPacket(packets: packets).write(into: &buffer)
        transport.sendRTCP(&buffer)
    }

    // MARK: - Reading and closing

    /// The counters now; starts a new latency interval.
    func takeCounters() -> BotCounters {
        var counters = BotCounters()
        counters.connected = isConnected
        for stream in outgoing {
            counters.packetsSent &+= stream.packetsSent
            counters.bytesSent &+= stream.bytesSent
            counters.retransmissionsSent &+= stream.retransmissionsSent
            counters.framesSkipped &+= stream.framesSkipped
        }
        counters.keyframeRequestsReceived = keyframeRequestsReceived
        counters.nacksReceived = nacksReceived
        for stream in incoming.values {
            let snapshot = stream.snapshot
            if stream.isVideo { counters.video.add(snapshot) } else { counters.audio.add(snapshot) }
            counters.streams.append(
                StreamReport(
                    subscriber: name, publisher: stream.publisher, kind: stream.isVideo ? "video" : "audio",
                    statistics: snapshot))
        }
        counters.startup = startupPhases
        counters.data = dataReceiver.counters
        counters.data.sent = dataSent
        counters.data.sendFailures = dataSendFailures
        counters.dataLatency = dataReceiver.latency
        counters.dataIntervalLatency = dataReceiver.intervalLatency
        dataReceiver.intervalLatency = LatencyHistogram()
        counters.latency = latency
        counters.intervalLatency = intervalLatency
        intervalLatency = LatencyHistogram()
        for worker in [publishWorker, subscribeWorker].compactMap({ $0 }) {
            counters.datagramsSent &+= worker.counters.datagramsSent
            counters.datagramsReceived &+= worker.counters.datagramsReceived
        }
        return counters
    }

    /// Stops sending and closes both transports (close_notify to the server).
    func stop() {
        closed = true
        tick?.cancel()
        tick = nil
        publishTransport?.close()
        subscribeTransport?.close()
    }

    /// The sockets, to close once the transports said goodbye.
    var workers: [MediaWorker] { [publishWorker, subscribeWorker].compactMap { $0 } }
}
