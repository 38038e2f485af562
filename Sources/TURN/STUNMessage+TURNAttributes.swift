import NIOCore
import STUN

/// Typed reading of the TURN attributes (RFC 8656 §18), which the STUN
/// parser keeps as raw values. Each accessor looks only at the effective
/// attributes (before MESSAGE-INTEGRITY) and throws when a present value
/// has the wrong shape, which a server answers with 400.
extension STUNMessage {
    /// CHANNEL-NUMBER (§18.1): the number, then 2 reserved bytes.
    public func channelNumber() throws(TURNError) -> UInt16? {
        guard let value = turnValue(.channelNumber) else { return nil }
        guard value.count == 4 else { throw .badAttributeLength(type: .channelNumber, length: value.count) }
        return UInt16(value[value.startIndex]) << 8 | UInt16(value[value.startIndex + 1])
    }

    /// LIFETIME (§18.2), seconds.
    public func lifetime() throws(TURNError) -> UInt32? {
        guard let value = turnValue(.lifetime) else { return nil }
        guard value.count == 4 else { throw .badAttributeLength(type: .lifetime, length: value.count) }
        return value.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Every XOR-PEER-ADDRESS (§18.3), in order; CreatePermission may carry several.
    public func xorPeerAddresses() throws(TURNError) -> [STUNAddress] {
        var addresses: [STUNAddress] = []
        for case .unknown(.xorPeerAddress, let value) in effectiveAttributes {
            do {
                addresses.append(try STUNAddress(xorValue: value, transactionID: transactionID, type: .xorPeerAddress))
            } catch {
                throw .badAddress(type: .xorPeerAddress, error)
            }
        }
        return addresses
    }

    /// XOR-RELAYED-ADDRESS (§18.5), as a client reads it from a success response.
    public func xorRelayedAddress() throws(TURNError) -> STUNAddress? {
        guard let value = turnValue(.xorRelayedAddress) else { return nil }
        do {
            return try STUNAddress(xorValue: value, transactionID: transactionID, type: .xorRelayedAddress)
        } catch {
            throw .badAddress(type: .xorRelayedAddress, error)
        }
    }

    /// DATA (§18.4): the application data, any length.
    public var turnData: [UInt8]? { turnValue(.data) }

    /// REQUESTED-ADDRESS-FAMILY (§18.6): the family byte (0x01, 0x02), then 3 reserved.
    public func requestedAddressFamily() throws(TURNError) -> UInt8? {
        guard let value = turnValue(.requestedAddressFamily) else { return nil }
        guard value.count == 4 else { throw .badAttributeLength(type: .requestedAddressFamily, length: value.count) }
        return value[value.startIndex]
    }

    /// EVEN-PORT (§18.7): nil when absent, else its R bit (reserve the next port too).
    public func evenPort() throws(TURNError) -> Bool? {
        guard let value = turnValue(.evenPort) else { return nil }
        guard value.count == 1 else { throw .badAttributeLength(type: .evenPort, length: value.count) }
        return value[value.startIndex] & 0x80 != 0
    }

    /// REQUESTED-TRANSPORT (§18.8): the IP protocol number (17 for UDP), then 3 reserved.
    public func requestedTransport() throws(TURNError) -> UInt8? {
        guard let value = turnValue(.requestedTransport) else { return nil }
        guard value.count == 4 else { throw .badAttributeLength(type: .requestedTransport, length: value.count) }
        return value[value.startIndex]
    }

    /// Whether DONT-FRAGMENT (§18.9) is present.
    public var dontFragment: Bool { turnValue(.dontFragment) != nil }

    /// Whether RESERVATION-TOKEN (§18.10) is present.
    public var hasReservationToken: Bool { turnValue(.reservationToken) != nil }

    /// The raw value of the first effective attribute of `type`.
    private func turnValue(_ type: STUNAttributeType) -> [UInt8]? {
        for case .unknown(let candidate, let value) in effectiveAttributes where candidate == type {
            return value
        }
        return nil
    }

    /// Comprehension-required attributes neither STUN nor TURN knows, for
    /// a 420 answer (RFC 8489 §6.3.1).
    public var unknownComprehensionRequiredForTURN: [STUNAttributeType] {
        unknownComprehensionRequired.filter { !STUNAttributeType.turn.contains($0) }
    }
}
