// One participant's connection to a Switchboard room: the signaling
// WebSocket and the two RTCPeerConnections of the protocol's "Model"
// (the signaling contract, docs/protocol.md). No DOM here; app.js draws what this reports.

/** Room names the server accepts (docs/protocol.md, `join`). */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `name` is a display name the server accepts (1 to 64 characters). */
export function isValidName(name) {
  const length = [...name].length; // characters, not UTF-16 units
  return name.trim().length > 0 && length >= 1 && length <= 64;
}

/** The signaling URL of the page's own origin: ws(s)://host/rtc. */
export function signalingURL(location = window.location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/rtc`;
}

/** An `error` message from the server, as a throwable. */
export class ServerError extends Error {
  constructor(message) {
    super(`${message.code}: ${message.message ?? ""}`);
    this.code = message.code;
    this.request = message.request;
  }
}

/** `redirect`s followed to reach a room's home node in a cluster. */
const MAX_REDIRECTS = 3;

const PC_CONFIG = { bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" };

/**
 * Simulcast layers (RFC 8853, by rid), lowest first: the server forwards to
 * each subscriber the highest one its bandwidth and wanted size allow.
 */
export const SIMULCAST_ENCODINGS = [
  { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: "f", maxBitrate: 1_500_000 },
];

/**
 * A joined (or joining) participant. Callbacks (all optional):
 * onStatus(state) whenever a connection state changes, onTiles() whenever
 * the remote participants or their tracks change, onError(text) for server
 * errors and failures, onClosed(reason) once when the session ends.
 */
export class Session {
  constructor({ url, room, name, token, simulcast = false, relay = false, callbacks = {} }) {
    this.url = url;
    this.room = room;
    this.name = name;
    this.token = token || undefined;
    this.simulcast = simulcast;
    this.relay = relay;
    this.callbacks = callbacks;

    this.ws = null;
    this.localStream = null;
    this.self = null;             // {id, name}
    this.iceServers = [];
    this.publishPC = null;
    this.subscribePC = null;
    this.participants = new Map(); // id -> {id, name}
    this.trackOwner = new Map();   // track id -> participant id
    this.goneTracks = new Set();   // track ids that ended (ids are never reused)
    this.subscribeMids = new Map(); // mid -> {id, kind, participant}
    this.offerChain = Promise.resolve();
    this.pending = new Map();      // request type -> {resolve, reject}
    this.candidateQueues = { publish: [], subscribe: [] };
    this.sdpSent = { publish: false, subscribe: false };
    this.endSent = { publish: false, subscribe: false };
    this.closed = false;
    this.lastError = null;         // the last server error shown
  }

  // MARK: lifecycle

  /** Gets camera and microphone, connects, joins and publishes. */
  async start() {
    try {
      // Three layers need a 720p source (browsers cap the layer count by
      // resolution).
      const video = this.simulcast ? { width: 1280, height: 720 } : true;
      this.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
      this.callbacks.onLocalStream?.(this.localStream);
      let joined;
      // In a cluster the node may answer `redirect`: join again at the
      // room's home node, a few hops at most.
      for (let hop = 0; ; hop++) {
        await this.connect();
        joined = await this.request("joined", {
          type: "join", room: this.room, name: this.name,
          ...(this.token ? { token: this.token } : {}),
        });
        if (joined.type !== "redirect") break;
        if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        this.url = joined.url;
      }
      this.handleJoined(joined);
      await this.publish();
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** Sends `leave` and releases everything. */
  leave() {
    if (this.closed) return;
    this.send({ type: "leave" });
    this.close("left");
  }

  /** Closes the socket and both PCs and stops the local tracks. */
  close(reason) {
    if (this.closed) return;
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(new Error(`session closed (${reason})`));
    this.pending.clear();
    try { this.ws?.close(1000); } catch { /* already closing */ }
    this.publishPC?.close();
    this.subscribePC?.close();
    this.localStream?.getTracks().forEach((track) => track.stop());
    this.participants.clear();
    this.subscribeMids.clear();
    this.emitStatus();
    this.callbacks.onTiles?.();
    this.callbacks.onClosed?.(reason);
  }

  fail(error) {
    const text = error instanceof ServerError ? error.message : `${error?.message ?? error}`;
    this.callbacks.onError?.(text);
    this.close(text);
  }

  // MARK: signaling socket

  connect() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      this.emitStatus();
      ws.onopen = () => { this.emitStatus(); resolve(); };
      ws.onerror = () => reject(new Error("signaling connection failed"));
      ws.onclose = (event) => {
        this.emitStatus();
        if (this.closed) return;
        // After `unauthorized` or `too-large` the server closes the socket:
        // keep its reason in view rather than only the close code.
        const closedText = `signaling closed (${event.code}${event.reason ? " " + event.reason : ""})`;
        this.fail(new Error(this.lastError ? `${this.lastError}; ${closedText}` : closedText));
      };
      ws.onmessage = (event) => this.receive(event.data);
    });
  }

  send(message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Sends `message` and waits for the reply of type `replyType` (or an `error` for it). */
  request(replyType, message) {
    return new Promise((resolve, reject) => {
      this.pending.set(replyType, { resolve, reject, request: message.type });
      this.send(message);
    });
  }

  receive(data) {
    let message;
    try { message = JSON.parse(data); } catch { return; }
    switch (message.type) {
      case "joined":
      case "published":
        this.settle(message.type, message);
        break;
      case "offer":
        // Renegotiations are applied strictly in order, one at a time.
        this.offerChain = this.offerChain
          .then(() => this.handleOffer(message))
          .catch((error) => { if (!this.closed) this.callbacks.onError?.(`subscribe: ${error.message}`); });
        break;
      case "participant-joined":
        this.addParticipant(message.participant);
        this.callbacks.onTiles?.();
        break;
      case "participant-left":
        this.removeParticipant(message.participant);
        this.callbacks.onTiles?.();
        break;
      case "tracks":
        this.updateTracks(message.participant, message.tracks ?? []);
        this.callbacks.onTiles?.();
        break;
      case "redirect": {
        // The server closes this socket next: that is not a failure.
        const ws = this.ws;
        ws.onclose = () => this.emitStatus();
        try { ws.close(1000); } catch { /* already closing */ }
        this.settle("joined", message);
        break;
      }
      case "active-speaker":
        this.callbacks.onActiveSpeaker?.(message.participants ?? []);
        break;
      case "error":
        this.handleError(message);
        break;
      case "recording":
        // started | stopped | failed (with `error`): the room's recording state.
        this.callbacks.onRecording?.(message);
        break;
      default:
        break; // messages added to the protocol later are ignored
    }
  }

  settle(type, message) {
    const waiter = this.pending.get(type);
    if (!waiter) return;
    this.pending.delete(type);
    waiter.resolve(message);
  }

  handleError(message) {
    const error = new ServerError(message);
    this.lastError = error.message;
    // An error answering a request we wait for fails that request;
    // anything else is only shown.
    for (const [type, waiter] of this.pending) {
      if (waiter.request === message.request) {
        this.pending.delete(type);
        waiter.reject(error);
        return;
      }
    }
    this.callbacks.onError?.(error.message);
  }

  // MARK: room state

  handleJoined(joined) {
    this.self = joined.participant;
    this.iceServers = Array.isArray(joined.iceServers) ? joined.iceServers : [];
    for (const participant of joined.participants ?? []) {
      this.addParticipant(participant);
      this.updateTracks(participant.id, participant.tracks ?? []);
    }
    this.callbacks.onTiles?.();
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
  remoteMedia() {
    const byParticipant = new Map();
    if (!this.subscribePC || this.closed) return [];
    for (const transceiver of this.subscribePC.getTransceivers()) {
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

  /** Both PCs: the room's ICE servers; with `relay`, TURN relays only (no direct path). */
  pcConfig() {
    return { ...PC_CONFIG, iceServers: this.iceServers, ...(this.relay ? { iceTransportPolicy: "relay" } : {}) };
  }

  // MARK: publish PC

  async publish() {
    const pc = new RTCPeerConnection(this.pcConfig());
    this.publishPC = pc;
    this.watch(pc, "publish");
    for (const track of this.localStream.getTracks()) {
      const init = { direction: "sendonly", streams: [this.localStream] };
      if (this.simulcast && track.kind === "video") init.sendEncodings = SIMULCAST_ENCODINGS;
      pc.addTransceiver(track, init);
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const reply = this.request("published", { type: "publish", sdp: pc.localDescription.sdp });
    this.sdpWasSent("publish");
    const published = await reply;
    for (const track of published.tracks ?? []) this.trackOwner.set(track.id, this.self?.id);
    await pc.setRemoteDescription({ type: "answer", sdp: published.sdp });
  }

  // MARK: subscribe PC

  async handleOffer(message) {
    if (this.closed) return;
    if (!this.subscribePC) {
      const pc = new RTCPeerConnection(this.pcConfig());
      this.subscribePC = pc;
      this.watch(pc, "subscribe");
      pc.ontrack = () => this.callbacks.onTiles?.();
    }
    const pc = this.subscribePC;
    // The mids of this offer replace the previous ones: offer.tracks lists
    // only what is forwarded now.
    this.subscribeMids = new Map();
    for (const track of message.tracks ?? []) {
      if (track.mid == null) continue;
      this.subscribeMids.set(String(track.mid), track);
      if (track.participant) this.trackOwner.set(track.id, track.participant);
    }
    await pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: "answer", sdp: pc.localDescription.sdp });
    this.sdpWasSent("subscribe");
    this.callbacks.onTiles?.();
  }

  // MARK: trickle ICE and state

  watch(pc, label) {
    pc.onicecandidate = (event) => {
      const candidate = event.candidate;
      if (!candidate || !candidate.candidate) {
        // End of gathering: Chromium may report it twice (an empty
        // candidate, then null); the server needs it once.
        if (this.endSent[label]) return;
        this.endSent[label] = true;
        this.queueCandidate(label, { candidate: "", sdpMid: candidate?.sdpMid ?? null, sdpMLineIndex: candidate?.sdpMLineIndex ?? null });
        return;
      }
      this.queueCandidate(label, { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    };
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === "gathering") this.endSent[label] = false;
    };
    pc.onconnectionstatechange = () => this.emitStatus();
    pc.oniceconnectionstatechange = () => this.emitStatus();
  }

  /** Candidates wait until the SDP they belong to went to the server. */
  queueCandidate(label, fields) {
    const message = { type: "candidate", pc: label, ...fields };
    if (this.sdpSent[label]) this.send(message);
    else this.candidateQueues[label].push(message);
  }

  sdpWasSent(label) {
    this.sdpSent[label] = true;
    for (const message of this.candidateQueues[label].splice(0)) this.send(message);
  }

  /** Socket and PC states, for display and the test hook. */
  status() {
    const socketStates = ["connecting", "open", "closing", "closed"];
    return {
      signaling: this.ws ? socketStates[this.ws.readyState] : "closed",
      publish: this.publishPC?.connectionState ?? "none",
      publishICE: this.publishPC?.iceConnectionState ?? "none",
      subscribe: this.subscribePC?.connectionState ?? "none",
      subscribeICE: this.subscribePC?.iceConnectionState ?? "none",
    };
  }

  emitStatus() {
    this.callbacks.onStatus?.(this.status());
  }

  /** Per remote participant: frames decoded (video) and audio packets received. */
  async stats() {
    const result = [];
    for (const entry of this.remoteMedia()) {
      let framesDecoded = 0;
      let audioPacketsReceived = 0;
      const video = { freezeCount: 0, totalFreezesDuration: 0, nackCount: 0, packetsLost: 0, frameWidth: 0 };
      for (const transceiver of entry.transceivers) {
        const report = await transceiver.receiver.getStats();
        report.forEach((stat) => {
          if (stat.type !== "inbound-rtp") return;
          if (stat.kind === "video") {
            framesDecoded += stat.framesDecoded ?? 0;
            video.freezeCount += stat.freezeCount ?? 0;
            video.totalFreezesDuration += stat.totalFreezesDuration ?? 0;
            video.nackCount += stat.nackCount ?? 0;
            video.packetsLost += stat.packetsLost ?? 0;
            video.frameWidth = Math.max(video.frameWidth, stat.frameWidth ?? 0);
          }
          if (stat.kind === "audio") audioPacketsReceived += stat.packetsReceived ?? 0;
        });
      }
      result.push({
        participantId: entry.participant.id,
        participantName: entry.participant.name,
        framesDecoded,
        audioPacketsReceived,
        video,
      });
    }
    return result;
  }
}
