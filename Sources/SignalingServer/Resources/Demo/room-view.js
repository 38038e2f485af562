// What a participant knows of its room from signaling: who is there, which
// tracks are whose, and which mid of the subscribe PC carries which track.
// No DOM and no peer connections: Session feeds it, the page reads it.

export class RoomView {
  constructor() {
    this.self = null;              // {id, name}
    this.participants = new Map(); // id -> {id, name}
    this.trackOwner = new Map();   // track id -> participant id
    this.goneTracks = new Set();   // track ids that ended (ids are never reused)
    this.subscribeMids = new Map(); // mid -> {id, kind, participant}
  }

  clear() {
    this.participants.clear();
    this.subscribeMids.clear();
  }

  /** `joined`: who this participant is and who was there before. */
  join(joined) {
    this.self = joined.participant;
    for (const participant of joined.participants ?? []) {
      this.addParticipant(participant);
      this.updateTracks(participant.id, participant.tracks ?? []);
    }
  }

  addParticipant(participant) {
    if (!participant?.id || participant.id === this.self?.id) return;
    this.participants.set(participant.id, { id: participant.id, name: participant.name ?? participant.id });
  }

  removeParticipant(participant) {
    const id = typeof participant === "string" ? participant : participant?.id;
    this.participants.delete(id);
    for (const [trackId, owner] of this.trackOwner) {
      if (owner === id) this.goneTracks.add(trackId);
    }
  }

  /** `tracks` (or `joined.participants[].tracks`): the participant's tracks now. */
  updateTracks(participantId, tracks) {
    const current = new Set(tracks.map((track) => track.id));
    for (const [trackId, owner] of this.trackOwner) {
      if (owner === participantId && !current.has(trackId)) this.goneTracks.add(trackId);
    }
    for (const track of tracks) this.trackOwner.set(track.id, participantId);
  }

  /**
   * The remote media to show, one entry per participant with at least one
   * live track: {participant: {id, name}, transceivers: [RTCRtpTransceiver],
   * tracks: [{id, kind, mid}]}.
   */
  remoteMedia(subscribePC) {
    const byParticipant = new Map();
    for (const transceiver of subscribePC.getTransceivers()) {
      const track = transceiver.mid != null ? this.subscribeMids.get(transceiver.mid) : undefined;
      if (!track || this.goneTracks.has(track.id) || transceiver.currentDirection === "inactive") continue;
      const ownerId = track.participant ?? this.trackOwner.get(track.id);
      if (!ownerId || ownerId === this.self?.id) continue;
      const participant = this.participants.get(ownerId) ?? { id: ownerId, name: ownerId };
      if (!byParticipant.has(ownerId)) byParticipant.set(ownerId, { participant, transceivers: [], tracks: [] });
      const entry = byParticipant.get(ownerId);
      entry.transceivers.push(transceiver);
      entry.tracks.push({ id: track.id, kind: track.kind, mid: transceiver.mid });
    }
    return [...byParticipant.values()];
  }

  /** `published.tracks`: this participant's own, never shown as remote. */
  ownTracks(tracks) {
    for (const track of tracks) this.trackOwner.set(track.id, this.self?.id);
  }

  /** A subscribe offer's `tracks`: its mids replace the previous ones (an
   * offer lists only what is forwarded now). */
  offered(tracks) {
    this.subscribeMids = new Map();
    for (const track of tracks) {
      if (track.mid == null) continue;
      this.subscribeMids.set(String(track.mid), track);
      if (track.participant) this.trackOwner.set(track.id, track.participant);
    }
  }
}
