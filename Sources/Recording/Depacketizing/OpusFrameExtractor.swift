import NIOCore
import RTP

/// Takes Opus frames out of RTP packets in sequence order (RFC 7587): each
/// payload is one Opus packet, every one decodable on its own. Counts the
/// packets missing before each one, and reads the RFC 6464 audio level
/// when given its extension id.
public struct OpusFrameExtractor: Sendable {
    /// One Opus packet and what came with it.
    public struct Output: Sendable, Hashable {
        /// The Opus packet (`isKeyframe` is always true).
        public var frame: AssembledFrame
        /// Packets missing (by sequence number) since the previous output.
        public var lostBefore: Int
        /// The RFC 6464 audio level, when the extension id was given and
        /// the packet carries a valid one.
        public var audioLevel: AudioLevelExtension?
    }

    /// The largest Opus packet kept: 120 ms (the longest packet) at
    /// 510 kbit/s (the top rate), RFC 6716 §2 and §3.2.5.
    public static let defaultMaxFrameBytes = 7_650

    /// The negotiated id of `urn:ietf:params:rtp-hdrext:ssrc-audio-level`.
    public var audioLevelExtensionID: UInt8?
    /// The largest packet kept; larger ones are dropped, counted and
    /// reported as lost.
    public let maxFrameBytes: Int
    /// Packets dropped for being larger than `maxFrameBytes`, since the start.
    public private(set) var oversizeFramesDropped = 0
    private var lastSequence: UInt16?
    private var pendingLost = 0

    public init(audioLevelExtensionID: UInt8? = nil, maxFrameBytes: Int = Self.defaultMaxFrameBytes) {
        self.audioLevelExtensionID = audioLevelExtensionID
        self.maxFrameBytes = max(maxFrameBytes, 1)
    }

    /// Takes the next packet of the stream (from `ReorderBuffer`); nil for
    /// an empty payload (padding) or an oversize one.
    public mutating func push(_ packet: RTPPacket) -> Output? {
        let sequence = packet.sequenceNumber
        pendingLost += lastSequence.map { Int(sequence &- $0 &- 1) } ?? 0
        lastSequence = sequence
        let payload = packet.payload
        guard payload.readableBytes > 0 else { return nil }
        guard payload.readableBytes <= maxFrameBytes else {
            oversizeFramesDropped += 1
            pendingLost += 1
            return nil
        }
        let lost = pendingLost
        pendingLost = 0
        let level = audioLevelExtensionID.flatMap { try? packet.extensionValue(AudioLevelExtension.self, id: $0) }
        let frame = AssembledFrame(
            data: payload, rtpTimestamp: packet.timestamp, isKeyframe: true, firstSequence: sequence,
            lastSequence: sequence)
        return Output(frame: frame, lostBefore: lost, audioLevel: level)
    }
}
