// The demo page: join form, local preview, one tile per remote participant,
// connection states, and the `window.switchboardDemo` hook the headless
// browser checks use (tools/interop/chromium_demo_check.py).

import { Session, ROOM_PATTERN, isValidName, signalingURL } from "./session.js";
import { controlRecording } from "./recording.js";
import { selectedPair } from "./ice-stats.js";
import { Chat, renderChat } from "./chat.js";
import { Rejoiner } from "./rejoin.js";
import { TileGrid } from "./tiles.js";

const $ = (id) => document.getElementById(id);
const ui = {
  form: $("join-form"), room: $("room"), name: $("name"), token: $("token"), joinButton: $("join-button"),
  call: $("call"), grid: $("grid"), localVideo: $("local-video"), localName: $("local-name"),
  micButton: $("mic-button"), cameraButton: $("camera-button"), leaveButton: $("leave-button"),
  recordButton: $("record-button"), adminToken: $("admin-token"),
  roomLabel: $("room-label"), recording: $("recording-indicator"), status: $("status"),
  chatLog: $("chat-log"), chatForm: $("chat-form"), chatInput: $("chat-input"),
  states: { signaling: $("state-signaling"), publish: $("state-publish"), subscribe: $("state-subscribe") },
};

let session = null;
let chat = null;
let rejoiner = null; // while the page rejoins after a lost connection
const tiles = new TileGrid(ui.grid, $("local-tile")); // one tile per remote participant

// MARK: status line and states

function showStatus(text, kind = "info") {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

function showStates(state) {
  ui.states.signaling.textContent = state.signaling;
  ui.states.publish.textContent = state.publish === "none" ? "none" : `${state.publish} (ice ${state.publishICE})`;
  ui.states.subscribe.textContent = state.subscribe === "none" ? "none" : `${state.subscribe} (ice ${state.subscribeICE})`;
  for (const [key, element] of Object.entries(ui.states)) element.dataset.state = state[key];
}

// MARK: join and leave

function validate(room, name) {
  if (!ROOM_PATTERN.test(room)) return "Room: 1 to 64 letters, digits, _ or -.";
  if (!isValidName(name)) return "Name: 1 to 64 characters.";
  return null;
}

async function join(room, name, token = "", { simulcast = wantsSimulcast, relay = wantsRelay } = {}) {
  if (session) throw new Error("already in a room; leave first");
  const problem = validate(room, name);
  if (problem) {
    showStatus(problem, "error");
    throw new Error(problem);
  }
  ui.room.value = room;
  ui.name.value = name;
  ui.joinButton.disabled = true;
  showStatus(`Joining ${room}…`);

  const currentChat = new Chat({
    nameOf: (id) => session?.participants.get(id)?.name ?? id,
    onChange: () => { if (chat === currentChat) renderChat(ui.chatLog, currentChat); },
  });
  chat = currentChat;
  const current = new Session({
    url: signalingURL(), room, name, token, simulcast, relay,
    callbacks: {
      onPeerConnection: (pc, label) => currentChat.attach(pc, label),
      onLocalStream: (stream) => {
        ui.localVideo.srcObject = stream;
        ui.localName.textContent = `${name} (you)`;
        ui.form.hidden = true;
        ui.call.hidden = false;
        ui.roomLabel.textContent = room;
        ui.roomLabel.hidden = false;
      },
      onStatus: (state) => { if (session === current) showStates(state); },
      onTiles: () => { if (session === current) tiles.render(current.remoteMedia()); },
      onActiveSpeaker: (ids) => { if (session === current) tiles.highlight(ids[0], current.self?.id); },
      onError: (text) => showStatus(text, "error"),
      onRecording: (event) => {
        if (session !== current) return;
        setRecording(event.state === "started");
        if (event.state === "failed") showStatus(`Recording failed: ${event.error ?? "unknown error"}`, "error");
      },
      onClosed: () => {
        if (session !== current) return;
        backToForm();
        if (current.connectionLost) rejoin(() => join(room, name, token, { simulcast, relay }));
      },
    },
  });
  session = current;
  try {
    await current.start();
  } catch (error) {
    ui.joinButton.disabled = false;
    throw error;
  }
  showStatus(`In room ${room} as ${name}.`);
  return { participant: current.self };
}

// The server went away under a joined page: rejoin with backoff.
function rejoin(attempt) {
  rejoiner?.cancel();
  rejoiner = new Rejoiner({
    rejoin: attempt,
    onWaiting: (ms, n) => showStatus(`Connection lost; rejoining in ${ms / 1000} s (attempt ${n})…`, "error"),
    onGaveUp: () => showStatus("Connection lost and the room could not be rejoined; join again later.", "error"),
  });
  rejoiner.start();
}

function leave() {
  rejoiner?.cancel();
  const current = session;
  if (!current) return;
  current.leave();
  showStatus("Left the room.");
}

function backToForm() {
  session = null;
  chat = null;
  ui.chatLog.replaceChildren();
  tiles.clear();
  ui.localVideo.srcObject = null;
  ui.call.hidden = true;
  ui.form.hidden = false;
  ui.roomLabel.hidden = true;
  ui.recording.hidden = true;
  ui.joinButton.disabled = false;
  setToggle(ui.micButton, false, "Mute mic", "Unmute mic");
  setToggle(ui.cameraButton, false, "Turn camera off", "Turn camera on");
  setToggle(ui.recordButton, false, "Record", "Stop recording");
}

// The server's `recording` events drive the REC indicator.
function setRecording(active) {
  ui.recording.hidden = !active;
  setToggle(ui.recordButton, active, "Record", "Stop recording");
}

async function toggleRecording() {
  const room = session?.room;
  if (!room) return;
  const start = ui.recordButton.getAttribute("aria-pressed") !== "true";
  try {
    const answer = await controlRecording(room, start, ui.adminToken.value.trim());
    // The room's `recording` events set the indicator; the answer tells of an armed start.
    if (answer.state === "armed") showStatus("Recording starts when someone publishes.");
  } catch (error) {
    showStatus(`Recording ${start ? "start" : "stop"} refused: ${error.message}`, "error");
  }
}

// MARK: mute controls

function setToggle(button, pressed, label, pressedLabel) {
  button.setAttribute("aria-pressed", String(pressed));
  button.textContent = pressed ? pressedLabel : label;
}

function toggleTracks(kind, button, label, pressedLabel) {
  const tracks = session?.localStream?.getTracks().filter((track) => track.kind === kind) ?? [];
  if (tracks.length === 0) return;
  const enabled = !tracks[0].enabled;
  for (const track of tracks) track.enabled = enabled;
  setToggle(button, !enabled, label, pressedLabel);
  ui.localVideo.parentElement.classList.toggle(`${kind}-off`, !enabled);
}

// MARK: wiring

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  rejoiner?.cancel();
  join(ui.room.value.trim(), ui.name.value, ui.token.value.trim()).catch(() => {});
});
ui.chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (chat?.send(ui.chatInput.value, ui.name.value)) ui.chatInput.value = "";
});
ui.leaveButton.addEventListener("click", leave);
ui.recordButton.addEventListener("click", toggleRecording);
ui.micButton.addEventListener("click", () => toggleTracks("audio", ui.micButton, "Mute mic", "Unmute mic"));
ui.cameraButton.addEventListener("click", () => toggleTracks("video", ui.cameraButton, "Turn camera off", "Turn camera on"));
window.addEventListener("pagehide", () => session?.leave());

// Prefill from ?room=...&name=... so a link can invite someone.
const params = new URLSearchParams(window.location.search);
if (params.has("admin")) ui.adminToken.value = params.get("admin");
if (params.has("room")) ui.room.value = params.get("room");
if (params.has("name")) ui.name.value = params.get("name");
// ?simulcast=1 publishes three layers (see SIMULCAST_ENCODINGS).
const wantsSimulcast = params.get("simulcast") === "1";
// ?relay=1 connects only through the server's TURN relays (iceTransportPolicy "relay").
const wantsRelay = params.get("relay") === "1";

/**
 * Test hook. join(room, name, token?, {simulcast, relay}?) resolves once joined and published
 * (rejects with the server's error); leave(); state() gives socket and PC
 * states plus the names of the remote participants known and shown;
 * stats() resolves to one entry per remote tile; transports() to the
 * selected candidate pair of each PC ({publish, subscribe}); chat.send(text)
 * sends as the box does (false until the channel is open), chat.messages()
 * lists {from, name, text, own}.
 */
window.switchboardDemo = {
  join,
  leave,
  state() {
    const status = session ? session.status() : { signaling: "closed", publish: "none", subscribe: "none" };
    return {
      signaling: status.signaling,
      publish: status.publish,
      subscribe: status.subscribe,
      publishICE: status.publishICE ?? "none",
      subscribeICE: status.subscribeICE ?? "none",
      joined: Boolean(session?.self),
      self: session?.self ?? null,
      remoteParticipants: session ? [...session.participants.values()].map((p) => p.name) : [],
      tiles: tiles.names(),
      status: ui.status.textContent,
    };
  },
  stats() {
    return session ? session.stats() : Promise.resolve([]);
  },
  async transports() {
    return { publish: await selectedPair(session?.publishPC), subscribe: await selectedPair(session?.subscribePC) };
  },
  setRecording,
  toggleRecording,
  chat: {
    send: (text) => Boolean(chat?.send(text, ui.name.value)),
    messages: () => (chat ? chat.log.map((entry) => ({ ...entry })) : []),
  },
};
document.documentElement.dataset.ready = "true";
