/// The direction attributes of RFC 8866 §6.7 (`a=sendrecv` etc.), written
/// as flag attributes named after the direction.
public enum MediaDirection: String, Hashable, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    /// The flag attribute, e.g. `a=sendonly`.
    public var attribute: SDPAttribute { SDPAttribute(name: rawValue) }

    /// The direction seen from the other side (sendonly <-> recvonly), as an
    /// answer mirrors an offer (RFC 8829 §5.3.1).
    public var reversed: MediaDirection {
        switch self {
        case .sendonly: .recvonly
        case .recvonly: .sendonly
        case .sendrecv, .inactive: self
        }
    }

    /// True for sendrecv and sendonly.
    public var sends: Bool { self == .sendrecv || self == .sendonly }
    /// True for sendrecv and recvonly.
    public var receives: Bool { self == .sendrecv || self == .recvonly }
}
