import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import SignalingMessages

/// The `/rtc` upgrade: who may open a signaling socket, and the session a
/// socket gets. Refusals are answered on the socket, where a page can read
/// why (the handshake itself can only fail with an empty 400).
struct SignalingEndpoint: Sendable {
    /// What the upgrade request says about a socket, read before the upgrade.
    struct Caller: Sendable {
        let remoteIP: String
        let originAllowed: Bool
        /// The relay token of the upgrade, when another node opens a relay.
        let relayToken: String?
        /// Closed at once when the socket stops reading (`SignalingOutbox`).
        let channel: any Channel
    }

    let context: ServerContext
    let origins: OriginPolicy
    /// Largest WebSocket message read.
    let maxMessageBytes: Int
    let logger: Logger

    func caller(of request: HTTPRequest, on channel: any Channel) -> Caller {
        Caller(
            remoteIP: channel.remoteAddress?.ipAddress ?? "unknown", originAllowed: origins.allows(request),
            relayToken: HTTPField.Name(RelayTokens.upgradeHeader).flatMap { request.headerFields[$0] }, channel: channel)
    }

    /// Serves the socket until either side ends it, or refuses it.
    func serve(_ caller: Caller, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        guard caller.originAllowed else {
            context.admission.count("allowed_origins")
            await SignalingSocket.refuse(
                outbound: outbound, error: SignalingError(code: .unauthorized, message: "this origin may not open /rtc"),
                logger: logger)
            return
        }
        // A relay whose token verifies is held to its node's relays, not to
        // the per-address limit; any other socket is a client's.
        let relay = await verifiedRelay(caller)
        do throws(AdmissionControl.Refusal) {
            if let relay {
                try context.admission.admitRelayConnection(
                    from: relay.relay, maxRelays: context.configuration.cluster.maxRelays)
            } else {
                try context.admission.admitConnection(from: caller.remoteIP)
            }
        } catch {
            await SignalingSocket.refuse(
                outbound: outbound, error: SignalingError(code: .limitReached, message: error.message), logger: logger)
            return
        }
        defer {
            if let relay {
                context.admission.release(relayFrom: relay.relay)
            } else {
                context.admission.release(connectionFrom: caller.remoteIP)
            }
        }
        let channel = caller.channel
        let outbox = SignalingOutbox(logger: logger, onStuck: { channel.close(promise: nil) })
        let session = SignalingSession(
            context: context, remoteIP: caller.remoteIP, outbox: outbox, admittedRelay: relay, logger: logger)
        // On SIGTERM the sockets end (their participants leave, so
        // recordings finish) instead of holding the shutdown open.
        try await cancelWhenGracefulShutdown {
            try await SignalingSocket.serve(
                session: session, inbound: inbound, outbound: outbound, maxMessageBytes: maxMessageBytes,
                limits: context.configuration.limits)
        }
    }

    /// The claims of the caller's relay token, when this node is in cascade
    /// placement and the token verifies (an HMAC: no database here).
    private func verifiedRelay(_ caller: Caller) async -> RelayClaims? {
        guard let token = caller.relayToken, let cascade = context.cascade else { return nil }
        return await cascade.tokens.claims(of: token)
    }
}
