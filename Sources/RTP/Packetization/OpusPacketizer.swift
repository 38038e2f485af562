import NIOCore

/// Wraps Opus packets in RTP payloads (RFC 7587 §4.2): one packet per
/// payload, unchanged, and the RTP timestamp advanced by the packet's
/// duration at 48 kHz, read from its table of contents (RFC 6716 §3.1).
public struct OpusPacketizer: Sendable {
    /// One payload and the RTP timestamp it goes out with.
    public struct Output: Sendable, Hashable {
        /// The Opus packet, as given.
        public var payload: ByteBuffer
        /// The RTP timestamp for this packet.
        public var timestamp: UInt32
        /// Samples per channel at 48 kHz: the step to the next timestamp.
        public var sampleCount: Int
    }

    /// The timestamp the next packet gets.
    public private(set) var nextTimestamp: UInt32

    public init(firstTimestamp: UInt32 = 0) {
        self.nextTimestamp = firstTimestamp
    }

    /// Stamps one Opus packet and advances the timestamp by its duration.
    public mutating func packetize(_ packet: ByteBuffer) throws(PacketizationError) -> Output {
        let samples = try Self.sampleCount(of: packet)
        let output = Output(payload: packet, timestamp: nextTimestamp, sampleCount: samples)
        nextTimestamp &+= UInt32(samples)
        return output
    }

    /// Samples per channel at 48 kHz in an Opus packet: frame size from the
    /// TOC's configuration times the frame count from its code (RFC 6716
    /// §3.1, §3.2.5), at most 120 ms (5,760 samples).
    public static func sampleCount(of packet: ByteBuffer) throws(PacketizationError) -> Int {
        guard let toc = packet.getInteger(at: packet.readerIndex, as: UInt8.self), packet.readableBytes >= 1 else {
            throw .truncatedOpusPacket(at: 0, need: 1)
        }
        let configuration = Int(toc >> 3)
        let frameSamples: Int
        switch configuration {
        case 0...11:  // SILK: 10, 20, 40, 60 ms
            frameSamples = configuration % 4 == 3 ? 2_880 : 480 << (configuration % 4)
        case 12...15:  // hybrid: 10, 20 ms
            frameSamples = 480 << (configuration % 2)
        default:  // CELT: 2.5, 5, 10, 20 ms
            frameSamples = 120 << (configuration % 4)
        }
        let frames: Int
        switch toc & 0x03 {
        case 0: frames = 1
        case 1, 2: frames = 2
        default:
            guard packet.readableBytes >= 2, let count = packet.getInteger(at: packet.readerIndex + 1, as: UInt8.self)
            else { throw .truncatedOpusPacket(at: 1, need: 1) }
            frames = Int(count & 0x3F)
        }
        let samples = frames * frameSamples
        guard frames > 0, samples <= 5_760 else { throw .badOpusFrameCount(frames) }
        return samples
    }
}
