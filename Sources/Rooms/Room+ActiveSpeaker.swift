extension Room {
    /// Ranks who speaks from the RFC 6464 levels of their audio
    /// (smoothed per `AudioLevelMeter`), loudest first, and tells everyone
    /// when the ranking changes (`active-speaker`).
    func updateActiveSpeakers() {
        var ranked: [(id: String, loudness: Double)] = []
        for participant in participants {
            var loudest: Double?
            for track in participant.tracks where track.kind == .audio {
                track.audioLevel.update()
                if track.audioLevel.isSpeaking { loudest = max(loudest ?? 0, track.audioLevel.loudness) }
            }
            if let loudest { ranked.append((participant.id, loudest)) }
        }
        let speakers = ranked.sorted { $0.loudness > $1.loudness }.map(\.id)
        // Order changes among the same speakers are noise; a new loudest is news.
        guard speakers.first != activeSpeakers.first || Set(speakers) != Set(activeSpeakers) else { return }
        activeSpeakers = speakers
        broadcast(.activeSpeaker(participants: speakers))
    }
}
