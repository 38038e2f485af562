import MediaNegotiation
import NIOCore
import RTCP

extension Room {
    /// Adds `sink` and tells it who is already here and what they publish.
    public func addSink(_ sink: any MediaSink, now: NIODeadline) {
        guard !sinks.contains(where: { $0 === sink }) else { return }
        sinks.append(sink)
        // Relays and pipes pulling the room's tracks are nobody a sink records.
        for participant in participants where !participant.relay.isHidden {
            sink.participantJoined(participant.snapshot, now: now)
            sink.tracksChanged(of: participant.snapshot, tracks: sinkTracks(of: participant), now: now)
        }
    }

    /// Removes `sink`; it hears `detached`.
    public func removeSink(_ sink: any MediaSink, now: NIODeadline) {
        guard let index = sinks.firstIndex(where: { $0 === sink }) else { return }
        sinks.remove(at: index)
        sink.detached(now: now)
    }

    /// Whether any sink (a recording) is attached.
    public var hasSinks: Bool { !sinks.isEmpty }

    /// Whether `sink` is attached to this room.
    public func hasSink(_ sink: any MediaSink) -> Bool {
        sinks.contains { $0 === sink }
    }

    /// Asks the publisher of the track with id `trackID` for a keyframe
    /// (throttled like subscribers' requests). For sinks.
    public func requestKeyframe(forTrack trackID: String, now: NIODeadline) {
        for participant in participants {
            if let track = participant.tracks.first(where: { $0.id == trackID }) {
                requestKeyframe(for: track, reason: .other, now: now)
                return
            }
        }
    }

    /// A publisher's sender report, for the sinks (they map RTP time to
    /// the sender's wall clock); only the recorded layer's.
    func feedSinks(senderReport report: SenderReport, track: PublishedTrack, rid: String, now: NIODeadline) {
        guard !sinks.isEmpty else { return }
        if let forwarded = track.forwardedRID, rid != forwarded { return }
        for sink in sinks {
            sink.publisherSenderReport(
                track: track.id, ntpTimestamp: report.ntpTime, rtpTimestamp: report.rtpTime, now: now)
        }
    }

    func sinkTracks(of participant: Participant) -> [SinkTrack] {
        participant.tracks.filter { $0.media.isActive }.map {
            SinkTrack(id: $0.id, kind: $0.kind, participant: participant.snapshot, mid: $0.mid, codec: $0.media.codecs.first)
        }
    }

    /// Detaches every sink (the room is being dropped).
    func detachAllSinks() {
        guard !sinks.isEmpty else { return }
        let detached = sinks
        sinks = []
        for sink in detached { sink.detached(now: .now()) }
    }

    func notifySinksJoined(_ participant: Participant) {
        guard !sinks.isEmpty, !participant.relay.isHidden else { return }
        let now = NIODeadline.now()
        for sink in sinks { sink.participantJoined(participant.snapshot, now: now) }
    }

    /// After `participant` left; when the room is now empty the sinks are detached.
    func notifySinksLeft(_ participant: Participant) {
        guard !sinks.isEmpty else { return }
        let now = NIODeadline.now()
        if !participant.relay.isHidden { for sink in sinks { sink.participantLeft(participant.snapshot, now: now) } }
        if participants.isEmpty { detachAllSinks() }
    }

    func notifySinksTracks(of participant: Participant) {
        guard !sinks.isEmpty, !participant.relay.isHidden else { return }
        let now = NIODeadline.now()
        let tracks = sinkTracks(of: participant)
        for sink in sinks { sink.tracksChanged(of: participant.snapshot, tracks: tracks, now: now) }
    }

    @inline(__always)
    func feedSinks(_ packet: ByteBuffer, track: PublishedTrack, now: NIODeadline) {
        for sink in sinks { sink.publisherRTP(packet, track: track.id, now: now) }
    }
}
