// The remote participants' tiles: one <figure> per participant with its
// video (and audio) and name, the "speaking" outline, and the click-for-
// sound button where autoplay policy keeps a page muted.

export class TileGrid {
  /** `grid`: the container; `localTile`: this participant's own figure. */
  constructor(grid, localTile) {
    this.grid = grid;
    this.localTile = localTile;
    this.tiles = new Map(); // participant id -> {element, video, name, unmute, trackIds}
  }

  /** `media`: Session.remoteMedia()'s entries; tiles follow them. */
  render(media) {
    const present = new Set();
    for (const { participant, transceivers } of media) {
      present.add(participant.id);
      const tile = this.tiles.get(participant.id) ?? this.add(participant.id);
      tile.name.textContent = participant.name;
      const tracks = transceivers.map((transceiver) => transceiver.receiver.track);
      const trackIds = tracks.map((track) => track.id).sort().join(",");
      if (trackIds !== tile.trackIds) {
        // A new MediaStream per change: browsers pick up added video tracks
        // on a playing element unreliably.
        tile.trackIds = trackIds;
        tile.video.srcObject = new MediaStream(tracks);
        play(tile);
      }
    }
    for (const participantId of [...this.tiles.keys()]) {
      if (!present.has(participantId)) this.remove(participantId);
    }
    this.grid.dataset.count = String(this.tiles.size + 1);
  }

  /** The loudest speaker's tile (yours included) gets the "speaking" outline. */
  highlight(speakerId, selfId) {
    for (const [participantId, tile] of this.tiles) tile.element.classList.toggle("speaking", participantId === speakerId);
    this.localTile.classList.toggle("speaking", speakerId !== undefined && speakerId === selfId);
  }

  clear() {
    for (const participantId of [...this.tiles.keys()]) this.remove(participantId);
  }

  names() {
    return [...this.tiles.values()].map((tile) => tile.name.textContent);
  }

  add(participantId) {
    const element = document.createElement("figure");
    element.className = "tile remote";
    element.dataset.participant = participantId;
    const video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement("figcaption");
    const name = document.createElement("span");
    name.className = "tile-name";
    const unmute = document.createElement("button");
    unmute.type = "button";
    unmute.className = "unmute";
    unmute.textContent = "Click for sound";
    unmute.hidden = true;
    unmute.onclick = () => { video.muted = false; unmute.hidden = true; video.play().catch(() => {}); };
    caption.append(name, unmute);
    element.append(video, caption);
    this.grid.append(element);
    const tile = { element, video, name, unmute, trackIds: "" };
    this.tiles.set(participantId, tile);
    return tile;
  }

  remove(participantId) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    tile.video.srcObject = null;
    tile.element.remove();
    this.tiles.delete(participantId);
  }
}

/** Plays with sound; where autoplay policy forbids it, muted with a button to unmute. */
function play(tile) {
  tile.video.play().catch(() => {
    tile.video.muted = true;
    tile.unmute.hidden = false;
    tile.video.play().catch(() => {});
  });
}
