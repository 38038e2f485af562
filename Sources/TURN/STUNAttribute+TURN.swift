import NIOCore
import STUN

/// Builders for the TURN attributes (RFC 8656 §18), as raw-valued
/// `STUNAttribute`s the STUN writer puts on the wire as they are.
extension STUNAttribute {
    /// CHANNEL-NUMBER (§18.1).
    public static func channelNumber(_ number: UInt16) -> STUNAttribute {
        .unknown(type: .channelNumber, value: [UInt8(number >> 8), UInt8(truncatingIfNeeded: number), 0, 0])
    }

    /// LIFETIME (§18.2), seconds.
    public static func lifetime(_ seconds: UInt32) -> STUNAttribute {
        .unknown(type: .lifetime, value: (0..<4).map { UInt8(truncatingIfNeeded: seconds >> (24 - 8 * $0)) })
    }

    /// XOR-PEER-ADDRESS (§18.3) for a message with `transactionID`.
    public static func xorPeerAddress(_ address: STUNAddress, transactionID: STUNTransactionID) -> STUNAttribute {
        .unknown(type: .xorPeerAddress, value: address.xorValue(transactionID: transactionID))
    }

    /// XOR-RELAYED-ADDRESS (§18.5) for a message with `transactionID`.
    public static func xorRelayedAddress(_ address: STUNAddress, transactionID: STUNTransactionID) -> STUNAttribute {
        .unknown(type: .xorRelayedAddress, value: address.xorValue(transactionID: transactionID))
    }

    /// DATA (§18.4).
    public static func data(_ bytes: [UInt8]) -> STUNAttribute {
        .unknown(type: .data, value: bytes)
    }

    /// REQUESTED-ADDRESS-FAMILY (§18.6): 0x01 IPv4, 0x02 IPv6.
    public static func requestedAddressFamily(_ family: UInt8) -> STUNAttribute {
        .unknown(type: .requestedAddressFamily, value: [family, 0, 0, 0])
    }

    /// EVEN-PORT (§18.7).
    public static func evenPort(reserveNext: Bool) -> STUNAttribute {
        .unknown(type: .evenPort, value: [reserveNext ? 0x80 : 0])
    }

    /// REQUESTED-TRANSPORT (§18.8); 17 is UDP, the only one RFC 8656 defines.
    public static func requestedTransport(_ protocolNumber: UInt8 = 17) -> STUNAttribute {
        .unknown(type: .requestedTransport, value: [protocolNumber, 0, 0, 0])
    }

    /// DONT-FRAGMENT (§18.9).
    public static let dontFragment = STUNAttribute.unknown(type: .dontFragment, value: [])

    /// RESERVATION-TOKEN (§18.10).
    public static func reservationToken(_ token: UInt64) -> STUNAttribute {
        .unknown(type: .reservationToken, value: (0..<8).map { UInt8(truncatingIfNeeded: token >> (56 - 8 * $0)) })
    }
}
