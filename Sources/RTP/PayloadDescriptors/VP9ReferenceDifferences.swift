/// Up to three VP9 reference index differences (P_DIFF), stored inline so
/// that parsing allocates nothing (RFC 9628 §4.2: 7 bits each in
/// flexible-mode descriptors, 8 bits in the scalability structure's picture
/// group entries).
public struct VP9ReferenceDifferences: RandomAccessCollection, Sendable, Hashable {
    private var first: UInt8 = 0
    private var second: UInt8 = 0
    private var third: UInt8 = 0
    /// How many differences are held, 0-3.
    public private(set) var count: Int = 0

    /// No differences.
    public init() {}

    /// The first three of `values` (any more are ignored).
    public init(_ values: some Sequence<UInt8>) {
        for value in values.prefix(3) { append(value) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> UInt8 {
        switch position {
        case 0: first
        case 1: second
        default: third
        }
    }

    /// Adds a difference; ignored when three are held.
    public mutating func append(_ value: UInt8) {
        switch count {
        case 0: first = value
        case 1: second = value
        case 2: third = value
        default: return
        }
        count += 1
    }
}
