import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

extension SignalingSession {
    func publish(sdp: String) async throws {
        let joined = try joined(for: "publish")
        let offer = try parseSDP(sdp, request: "publish")
        let client: ClientTransportParameters
        do {
            client = try ClientTransportParameters(from: offer)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: "publish")
        }
        let preferences = context.preferences
        let outbox = self.outbox
        let admission = context.admission
        let logger = self.logger
        let connection = joined.connection
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do {
                try connection.ensurePublishTransport(client: client)
            } catch {
                logger.error("publish transport failed", metadata: ["error": "\(error)"])
                return SignalingError(code: .internalError, message: "the media transport could not be set up", request: "publish")
            }
            do throws(RoomError) {
                let (answer, tracks) = try connection.room.publish(
                    connection.participant, offer: offer, transport: connection.publishTransportParameters,
                    preferences: preferences)
                outbox.send(.published(sdp: answer.serialized(), tracks: tracks.map(TrackInfo.init)))
                connection.enableDataChannels(publish: true)
                return nil
            } catch {
                if let limit = error.limitName { admission.count(limit) }
                return Self.signalingError(error, request: "publish")
            }
        }.get()
        if let failure { throw failure }
    }

    func answer(sdp: String) async throws {
        let joined = try joined(for: "answer")
        let answer = try parseSDP(sdp, request: "answer")
        let client: ClientTransportParameters
        do {
            client = try ClientTransportParameters(from: answer)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: "answer")
        }
        let connection = joined.connection
        let logger = self.logger
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do throws(RoomError) {
                try connection.room.applyAnswer(connection.participant, answer: answer, now: .now())
            } catch {
                return Self.signalingError(error, request: "answer")
            }
            do {
                try connection.ensureSubscribeTransport(client: client)
            } catch {
                logger.error("subscribe transport failed", metadata: ["error": "\(error)"])
                return SignalingError(code: .internalError, message: "the media transport could not be set up", request: "answer")
            }
            connection.enableDataChannels(publish: false)
            return nil
        }.get()
        if let failure { throw failure }
    }

    func applyTrackSettings(_ settings: TrackSettings) async throws {
        let joined = try joined(for: ClientMessage.TypeName.trackSettings)
        let connection = joined.connection
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do throws(RoomError) {
                try connection.room.setTrackSettings(connection.participant, TrackPreference(settings), now: .now())
                return nil
            } catch {
                return Self.signalingError(error, request: ClientMessage.TypeName.trackSettings)
            }
        }.get()
        if let failure { throw failure }
    }

    func parseSDP(_ text: String, request: String) throws -> SessionDescription {
        do {
            return try SessionDescription(parsing: text)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: request)
        }
    }

    static func signalingError(_ error: RoomError, request: String) -> SignalingError {
        switch error {
        case .full(let limit): SignalingError(code: .roomFull, message: "the room has \(limit) participants", request: request)
        case .notInRoom: SignalingError(code: .badRequest, message: "not in a room", request: request)
        case .duplicateParticipant: SignalingError(code: .internalError, message: "participant id in use", request: request)
        case .noOfferInFlight: SignalingError(code: .badRequest, message: "no offer is waiting for an answer", request: request)
        case .negotiation(let reason): SignalingError(code: .badSDP, message: reason, request: request)
        case .unknownTrack(let track): SignalingError(code: .badRequest, message: "not a track you receive: \(track)", request: request)
        case .tooManyMediaSections(let limit):
            SignalingError(code: .limitReached, message: "an offer may hold \(limit) m-lines", request: request)
        case .tooManyTracks(let limit):
            SignalingError(code: .limitReached, message: "a participant may publish \(limit) tracks", request: request)
        }
    }
}

extension RoomError {
    /// The `limits:` key that refused the request, if a limit did.
    var limitName: String? {
        switch self {
        case .full: "max_participants_per_room"
        case .tooManyMediaSections: "max_media_sections_per_offer"
        case .tooManyTracks: "max_tracks_per_participant"
        case .notInRoom, .noOfferInFlight, .unknownTrack, .negotiation, .duplicateParticipant: nil
        }
    }
}
