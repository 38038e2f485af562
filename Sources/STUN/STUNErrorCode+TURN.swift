/// The error codes TURN adds (RFC 8656 §19).
extension STUNErrorCode {
    /// 403 Forbidden: the request is valid but refused (e.g. a peer policy).
    public static let forbidden = STUNErrorCode(code: 403, reason: "Forbidden")
    /// 437 Allocation Mismatch: no allocation, or one exists already.
    public static let allocationMismatch = STUNErrorCode(code: 437, reason: "Allocation Mismatch")
    /// 440 Address Family not Supported.
    public static let addressFamilyNotSupported = STUNErrorCode(code: 440, reason: "Address Family not Supported")
    /// 441 Wrong Credentials: not the username the allocation was made with.
    public static let wrongCredentials = STUNErrorCode(code: 441, reason: "Wrong Credentials")
    /// 442 Unsupported Transport Protocol.
    public static let unsupportedTransportProtocol = STUNErrorCode(code: 442, reason: "Unsupported Transport Protocol")
    /// 443 Peer Address Family Mismatch.
    public static let peerAddressFamilyMismatch = STUNErrorCode(code: 443, reason: "Peer Address Family Mismatch")
    /// 486 Allocation Quota Reached.
    public static let allocationQuotaReached = STUNErrorCode(code: 486, reason: "Allocation Quota Reached")
    /// 508 Insufficient Capacity.
    public static let insufficientCapacity = STUNErrorCode(code: 508, reason: "Insufficient Capacity")
}
