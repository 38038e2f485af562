import NIOCore

/// One SCTP association over DTLS (RFC 9260, with RFC 3758 partial
/// reliability and RFC 6525 stream reset, as RFC 8831 uses them): a value
/// type fed packets, user messages and the time, returning `SCTPAction`s.
///
/// Driving it:
/// - `connect(now:)` sends INIT; WebRTC peers both do (RFC 8841 §10), and
///   an INIT collision resolves by RFC 9260 §5.2; a side that never calls
///   it still answers an INIT;
/// - every DTLS application-data record → `handle(packet:now:)`;
/// - user messages → `send(_:reliability:now:)`;
/// - at `nextDeadline` → `handleTimeout(now:)`.
///
/// Input that does not parse, or breaks the protocol, is counted in
/// `counters`; a peer that breaks it badly gets an ABORT. Nothing traps.
public struct SCTPAssociation: Sendable {
    public enum State: Sendable, Hashable {
        case closed, cookieWait, cookieEchoed, established
        case shutdownPending, shutdownSent, shutdownReceived, shutdownAckSent
    }

    public let configuration: SCTPAssociationConfiguration
    public internal(set) var state: State = .closed
    public internal(set) var counters = SCTPCounters()
    /// The negotiated stream counts (RFC 9260 §5.1.1), once established.
    public internal(set) var outboundStreamCount: UInt16 = 0
    public internal(set) var inboundStreamCount: UInt16 = 0

    let cookieKey: [UInt8]
    var random: SCTPRandom
    var localTag: UInt32
    var peerTag: UInt32 = 0
    var nextTSN: UInt32
    var peerSupportsForwardTSN = false
    var peerSupportsReconfig = false
    var terminated = false

    /// INIT, COOKIE-ECHO or SHUTDOWN* waiting for its answer (T1/T2 timers).
    var handshakeChunk: SCTPChunk?
    var handshakeDeadline: NIODeadline?
    var handshakeRetransmits = 0

    var receiver = SCTPReceiveTracker(peerInitialTSN: 0, maxAhead: 1)
    var reassembly: SCTPReassembly
    var sendQueue = SCTPSendQueue()
    var inFlight: SCTPRetransmissionQueue
    var congestion: SCTPCongestionControl
    var rto: SCTPRTOEstimator
    var peerWindow = 0
    var retransmitDeadline: NIODeadline?
    var consecutiveTimeouts = 0

    /// SACK state: data packets since the last SACK, and the delayed-ack timer.
    var dataPacketsSinceAck = 0
    var ackNow = false
    var delayedAckDeadline: NIODeadline?
    var forwardTSNNeeded = false

    var streamReset: SCTPStreamResetState

    /// Control chunks produced while handling one input, sent by `flush`.
    var outbox: [SCTPChunk] = []

    /// `cookieKey` signs state cookies; `seed` fixes the tags and TSNs
    /// (tests). Both are random unless given.
    public init(configuration: SCTPAssociationConfiguration = .init(), cookieKey: [UInt8]? = nil, seed: UInt64? = nil) {
        self.configuration = configuration
        var random = seed.map(SCTPRandom.init(seed:)) ?? SCTPRandom()
        self.cookieKey = cookieKey ?? (0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        localTag = random.nonZero32()
        nextTSN = UInt32(truncatingIfNeeded: random.next())
        self.random = random
        reassembly = SCTPReassembly(maxMessageSize: configuration.maxMessageSize)
        inFlight = SCTPRetransmissionQueue(initialTSN: nextTSN)
        congestion = SCTPCongestionControl(mtu: configuration.mtu, peerWindow: configuration.receiveWindow)
        rto = SCTPRTOEstimator(initial: configuration.rtoInitial, minimum: configuration.rtoMin, maximum: configuration.rtoMax)
        streamReset = SCTPStreamResetState(localInitialTSN: nextTSN, peerInitialTSN: 0)
    }

    public var isEstablished: Bool { state == .established }

    /// The tag our packets carry (the peer's initiate tag), 0 before the handshake.
    public var peerVerificationTag: UInt32 { peerTag }

    /// Whether the peer takes stream reset requests (RFC 6525), so a
    /// closed stream can be reused.
    public var supportsStreamReset: Bool { peerSupportsReconfig }

    /// Bytes accepted by `send` and not yet acknowledged.
    public var bufferedAmount: Int { sendQueue.bufferedBytes + inFlight.outstandingBytes }

    /// The earliest time `handleTimeout(now:)` has something to do.
    public var nextDeadline: NIODeadline? {
        [handshakeDeadline, retransmitDeadline, delayedAckDeadline, streamReset.deadline].compactMap { $0 }.min()
    }

    /// Sends INIT (RFC 9260 §5.1 A).
    public mutating func connect(now: NIODeadline) -> [SCTPAction] {
        guard state == .closed, !terminated else { return [] }
        let initChunk = SCTPChunk.initiation(ourInit(tag: localTag, tsn: nextTSN))
        state = .cookieWait
        startHandshakeTimer(initChunk, now: now)
        var actions: [SCTPAction] = []
        sendPacket([initChunk], tag: 0, into: &actions)
        return actions
    }

    /// Handles one SCTP packet from the peer.
    public mutating func handle(packet bytes: ByteBuffer, now: NIODeadline) -> [SCTPAction] {
        guard !terminated else { return [] }
        counters.packetsReceived &+= 1
        let packet: SCTPPacket
        do {
            packet = try SCTPPacket(parsing: bytes)
        } catch .badChecksum {
            counters.badChecksums &+= 1
            return []
        } catch {
            counters.malformedPackets &+= 1
            return []
        }
        guard packet.destinationPort == configuration.localPort, packet.sourcePort == configuration.remotePort else {
            counters.wrongPort &+= 1
            return []
        }
        var actions: [SCTPAction] = []
        guard acceptsTag(of: packet) else {
            counters.wrongVerificationTag &+= 1
            return []
        }
        var hadData = false
        for chunk in packet.chunks {
            guard !terminated else { break }
            if case .data = chunk { hadData = true }
            guard handle(chunk, in: packet, now: now, actions: &actions) else { break }
        }
        if hadData { noteDataPacket(now: now) }
        flush(now: now, actions: &actions)
        return actions
    }

    /// Handles one chunk; false stops processing the rest of the packet.
    private mutating func handle(_ chunk: SCTPChunk, in packet: SCTPPacket, now: NIODeadline, actions: inout [SCTPAction]) -> Bool {
        switch chunk {
        case .initiation(let initChunk): handleInit(initChunk, packet: packet, now: now, actions: &actions)
        case .initiationAck(let ack): handleInitAck(ack, now: now, actions: &actions)
        case .cookieEcho(let cookie): return handleCookieEcho(cookie, packet: packet, now: now, actions: &actions)
        case .cookieAck: handleCookieAck(now: now, actions: &actions)
        case .data(let data): handleData(data, now: now, actions: &actions)
        case .selectiveAck(let sack): handleSelectiveAck(sack, now: now, actions: &actions)
        case .forwardTSN(let forward): handleForwardTSN(forward, now: now, actions: &actions)
        case .reconfig(let reconfig): handleReconfig(reconfig, now: now, actions: &actions)
        case .heartbeat(let info):
            // RFC 9260 §8.3: echo the information unchanged.
            if state != .closed { outbox.append(.heartbeatAck(info: info)) }
        case .abort:
            close(.abortedByPeer, actions: &actions)
            return false
        case .shutdown(let ack): handleShutdown(cumulativeTSNAck: ack, now: now, actions: &actions)
        case .shutdownAck: handleShutdownAck(now: now, actions: &actions)
        case .shutdownComplete: handleShutdownComplete(actions: &actions)
        case .heartbeatAck, .error: break
        case .unknown(let type, _, _):
            counters.unknownChunks &+= 1
            // RFC 9260 §3.2: the two high bits say whether to go on and whether to report.
            let handling = SCTPChunkType.unknownHandling(type)
            if handling == .stopAndReport || handling == .skipAndReport, state != .closed {
                outbox.append(.error(causes: [SCTPErrorCause(code: SCTPErrorCause.unrecognizedChunkType, information: [type, 0, 0, 4])]))
            }
            return handling == .skip || handling == .skipAndReport
        }
        return true
    }

    /// RFC 9260 §8.5: INIT carries tag 0; ABORT and SHUTDOWN-COMPLETE with
    /// the T bit carry the sender's own tag; COOKIE-ECHO is checked against
    /// its cookie; everything else must carry our tag.
    private func acceptsTag(of packet: SCTPPacket) -> Bool {
        guard let first = packet.chunks.first else { return packet.verificationTag == localTag && state != .closed }
        switch first {
        case .initiation:
            return packet.verificationTag == 0 && packet.chunks.count == 1
        case .cookieEcho:
            return true
        case .abort(let reflected, _), .shutdownComplete(let reflected):
            return state != .closed && packet.verificationTag == (reflected ? peerTag : localTag)
        default:
            return state != .closed && packet.verificationTag == localTag
        }
    }

    /// Sends ABORT with `reason` and ends the association (RFC 9260 §9.1).
    public mutating func abort(reason: String, now: NIODeadline) -> [SCTPAction] {
        guard !terminated else { return [] }
        var actions: [SCTPAction] = []
        abortAssociation(SCTPErrorCause(code: SCTPErrorCause.userInitiatedAbort, information: Array(reason.utf8.prefix(64))),
            reason: reason, actions: &actions)
        return actions
    }

    /// Sends ABORT with `cause` to the peer and closes.
    mutating func abortAssociation(_ cause: SCTPErrorCause, reason: String, actions: inout [SCTPAction]) {
        if state != .closed || peerTag != 0 {
            sendPacket([.abort(reflected: false, causes: [cause])], tag: peerTag, into: &actions)
        }
        outbox = []
        close(.aborted(reason), actions: &actions)
    }

    mutating func close(_ reason: SCTPCloseReason, actions: inout [SCTPAction]) {
        guard !terminated else { return }
        terminated = true
        state = .closed
        handshakeDeadline = nil
        retransmitDeadline = nil
        delayedAckDeadline = nil
        streamReset.deadline = nil
        actions.append(.closed(reason))
    }

    /// One packet of `chunks` with verification tag `tag`.
    mutating func sendPacket(_ chunks: [SCTPChunk], tag: UInt32, into actions: inout [SCTPAction]) {
        let packet = SCTPPacket(
            sourcePort: configuration.localPort, destinationPort: configuration.remotePort, verificationTag: tag, chunks: chunks)
        counters.packetsSent &+= 1
        actions.append(.send(packet.serialized()))
    }
}
