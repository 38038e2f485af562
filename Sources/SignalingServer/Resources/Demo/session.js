// One participant's connection to a Switchboard room: the signaling WebSocket and the two
// RTCPeerConnections of the contract's "Model" (docs/protocol.md). No DOM: app.js draws it.

import { MAX_REDIRECTS, PC_CONFIG, ServerError, SIMULCAST_ENCODINGS } from "./contract.js";
import { remoteStats } from "./receive-stats.js";
import { RoomView } from "./room-view.js";
import { CandidateTrickle } from "./trickle.js";

export { ROOM_PATTERN, isValidName, signalingURL } from "./contract.js";

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
    this.iceServers = [];
    this.publishPC = null;
    this.subscribePC = null;
    this.roomView = new RoomView();   // who is in the room, which mid carries whose track
    this.offerChain = Promise.resolve();
    this.pending = new Map();      // request type -> {resolve, reject}
    this.trickles = {};           // "publish" | "subscribe" -> CandidateTrickle
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
    this.roomView.clear();
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
        // Lost, not refused: it had joined, and no error or policy close said why.
        this.connectionLost = Boolean(this.self) && !this.lastError && event.code !== 1008;
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
        this.roomView.addParticipant(message.participant);
        this.callbacks.onTiles?.();
        break;
      case "participant-left":
        this.roomView.removeParticipant(message.participant);
        this.callbacks.onTiles?.();
        break;
      case "tracks":
        this.roomView.updateTracks(message.participant, message.tracks ?? []);
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

  // MARK: room state (RoomView)

  handleJoined(joined) {
    this.iceServers = Array.isArray(joined.iceServers) ? joined.iceServers : [];
    this.roomView.join(joined);
    this.callbacks.onTiles?.();
  }

  get self() { return this.roomView.self; }
  get participants() { return this.roomView.participants; }

  /** See RoomView.remoteMedia. */
  remoteMedia() {
    if (!this.subscribePC || this.closed) return [];
    return this.roomView.remoteMedia(this.subscribePC);
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
    this.roomView.ownTracks(published.tracks ?? []);
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
    this.roomView.offered(message.tracks ?? []);
    await pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: "answer", sdp: pc.localDescription.sdp });
    this.sdpWasSent("subscribe");
    this.callbacks.onTiles?.();
  }

  // MARK: trickle ICE and state

  watch(pc, label) {
    this.trickles[label] = new CandidateTrickle(pc, label, (message) => this.send(message));
    this.callbacks.onPeerConnection?.(pc, label);
    pc.onconnectionstatechange = () => this.emitStatus();
    pc.oniceconnectionstatechange = () => this.emitStatus();
  }

  sdpWasSent(label) {
    this.trickles[label]?.sdpWasSent();
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
  stats() {
    return remoteStats(this.remoteMedia());
  }
}
