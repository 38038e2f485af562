/// The methods TURN adds to the STUN method registry (RFC 8656 §17).
extension STUNMethod {
    /// Allocate (RFC 8656 §7): request a relayed transport address.
    public static let allocate = STUNMethod(rawValue: 0x003)
    /// Refresh (RFC 8656 §8): extend or end an allocation.
    public static let refresh = STUNMethod(rawValue: 0x004)
    /// Send (RFC 8656 §11.1): an indication carrying data to a peer.
    public static let send = STUNMethod(rawValue: 0x006)
    /// Data (RFC 8656 §11.4): an indication carrying data from a peer.
    public static let data = STUNMethod(rawValue: 0x007)
    /// CreatePermission (RFC 8656 §9).
    public static let createPermission = STUNMethod(rawValue: 0x008)
    /// ChannelBind (RFC 8656 §12).
    public static let channelBind = STUNMethod(rawValue: 0x009)

    /// The method's name for messages and logs, or nil for a number only.
    public var name: String? {
        switch self {
        case .binding: return "Binding"
        case .allocate: return "Allocate"
        case .refresh: return "Refresh"
        case .send: return "Send"
        case .data: return "Data"
        case .createPermission: return "CreatePermission"
        case .channelBind: return "ChannelBind"
        default: return nil
        }
    }
}
