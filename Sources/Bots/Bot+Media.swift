import ICELite
import NIOConcurrencyHelpers
import NIOCore
import SDP

/// The bot's media object (made once, on its event loop) and its publish
/// offer.
extension Bot {
    func makeMedia() async throws -> NIOLoopBound<BotMedia> {
        if let existing = media.withLockedValue({ $0 }) { return existing }
        let environment = self.environment
        let log = sendLog
        let bound = try await eventLoop.submit { [eventLoop] in
            var logger = environment.logger
            logger[metadataKey: "bot"] = "\(self.configuration.name)"
            let media = BotMedia(
                eventLoop: eventLoop, name: self.configuration.name, dtlsContext: environment.dtlsContext, sendLog: log, logger: logger)
            media.startTicking(registry: environment.sendLogs)
            return NIOLoopBound(media, eventLoop: eventLoop)
        }.get()
        media.withLockedValue { $0 = bound }
        return bound
    }

    func publishOffer(credentials: ICECredentials, sessionID: UInt64) -> SessionDescription {
        let plan = configuration.plan
        let layers = plan.simulcast ? 3 : 1
        let builder = PublishOfferBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: environment.sdpFingerprint, plan: plan,
            streamID: "bot-\(configuration.name)", audioSSRC: self.ssrcs[0],
            videoSSRCs: (0..<layers).map { self.ssrcs[1 + $0] },
            videoRTXSSRCs: (0..<layers).map { self.ssrcs[4 + $0] })
        return builder.offer(sessionID: sessionID)
    }
}
