/// Serial-number order for TSNs and SSNs (RFC 9260 §1.6, RFC 1982): `a`
/// precedes `b` when `b` is less than half the number space ahead.
extension UInt32 {
    func precedes(_ other: UInt32) -> Bool { self != other && Int32(bitPattern: self &- other) < 0 }
    func precedesOrEquals(_ other: UInt32) -> Bool { self == other || precedes(other) }
}

extension UInt16 {
    func precedes(_ other: UInt16) -> Bool { self != other && Int16(bitPattern: self &- other) < 0 }
    func precedesOrEquals(_ other: UInt16) -> Bool { self == other || precedes(other) }
}
