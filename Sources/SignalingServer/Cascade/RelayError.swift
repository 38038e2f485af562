/// Why a relay to another node failed, said so an operator can act.
enum RelayError: Error, CustomStringConvertible {
    /// The far node's SDP could not be used.
    case badFarSDP(String)
    /// The far node refused the relay (its `error` message).
    case refused(String)
    /// This node's room refused the relay's tracks.
    case publishRefused(String)

    var description: String {
        switch self {
        case .badFarSDP(let why): "the far node's SDP is unusable: \(why)"
        case .refused(let why): "the far node refused the relay: \(why)"
        case .publishRefused(let why): "the relayed tracks were refused here: \(why)"
        }
    }
}
