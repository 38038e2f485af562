/// One 16-bit packet status chunk of transport-wide CC feedback (§3.1.3,
/// §3.1.4). Vectors keep their 14 raw bits so any chunk round-trips.
public enum TWCCPacketChunk: Sendable, Hashable {
    /// `length` (0...8191) consecutive packets with the same status.
    case runLength(TWCCStatusSymbol, length: UInt16)
    /// 14 one-bit symbols in the low 14 bits, first packet in the highest
    /// bit: 0 not received, 1 received with a small delta.
    case oneBitVector(UInt16)
    /// 7 two-bit symbols in the low 14 bits, first packet highest.
    case twoBitVector(UInt16)

    /// Largest run a run-length chunk holds (13 bits).
    public static let maxRunLength: UInt16 = 0x1FFF

    /// Decodes a chunk; the reserved two-bit symbol 11 is `badTWCCChunk`.
    /// `at` is the chunk's offset, for the error.
    init(raw: UInt16, at offset: Int) throws(RTCPError) {
        if raw & 0x8000 == 0 {
            guard let symbol = TWCCStatusSymbol(rawValue: UInt8(raw >> 13 & 0x3)) else {
                throw .badTWCCChunk(at: offset)
            }
            self = .runLength(symbol, length: raw & Self.maxRunLength)
        } else if raw & 0x4000 == 0 {
            self = .oneBitVector(raw & 0x3FFF)
        } else {
            // Each two-bit symbol is 11 exactly when both of its bits are set.
            let bits = raw & 0x3FFF
            guard bits & (bits >> 1) & 0x1555 == 0 else { throw .badTWCCChunk(at: offset) }
            self = .twoBitVector(bits)
        }
    }

    /// One-bit vector of up to 14 symbols (only not-received and small).
    public init(oneBit symbols: some Collection<TWCCStatusSymbol>) {
        var bits: UInt16 = 0
        for (index, symbol) in symbols.prefix(14).enumerated() {
            bits |= UInt16(symbol.rawValue & 1) << (13 - index)
        }
        self = .oneBitVector(bits)
    }

    /// Two-bit vector of up to 7 symbols.
    public init(twoBit symbols: some Collection<TWCCStatusSymbol>) {
        var bits: UInt16 = 0
        for (index, symbol) in symbols.prefix(7).enumerated() {
            bits |= UInt16(symbol.rawValue) << (2 * (6 - index))
        }
        self = .twoBitVector(bits)
    }

    /// The 16 bits on the wire.
    public var rawValue: UInt16 {
        switch self {
        case .runLength(let symbol, let length): UInt16(symbol.rawValue) << 13 | length & Self.maxRunLength
        case .oneBitVector(let bits): 0x8000 | bits & 0x3FFF
        case .twoBitVector(let bits): 0xC000 | bits & 0x3FFF
        }
    }

    /// Packets this chunk describes.
    public var symbolCount: Int {
        switch self {
        case .runLength(_, let length): Int(length & Self.maxRunLength)
        case .oneBitVector: 14
        case .twoBitVector: 7
        }
    }

    /// Status of the `index`-th packet of the chunk (0 ..< symbolCount). A
    /// hand-built two-bit vector's reserved symbol reads as not received.
    public func symbol(at index: Int) -> TWCCStatusSymbol {
        switch self {
        case .runLength(let symbol, _):
            return symbol
        case .oneBitVector(let bits):
            return bits >> (13 - index) & 1 == 1 ? .receivedSmallDelta : .notReceived
        case .twoBitVector(let bits):
            return TWCCStatusSymbol(rawValue: UInt8(bits >> (2 * (6 - index)) & 0x3)) ?? .notReceived
        }
    }

    /// The statuses of the chunk's packets, in order.
    public var symbols: [TWCCStatusSymbol] {
        (0..<symbolCount).map(symbol(at:))
    }
}
