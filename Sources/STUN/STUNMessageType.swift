/// The class of a STUN message: the two C bits of the message type (RFC 8489 §5).
public enum STUNMessageClass: UInt8, Sendable, Hashable, CaseIterable {
    case request = 0b00
    case indication = 0b01
    case successResponse = 0b10
    case errorResponse = 0b11
}

/// A STUN method: the 12 M bits of the message type (RFC 8489 §5). Binding
/// is named; every other method is kept as its number.
public struct STUNMethod: RawRepresentable, Sendable, Hashable {
    /// The method number, 0...0xFFF.
    public var rawValue: UInt16

    /// A method from its number; bits above the low 12 are dropped.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue & 0x0FFF
    }

    /// Binding (RFC 8489 §18.2).
    public static let binding = STUNMethod(rawValue: 0x001)
}

/// The 14-bit message type of a STUN header: a method and a class with the
/// class bits interleaved into the method bits (RFC 8489 §5, figure 3).
public struct STUNMessageType: Sendable, Hashable {
    public var method: STUNMethod
    public var messageClass: STUNMessageClass

    public init(method: STUNMethod, messageClass: STUNMessageClass) {
        self.method = method
        self.messageClass = messageClass
    }

    /// The type from the first 16 bits of a header; the top two bits are ignored.
    public init(rawValue: UInt16) {
        let method = (rawValue & 0x000F) | ((rawValue & 0x00E0) >> 1) | ((rawValue & 0x3E00) >> 2)
        let classBits = UInt8(truncatingIfNeeded: ((rawValue & 0x0010) >> 4) | ((rawValue & 0x0100) >> 7))
        self.method = STUNMethod(rawValue: method)
        // Two bits always name one of the four classes.
        self.messageClass = STUNMessageClass(rawValue: classBits) ?? .request
    }

    /// The 16 bits written in the header (top two bits zero).
    public var rawValue: UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7)
    }

    public static let bindingRequest = STUNMessageType(method: .binding, messageClass: .request)
    public static let bindingIndication = STUNMessageType(method: .binding, messageClass: .indication)
    public static let bindingSuccess = STUNMessageType(method: .binding, messageClass: .successResponse)
    public static let bindingError = STUNMessageType(method: .binding, messageClass: .errorResponse)
}

extension STUNMessageType: CustomStringConvertible {
    public var description: String {
        let name = method.name ?? "method 0x\(String(method.rawValue, radix: 16))"
        switch messageClass {
        case .request: return "\(name) request"
        case .indication: return "\(name) indication"
        case .successResponse: return "\(name) success response"
        case .errorResponse: return "\(name) error response"
        }
    }
}
