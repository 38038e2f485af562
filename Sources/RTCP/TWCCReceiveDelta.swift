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
