import NIOCore

/// FORWARD-TSN (RFC 3758 §3.2): the receiver moves its cumulative TSN to
/// `newCumulativeTSN`, skipping abandoned messages, and on each ordered
/// stream listed skips up to and including the given SSN.
public struct SCTPForwardTSN: Sendable, Hashable {
    public struct SkippedStream: Sendable, Hashable {
        public var streamIdentifier: UInt16
        public var streamSequenceNumber: UInt16
        public init(streamIdentifier: UInt16, streamSequenceNumber: UInt16) {
            self.streamIdentifier = streamIdentifier
            self.streamSequenceNumber = streamSequenceNumber
        }
    }

    public var newCumulativeTSN: UInt32
    public var skipped: [SkippedStream]

    public init(newCumulativeTSN: UInt32, skipped: [SkippedStream] = []) {
        self.newCumulativeTSN = newCumulativeTSN
        self.skipped = skipped
    }

    init(reader: inout SCTPReader) throws(SCTPError) {
        guard reader.remaining >= 4 else { throw .chunkTooShort(type: SCTPChunkType.forwardTSN, length: reader.remaining + 4) }
        newCumulativeTSN = try reader.read()
        skipped = []
        skipped.reserveCapacity(reader.remaining / 4)
        while reader.remaining >= 4 {
            skipped.append(SkippedStream(streamIdentifier: try reader.read(), streamSequenceNumber: try reader.read()))
        }
    }

    func writeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(newCumulativeTSN)
        for entry in skipped {
            buffer.writeInteger(entry.streamIdentifier)
            buffer.writeInteger(entry.streamSequenceNumber)
        }
    }
}
