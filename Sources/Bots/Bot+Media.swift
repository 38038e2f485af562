import DTLS
import ICELite
import MediaNegotiation
import MediaTransport
import NIOCore
import SDP

/// The media calls a dialect makes: the publish offer, the server's answer
/// to it, answers to subscribe offers, and the shutdown. The same for
/// every server, whichever signaling carried the SDP.
extension Bot {
    func makeMedia() async throws -> NIOLoopBound<BotMedia> {
        if let existing = media.withLockedValue({ $0 }) { return existing }
        let environment = self.environment
        let log = sendLog
        let generation = joinState.withLockedValue { state in
            state.mediaGeneration += 1
            return state.mediaGeneration
        }
        let bound = try await eventLoop.submit { [eventLoop] in
            var logger = environment.logger
            logger[metadataKey: "bot"] = "\(self.configuration.name)"
            let media = BotMedia(
                eventLoop: eventLoop, name: self.configuration.name, dtlsContext: environment.dtlsContext, sendLog: log, logger: logger)
            media.verifyEvery = self.configuration.verifyEvery
            media.onTransportFailure = { [weak self] in self?.mediaFailed(generation: generation) }
            media.expectedVideoPublishers = self.configuration.expectedVideoPublishers
            media.startTicking(registry: environment.sendLogs)
            return NIOLoopBound(media, eventLoop: eventLoop)
        }.get()
        media.withLockedValue { $0 = bound }
        return bound
    }

    /// The publish PC's offer, as SDP text.
    func publishOffer() -> String {
        let plan = configuration.plan
        let layers = plan.simulcast ? 3 : 1
        let credentials = publishCredentials
        let builder = PublishOfferBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: environment.sdpFingerprint, plan: plan,
            streamID: "bot-\(configuration.name)", audioSSRC: self.ssrcs[0],
            videoSSRCs: (0..<layers).map { self.ssrcs[1 + $0] },
            videoRTXSSRCs: (0..<layers).map { self.ssrcs[4 + $0] })
        return builder.offer(sessionID: sdpSessionID).serialized()
    }

    /// The server answered the publish offer: connect and start the streams.
    func startPublishing(answerSDP: String) async throws {
        let answer = try Self.parse(answerSDP)
        let server = try Self.serverEndpoint(answer)
        let dataSection = answer.media.first { $0.media == "application" }
        let media = try await makeMedia()
        let worker = try await BotMedia.bindWorker(
            on: eventLoop, toward: server.host, dtlsContext: environment.dtlsContext, logger: environment.logger)
        let plan = configuration.plan
        let library = environment.library
        let credentials = publishCredentials
        let bot = self
        try await eventLoop.submit {
            var random = SystemRandomNumberGenerator()
            var streams: [OutgoingStream] = []
            let start = Int64(NIODeadline.now().uptimeNanoseconds)
            if plan.audio {
                streams.append(
                    OutgoingStream(
                        clip: library.audio, ssrc: bot.ssrcs[0],
                        payloadType: BotMediaPlan.opusPayloadType, rtxSSRC: nil, rtxPayloadType: nil,
                        mid: BotMediaPlan.audioMID, rid: nil, start: start, speed: plan.replaySpeed, random: &random))
            }
            if plan.video {
                for (layer, clip) in library.videoLayers.enumerated() {
                    streams.append(
                        OutgoingStream(
                            clip: clip, ssrc: bot.ssrcs[1 + layer],
                            payloadType: BotMediaPlan.vp8PayloadType,
                            rtxSSRC: bot.ssrcs[4 + layer],
                            rtxPayloadType: BotMediaPlan.rtxPayloadType, mid: BotMediaPlan.videoMID,
                            rid: plan.simulcast ? BotMediaPlan.simulcastRIDs[layer] : nil, start: start,
                            speed: plan.replaySpeed, random: &random))
                }
            }
            try media.value.startPublishing(
                worker: worker, remote: server.address, credentials: credentials,
                serverCredentials: server.credentials, fingerprint: server.fingerprint, dtlsRole: server.localDTLSRole,
                streams: streams)
            if plan.dataRate > 0 {
                media.value.dataSender = DataLoadSender(rate: plan.dataRate, messageBytes: plan.dataMessageBytes)
                media.value.enableDataChannels(on: media.value.publishTransport, remote: dataSection)
            }
        }.get()
    }

    /// Answers a subscribe offer; `publishers` maps its mids to the
    /// publishers' participant ids (for latency and the per-stream report).
    func answer(offerSDP: String, publishers: [String: String]) async throws -> String {
        let offer = try Self.parse(offerSDP)
        let media = try await makeMedia()
        let needsTransport = try await eventLoop.submit {
            media.value.expect(offer: offer, publishers: publishers)
            return !media.value.hasSubscribeTransport
        }.get()
        if needsTransport, offer.media.contains(where: { !$0.isRejected }) {
            let server = try Self.serverEndpoint(offer)
            let worker = try await BotMedia.bindWorker(
                on: eventLoop, toward: server.host, dtlsContext: environment.dtlsContext, logger: environment.logger)
            let credentials = subscribeCredentials
            try await eventLoop.submit {
                try media.value.startSubscribing(
                    worker: worker, remote: server.address, credentials: credentials,
                    serverCredentials: server.credentials, fingerprint: server.fingerprint, dtlsRole: server.localDTLSRole)
            }.get()
        }
        // Renegotiations keep the role the first answer chose (RFC 8842 §5.5).
        let role = try await eventLoop.submit { media.value.subscribeDTLSRole }.get()
        let setup: SetupRole = role == .server ? .passive : .active
        let credentials = subscribeCredentials
        var builder = SubscribeAnswerBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: environment.sdpFingerprint, setup: setup)
        // A load test with data rate receives the forwarded channels too.
        builder.acceptsDataChannels = configuration.plan.dataRate > 0
        if builder.acceptsDataChannels, let dataSection = offer.media.first(where: { $0.media == "application" }) {
            try await eventLoop.submit {
                media.value.enableDataChannels(on: media.value.subscribeTransport, remote: dataSection)
            }.get()
        }
        return builder.answer(offer, sessionID: sdpSessionID).serialized()
    }

    /// Stops the media and closes its sockets (idempotent).
    func shutDownMedia() async {
        guard let bound = media.withLockedValue({ $0 }) else { return }
        let workers: [MediaWorker] =
            (try? await eventLoop.submit {
                bound.value.stop()
                return bound.value.workers
            }.get()) ?? []
        // Let the close_notify alerts leave before the sockets close.
        try? await Task.sleep(for: .milliseconds(50))
        for worker in workers { try? await worker.close() }
    }

    private static func serverEndpoint(_ description: SessionDescription) throws(BotError) -> ICELiteServerEndpoint {
        do {
            return try ICELiteServerEndpoint(from: description)
        } catch {
            throw .badServerSDP(error.description)
        }
    }

    private static func parse(_ text: String) throws(BotError) -> SessionDescription {
        do {
            return try SessionDescription(parsing: text)
        } catch {
            throw .badServerSDP("\(error)")
        }
    }
}
