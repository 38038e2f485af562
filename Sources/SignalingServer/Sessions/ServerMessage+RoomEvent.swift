import MediaNegotiation
import Rooms
import SignalingMessages

/// The one place where the room's events become contract messages
/// (docs/protocol.md): the WebSocket session's wire form of `RoomEvent`.
/// Only a relay (`toRelay`) hears which participants came in by relays.
extension ServerMessage {
    init(_ event: RoomEvent, toRelay: Bool = false) {
        switch event {
        case .participantJoined(let participant):
            self = .participantJoined(ParticipantInfo(participant, toRelay: toRelay))
        case .participantLeft(let participant):
            self = .participantLeft(ParticipantInfo(participant, toRelay: toRelay))
        case .tracks(let participant, let tracks):
            self = .tracks(participant: participant, tracks: tracks.map(TrackInfo.init))
        case .offer(let sdp, let tracks):
            self = .offer(sdp: sdp, tracks: tracks.map(TrackInfo.init))
        case .trackPaused(let track):
            self = .trackPaused(track: track)
        case .trackResumed(let track):
            self = .trackResumed(track: track)
        case .activeSpeaker(let participants):
            self = .activeSpeaker(participants: participants)
        case .layersWanted(let track, let rids):
            self = .layersWanted(track: track, rids: rids)
        case .recording(let notice):
            self = .recording(RecordingStatus(notice))
        }
    }
}

extension ParticipantInfo {
    init(_ participant: ParticipantSnapshot, toRelay: Bool = false) {
        self.init(id: participant.id, name: participant.name, relay: toRelay ? participant.relayedFrom : nil)
    }
}

extension ParticipantSummary {
    init(_ member: MemberSnapshot, toRelay: Bool = false) {
        self.init(
            id: member.participant.id, name: member.participant.name, tracks: member.tracks.map(TrackInfo.init),
            relay: toRelay ? member.participant.relayedFrom : nil)
    }
}

extension TrackInfo {
    init(_ track: TrackSnapshot) {
        self.init(id: track.id, kind: TrackKind(track.kind), participant: track.participant, mid: track.mid)
    }
}

extension TrackKind {
    init(_ kind: MediaKind) {
        switch kind {
        case .audio: self = .audio
        case .video: self = .video
        }
    }
}

extension RecordingStatus {
    init(_ notice: RecordingNotice) {
        let state: State = switch notice.state {
        case .started: .started
        case .stopped: .stopped
        case .failed: .failed
        }
        self.init(state: state, room: notice.room, id: notice.id, error: notice.error)
    }
}

extension TrackPreference {
    /// `track-settings` as the room takes it: quality names map to layers.
    init(_ settings: TrackSettings) {
        let ceiling: Ceiling? = settings.quality.map {
            switch $0 {
            case .low: .lowest
            case .medium: .second
            case .high: .none
            }
        }
        self.init(
            track: settings.track, ceiling: ceiling, width: settings.width, height: settings.height,
            enabled: settings.enabled)
    }
}
