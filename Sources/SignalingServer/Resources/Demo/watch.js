// The WHEP player of watch.html: one recvonly offer POSTed to /whep/{room}
// (every candidate in it, so no PATCH is needed), the answer applied, one
// tile per stream (a publisher's audio and video share a stream id). The
// server binds tracks once per session: a room that is empty yet is retried
// every two seconds, and a reload picks up publishers who came later.
const params = new URLSearchParams(location.search);
const room = params.get("room") || "";
const slots = Math.min(Math.max(parseInt(params.get("slots") || "4", 10) || 4, 1), 16);
const statusLine = document.getElementById("status");
const grid = document.getElementById("grid");
const tiles = new Map();
let pc = null;
let resource = null;

// For tests and the curious: when the POST went, when a frame was first shown.
window.watch = {
  postedAt: null,
  firstFrameAt: null,
  state: "starting",
  // Frames decoded per kind of the inbound RTP streams.
  async decoded() {
    const totals = { video: 0, audio: 0, videoStreams: 0 };
    if (!pc) return totals;
    (await pc.getStats()).forEach((report) => {
      if (report.type !== "inbound-rtp") return;
      if (report.kind === "video" && report.framesDecoded > 0) {
        totals.video += report.framesDecoded;
        totals.videoStreams += 1;
      }
      if (report.kind === "audio") totals.audio += report.packetsReceived || 0;
    });
    return totals;
  },
};

function setStatus(text, state) {
  statusLine.textContent = text;
  window.watch.state = state;
}

function gathered(connection) {
  if (connection.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => connection.iceGatheringState === "complete" && resolve();
    connection.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 2000); // whatever was gathered by then
  });
}

function tileFor(stream) {
  let tile = tiles.get(stream.id);
  if (tile) return tile;
  tile = document.createElement("figure");
  tile.className = "tile";
  const video = document.createElement("video");
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true;
  video.srcObject = stream;
  const caption = document.createElement("figcaption");
  caption.className = "tile-name";
  caption.textContent = stream.id;
  tile.append(video, caption);
  grid.append(tile);
  tiles.set(stream.id, tile);
  const onFrame = () => {
    if (window.watch.firstFrameAt === null) {
      window.watch.firstFrameAt = performance.now();
      setStatus(`Watching ${room}`, "playing");
    }
  };
  if ("requestVideoFrameCallback" in video) video.requestVideoFrameCallback(onFrame);
  else video.addEventListener("playing", onFrame, { once: true });
  return tile;
}

async function start() {
  pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
  for (let i = 0; i < slots; i++) {
    pc.addTransceiver("audio", { direction: "recvonly" });
    pc.addTransceiver("video", { direction: "recvonly" });
  }
  pc.ontrack = (event) => {
    const stream = event.streams[0] || new MediaStream([event.track]);
    tileFor(stream);
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === "failed") setStatus("The connection failed; reload to try again.", "failed");
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const headers = { "Content-Type": "application/sdp" };
  if (params.get("token")) headers.Authorization = `Bearer ${params.get("token")}`;
  const query = params.get("participant") ? `?participant=${encodeURIComponent(params.get("participant"))}` : "";
  window.watch.postedAt = performance.now();
  const response = await fetch(`/whep/${encodeURIComponent(room)}${query}`, {
    method: "POST", headers, body: pc.localDescription.sdp,
  });
  const body = await response.text();
  if (response.status === 404) {
    pc.close();
    setStatus(`Nothing to watch in ${room} yet (${body.trim()}); retrying…`, "waiting");
    setTimeout(start, 2000);
    return;
  }
  if (response.status !== 201) {
    pc.close();
    setStatus(`The server refused: ${response.status} ${body.trim()}`, "refused");
    return;
  }
  // In a cluster fetch follows the 307 to the room's home node: the
  // session's relative Location belongs to that node.
  const location = response.headers.get("Location");
  resource = location ? new URL(location, response.url).href : null;
  await pc.setRemoteDescription({ type: "answer", sdp: body });
  setStatus(`Connecting to ${room}…`, "connecting");
}

function stop() {
  if (resource) fetch(resource, { method: "DELETE", keepalive: true });
  resource = null;
  if (pc) pc.close();
  setStatus("Stopped.", "stopped");
}

document.getElementById("room-label").textContent = room;
document.getElementById("unmute").addEventListener("click", () => {
  for (const video of grid.querySelectorAll("video")) video.muted = false;
});
document.getElementById("stop").addEventListener("click", stop);
window.addEventListener("pagehide", stop);
document.documentElement.dataset.ready = "true";
if (!/^[A-Za-z0-9_-]{1,64}$/.test(room)) {
  setStatus("Add ?room=<name> to the address to watch a room.", "no-room");
} else {
  start().catch((error) => setStatus(`Error: ${error.message}`, "error"));
}
