import NIOCore
import RTCP
import RTP
import RTPStreams

/// One stream a subscribing bot receives: reception statistics (RFC 3550
/// loss and jitter), NACK generation, VP8 frame completion, freezes, the
/// first keyframe, and latency against the publisher's send log.
/// Confined to the bot's event loop.
struct IncomingStream {
    let ssrc: UInt32
    let isVideo: Bool
    let sendLog: SendLog?
    /// The publishing participant's id.
    let publisher: String
    /// When the bot could first want this stream: its first keyframe is
    /// counted from here.
    let wantedSince: NIODeadline
    /// VP8 frame completion needs every packet decrypted; off when the bot
    /// only samples (`BotConfiguration.verifyEvery`).
    let tracksFrames: Bool
    var statistics: ReceiveStreamStatistics
    var nacks = NACKGenerator()
    private(set) var bytesReceived: UInt64 = 0
    private(set) var framesCompleted: UInt64 = 0
    private(set) var freezes: UInt64 = 0
    private(set) var freezeNanoseconds: Int64 = 0
    private(set) var firstKeyframeDelay: Int64?
    /// Spells of video on: each from a complete keyframe (a first packet
    /// when frames are not tracked) to the last video before a stop of
    /// more than `stopThreshold` (a pause, not jitter), the last one
    /// maybe still going; the first `maxSpells` only.
    private(set) var onSpells: [VideoSpell] = []
    private var spellOpen = false
    private var lastVideoAt: NIODeadline?
    private(set) var nacksSent: UInt64 = 0
    /// The frame being assembled: its timestamp, the next sequence number
    /// expected, and whether it is still whole (started, no gap).
    private var frameTimestamp: UInt32?
    private var expectedSequence: UInt16 = 0
    private var frameWhole = false
    private var frameIsKeyframe = false
    private var lastFrameCompleted: Int64?
    /// A freeze, as WebRTC's statistics count them: more than this between
    /// two completed frames.
    static let freezeThreshold: Int64 = 500_000_000
    /// No video for this long: the stream was stopped (paused by the server).
    static let stopThreshold = TimeAmount.seconds(1)
    static let maxSpells = 32

    init(
        ssrc: UInt32, clockRate: UInt32, isVideo: Bool, publisher: String = "", wantedSince: NIODeadline,
        sendLog: SendLog?, tracksFrames: Bool = true
    ) {
        self.tracksFrames = tracksFrames
        self.ssrc = ssrc
        self.wantedSince = wantedSince
        self.publisher = publisher
        self.isVideo = isVideo
        self.sendLog = sendLog
        statistics = ReceiveStreamStatistics(clockRate: clockRate)
    }

    /// Records one packet; returns the latency sample in microseconds when
    /// the payload is found in the publisher's send log. An unverified
    /// packet (still encrypted) counts by its header only.
    mutating func receive(_ packet: RTPPacket, size: Int, now: NIODeadline, verified: Bool = true) -> Double? {
        statistics.onPacket(sequenceNumber: packet.sequenceNumber, rtpTimestamp: packet.timestamp, arrival: now)
        _ = nacks.onPacket(sequenceNumber: packet.sequenceNumber, now: now)
        bytesReceived &+= UInt64(size)
        if isVideo, !tracksFrames { videoArrived(at: now, decodable: true) }
        guard verified else { return nil }
        let payload = packet.payload
        if isVideo && tracksFrames { trackFrame(packet, payload: payload, now: now) }
        guard let sendLog, let key = PayloadKey.key(payload: payload, isVP8: isVideo),
            let sent = sendLog.sendTime(of: key)
        else { return nil }
        return Double(now.uptimeNanoseconds) / 1_000 - Double(sent) / 1_000
    }

    /// Frame completion for VP8 (RFC 7741 §4.2): a frame is complete when
    /// its packets, from the one with S=1 and partition 0 through the one
    /// with the marker, arrived in sequence. A late retransmission does not
    /// complete a frame here: what counts is what a decoder got in time.
    private mutating func trackFrame(_ packet: RTPPacket, payload: ByteBuffer, now: NIODeadline) {
        guard let descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return }
        if descriptor.isStartOfPartition && descriptor.partitionIndex == 0 {
            frameTimestamp = packet.timestamp
            frameWhole = true
            frameIsKeyframe = descriptor.startsKeyframe(payload: payload)
        } else if packet.timestamp != frameTimestamp || packet.sequenceNumber != expectedSequence {
            frameWhole = false
        }
        expectedSequence = packet.sequenceNumber &+ 1
        guard packet.marker, frameWhole, packet.timestamp == frameTimestamp else { return }
        frameWhole = false
        framesCompleted &+= 1
        let time = Int64(now.uptimeNanoseconds)
        videoArrived(at: now, decodable: frameIsKeyframe)
        if let last = lastFrameCompleted, time - last > Self.freezeThreshold {
            freezes &+= 1
            freezeNanoseconds += time - last
        }
        lastFrameCompleted = time
        if frameIsKeyframe, firstKeyframeDelay == nil {
            firstKeyframeDelay = (now - wantedSince).nanoseconds
        }
    }

    /// Video (a completed frame, or a packet) arrived; after a stop it is
    /// on again from the next one a decoder can start from.
    private mutating func videoArrived(at now: NIODeadline, decodable: Bool) {
        if let last = lastVideoAt, now - last > Self.stopThreshold { spellOpen = false }
        lastVideoAt = now
        if spellOpen {
            onSpells[onSpells.count - 1].end = now
        } else if decodable, onSpells.count < Self.maxSpells {
            onSpells.append(VideoSpell(start: now, end: now))
            spellOpen = true
        }
    }

    /// A NACK for what is missing now, if anything (RFC 4585 §6.2.1).
    mutating func dueNACK(senderSSRC: UInt32, now: NIODeadline) -> TransportLayerNACK? {
        let nack = nacks.nack(senderSSRC: senderSSRC, mediaSSRC: ssrc, now: now, rtt: .milliseconds(20))
        if let nack { nacksSent &+= UInt64(nack.lostSequenceNumbers.count) }
        return nack
    }

    var snapshot: StreamStatistics {
        var stats = StreamStatistics()
        stats.streams = 1
        stats.packetsReceived = statistics.packetsReceived
        stats.packetsLost = max(0, statistics.cumulativeLost)
        stats.bytesReceived = bytesReceived
        stats.jitterMillisecondsSum = Double(statistics.jitter) * 1_000 / Double(statistics.clockRate)
        stats.framesCompleted = framesCompleted
        stats.freezes = freezes
        stats.freezeMilliseconds = Double(freezeNanoseconds) / 1_000_000
        if let firstKeyframeDelay {
            let milliseconds = Double(firstKeyframeDelay) / 1_000_000
            stats.firstKeyframeMillisecondsSum = milliseconds
            stats.firstKeyframeMillisecondsMax = milliseconds
            stats.streamsWithKeyframe = 1
        }
        stats.nacksSent = nacksSent
        return stats
    }
}

/// A time a video stream was on without a stop.
struct VideoSpell: Sendable, Hashable {
    var start: NIODeadline
    var end: NIODeadline

    /// Whether the video was on all through `start...start + duration`.
    func covers(_ start: NIODeadline, for duration: TimeAmount) -> Bool {
        self.start <= start && end >= start + duration
    }
}
