/// Errors from reading an Opus packet's TOC (RFC 6716 §3.1).
public enum OpusPacketError: Error, Sendable, Equatable {
    /// An empty packet has no TOC byte.
    case empty
    /// Frame count code 3 needs a frame count byte after the TOC.
    case missingFrameCountByte
    /// Code 3 with a frame count of zero, or more than 120 ms of audio (RFC 6716 §3.2.5).
    case badFrameCount(Int)
}

/// The duration of an Opus packet in 48 kHz samples, from its TOC byte (RFC 6716 §3.1).
public enum OpusPacketDuration {
    /// Samples at 48 kHz of one frame for a TOC configuration number (0...31).
    public static func samplesPerFrame(configuration: UInt8) -> Int {
        let config = Int(configuration & 0x1F)
        switch config {
        case 0...11:  // SILK-only: 10, 20, 40, 60 ms
            return [480, 960, 1920, 2880][config % 4]
        case 12...15:  // Hybrid: 10, 20 ms
            return [480, 960][config % 2]
        default:  // CELT-only: 2.5, 5, 10, 20 ms
            return [120, 240, 480, 960][config % 4]
        }
    }

    /// Total samples at 48 kHz in the packet: frame size times frame count (codes 0-3).
    public static func samples(in packet: some Collection<UInt8>) throws(OpusPacketError) -> Int {
        var bytes = packet.makeIterator()
        guard let toc = bytes.next() else { throw .empty }
        let perFrame = samplesPerFrame(configuration: toc >> 3)
        let count: Int
        switch toc & 0x03 {
        case 0: count = 1
        case 1, 2: count = 2
        default:
            guard let countByte = bytes.next() else { throw .missingFrameCountByte }
            count = Int(countByte & 0x3F)
        }
        // RFC 6716 §3.2.5: at least one frame, at most 120 ms.
        guard count >= 1, count * perFrame <= 5760 else { throw .badFrameCount(count) }
        return count * perFrame
    }
}
