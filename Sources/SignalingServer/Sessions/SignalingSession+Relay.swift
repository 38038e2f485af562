import Rooms
import SignalingMessages

extension SignalingSession {
    /// The role of a `join`: `.none` for a client; for a relay from
    /// another node of the cascade, `.subscriber(node)` once its token
    /// verifies and its node is registered and live. Anything else is a
    /// clear `unauthorized` error, counted by reason.
    func admitRelay(_ request: JoinRequest) async throws -> RelayRole {
        guard let node = request.relay else { return .none }
        guard let cascade = context.cascade, let cluster = context.cluster else {
            context.relayRefusals.count(.notCascade)
            throw refusedRelay("this node is not in cascade placement", node: node)
        }
        guard let token = request.token, await cascade.tokens.verify(token, relay: node, room: request.room) else {
            context.relayRefusals.count(.badToken)
            throw refusedRelay("the relay token does not verify", node: node)
        }
        guard await cluster.isLivePeer(node) else {
            context.relayRefusals.count(.unregistered)
            throw refusedRelay("node \(node) is not a registered live node of the cluster", node: node)
        }
        logger.info("relay admitted", metadata: ["room": "\(request.room)", "far": "\(node)"])
        return .subscriber(node: node)
    }

    private func refusedRelay(_ message: String, node: String) -> SignalingError {
        logger.warning("relay refused", metadata: ["far": "\(node)", "why": "\(message)"])
        return SignalingError(code: .unauthorized, message: "relay refused: \(message)", request: "join")
    }
}
