/// The status of one packet in transport-wide CC feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).
public enum TWCCStatusSymbol: UInt8, Sendable, Hashable, CaseIterable {
    case notReceived = 0
    /// Received; its receive delta takes one byte.
    case receivedSmallDelta = 1
    /// Received; its receive delta takes two bytes (or is negative).
    case receivedLargeDelta = 2
}

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

/// One receive delta of transport-wide CC feedback (§3.1.5), in 250 µs ticks.
public enum TWCCReceiveDelta: Sendable, Hashable {
    /// 0 ... 63.75 ms, one byte.
    case small(UInt8)
    /// -8192 ... 8191.75 ms, two bytes.
    case large(Int16)

    /// Microseconds in one tick.
    public static let microsecondsPerTick: Int64 = 250

    /// The delta in 250 µs ticks.
    public var ticks: Int64 {
        switch self {
        case .small(let value): Int64(value)
        case .large(let value): Int64(value)
        }
    }

    /// The delta in microseconds.
    public var microseconds: Int64 {
        ticks * Self.microsecondsPerTick
    }

    /// The smallest encoding of `ticks`, nil outside Int16 range.
    public init?(ticks: Int64) {
        if let small = UInt8(exactly: ticks) {
            self = .small(small)
        } else if let large = Int16(exactly: ticks) {
            self = .large(large)
        } else {
            return nil
        }
    }

    /// The status symbol that announces this delta.
    public var symbol: TWCCStatusSymbol {
        switch self {
        case .small: .receivedSmallDelta
        case .large: .receivedLargeDelta
        }
    }

    /// Bytes on the wire.
    var size: Int {
        switch self {
        case .small: 1
        case .large: 2
        }
    }
}
