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
            channel: channel)
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
        do throws(AdmissionControl.Refusal) {
            try context.admission.admitConnection(from: caller.remoteIP)
        } catch {
            await SignalingSocket.refuse(
                outbound: outbound, error: SignalingError(code: .limitReached, message: error.message), logger: logger)
            return
        }
        defer { context.admission.release(connectionFrom: caller.remoteIP) }
        let channel = caller.channel
        let outbox = SignalingOutbox(logger: logger, onStuck: { channel.close(promise: nil) })
        let session = SignalingSession(context: context, remoteIP: caller.remoteIP, outbox: outbox, logger: logger)
        // On SIGTERM the sockets end (their participants leave, so
        // recordings finish) instead of holding the shutdown open.
        try await cancelWhenGracefulShutdown {
            try await SignalingSocket.serve(
                session: session, inbound: inbound, outbound: outbound, maxMessageBytes: maxMessageBytes,
                limits: context.configuration.limits)
        }
    }
}
