/// Which server a load test drives, and so which dialect its bots speak.
public enum LoadTestTarget: String, Sendable, Hashable, Codable, CaseIterable {
    /// Switchboard's signaling contract (docs/protocol.md).
    case switchboard
    /// Janus's VideoRoom plugin over its WebSocket transport.
    case janus

    var signaling: any BotSignaling {
        switch self {
        case .switchboard: ContractSignaling()
        case .janus: JanusSignaling()
        }
    }
}
