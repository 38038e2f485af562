/// Packs a stream of status symbols into the fewest chunks the way
/// libwebrtc's `TransportFeedback::LastChunk` does: symbols collect until
/// the next one fits no chunk kind, then the collected ones are emitted as a
/// run length (all the same), a one-bit vector (14, no large deltas) or a
/// two-bit vector of the first 7.
struct TWCCChunkEncoder {
    private static let oneBitCapacity = 14
    private static let twoBitCapacity = 7

    /// The first 14 pending symbols, two bits each, symbol i at bits 2i.
    private var pending: UInt32 = 0
    /// Pending symbols (beyond 14 only while they are all the same).
    private var size = 0
    private var allSame = true
    private var hasLarge = false
    private(set) var chunks: [TWCCPacketChunk] = []

    private func pendingSymbol(_ index: Int) -> TWCCStatusSymbol {
        TWCCStatusSymbol(rawValue: UInt8(pending >> (2 * index) & 0x3)) ?? .notReceived
    }

    private func canAdd(_ symbol: TWCCStatusSymbol) -> Bool {
        if size < Self.twoBitCapacity { return true }
        if size < Self.oneBitCapacity, !hasLarge, symbol != .receivedLargeDelta { return true }
        if size < Int(TWCCPacketChunk.maxRunLength), allSame, pendingSymbol(0) == symbol { return true }
        return false
    }

    mutating func add(_ symbol: TWCCStatusSymbol) {
        if !canAdd(symbol) {
            chunks.append(emit())
        }
        if size < Self.oneBitCapacity {
            pending |= UInt32(symbol.rawValue) << (2 * size)
        }
        size += 1
        allSame = allSame && symbol == pendingSymbol(0)
        hasLarge = hasLarge || symbol == .receivedLargeDelta
    }

    /// The chunks, the pending symbols flushed into a last one.
    mutating func finish() -> [TWCCPacketChunk] {
        if size > 0 {
            if allSame {
                chunks.append(.runLength(pendingSymbol(0), length: UInt16(size)))
            } else if size <= Self.twoBitCapacity {
                chunks.append(twoBitVector(count: size))
            } else {
                chunks.append(oneBitVector())
            }
            clear()
        }
        return chunks
    }

    private mutating func emit() -> TWCCPacketChunk {
        if allSame {
            defer { clear() }
            return .runLength(pendingSymbol(0), length: UInt16(size))
        }
        if size == Self.oneBitCapacity {
            defer { clear() }
            return oneBitVector()
        }
        // Mixed with a large delta: send 7 as two-bit symbols, keep the rest.
        let chunk = twoBitVector(count: Self.twoBitCapacity)
        pending >>= 2 * UInt32(Self.twoBitCapacity)
        size -= Self.twoBitCapacity
        allSame = true
        hasLarge = false
        for index in 0..<size {
            allSame = allSame && pendingSymbol(index) == pendingSymbol(0)
            hasLarge = hasLarge || pendingSymbol(index) == .receivedLargeDelta
        }
        return chunk
    }

    private mutating func clear() {
        pending = 0
        size = 0
        allSame = true
        hasLarge = false
    }

    private func oneBitVector() -> TWCCPacketChunk {
        var bits: UInt16 = 0
        for index in 0..<min(size, Self.oneBitCapacity) {
            bits |= UInt16(pendingSymbol(index).rawValue & 1) << (13 - index)
        }
        return .oneBitVector(bits)
    }

    private func twoBitVector(count: Int) -> TWCCPacketChunk {
        var bits: UInt16 = 0
        for index in 0..<count {
            bits |= UInt16(pendingSymbol(index).rawValue) << (2 * (6 - index))
        }
        return .twoBitVector(bits)
    }
}
