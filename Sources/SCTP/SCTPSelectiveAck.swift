import NIOCore

/// SACK (RFC 9260 §3.3.4): the cumulative TSN, the receiver's window, gap
/// blocks of TSNs received beyond it (offsets from the cumulative TSN) and
/// duplicates.
public struct SCTPSelectiveAck: Sendable, Hashable {
    public struct GapBlock: Sendable, Hashable {
        public var start: UInt16
        public var end: UInt16
        public init(start: UInt16, end: UInt16) {
            self.start = start
            self.end = end
        }
    }

    public var cumulativeTSNAck: UInt32
    public var advertisedReceiverWindow: UInt32
    public var gapBlocks: [GapBlock]
    public var duplicateTSNs: [UInt32]

    public init(cumulativeTSNAck: UInt32, advertisedReceiverWindow: UInt32, gapBlocks: [GapBlock] = [], duplicateTSNs: [UInt32] = []) {
        self.cumulativeTSNAck = cumulativeTSNAck
        self.advertisedReceiverWindow = advertisedReceiverWindow
        self.gapBlocks = gapBlocks
        self.duplicateTSNs = duplicateTSNs
    }

    init(reader: inout SCTPReader) throws(SCTPError) {
        guard reader.remaining >= 12 else { throw .chunkTooShort(type: SCTPChunkType.selectiveAck, length: reader.remaining + 4) }
        cumulativeTSNAck = try reader.read()
        advertisedReceiverWindow = try reader.read()
        let gapCount = Int(try reader.read(UInt16.self))
        let duplicateCount = Int(try reader.read(UInt16.self))
        // The counts must fit the chunk: checked before any allocation.
        guard gapCount * 4 + duplicateCount * 4 <= reader.remaining else {
            throw .truncated(at: reader.offset, need: gapCount * 4 + duplicateCount * 4)
        }
        gapBlocks = []
        gapBlocks.reserveCapacity(gapCount)
        for _ in 0..<gapCount { gapBlocks.append(GapBlock(start: try reader.read(), end: try reader.read())) }
        duplicateTSNs = []
        duplicateTSNs.reserveCapacity(duplicateCount)
        for _ in 0..<duplicateCount { duplicateTSNs.append(try reader.read()) }
    }

    func writeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(cumulativeTSNAck)
        buffer.writeInteger(advertisedReceiverWindow)
        buffer.writeInteger(UInt16(truncatingIfNeeded: gapBlocks.count))
        buffer.writeInteger(UInt16(truncatingIfNeeded: duplicateTSNs.count))
        for block in gapBlocks {
            buffer.writeInteger(block.start)
            buffer.writeInteger(block.end)
        }
        for tsn in duplicateTSNs { buffer.writeInteger(tsn) }
    }
}
