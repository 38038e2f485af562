// Runs inside a Chromium page of the demo (loaded by bench/datachannels-chromium):
// sends `count` messages of `size` bytes on a reliable ordered channel and
// measures delivery, either through the server (two demo Sessions in this
// page: the sender's channel "bench" reaches the receiver as
// "<sender id>/bench") or directly between two local peer connections
// (Chromium's own SCTP on both ends). One page, one clock: each message
// carries its send time.

const LOW_WATER = 256 * 1024;
const HIGH_WATER = 1024 * 1024;

async function pump(channel, count, size) {
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  channel.bufferedAmountLowThreshold = LOW_WATER;
  for (let i = 0; i < count; i++) {
    if (channel.bufferedAmount > HIGH_WATER) {
      await new Promise((resolve) => { channel.onbufferedamountlow = resolve; });
    }
    view.setUint32(0, i);
    view.setFloat64(4, performance.now());
    channel.send(payload);
  }
}

function collect(count) {
  const latencies = [];
  let resolveDone;
  const done = new Promise((resolve) => { resolveDone = resolve; });
  const onMessage = (event) => {
    const view = new DataView(event.data);
    latencies.push(performance.now() - view.getFloat64(4));
    if (latencies.length === count) resolveDone();
  };
  return { onMessage, done, latencies };
}

function summary(latencies, started, finished) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    received: latencies.length,
    seconds: (finished - started) / 1000,
    messagesPerSecond: latencies.length / ((finished - started) / 1000),
    p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1],
  };
}

async function openOpen(channel) {
  if (channel.readyState === "open") return;
  await new Promise((resolve) => { channel.onopen = resolve; });
}

/** Sends `count` messages once both channels are open; resolves to the figures. */
async function measure(sending, receiving, count, size) {
  receiving.binaryType = "arraybuffer";
  await openOpen(sending);
  await openOpen(receiving);
  const sink = collect(count);
  receiving.onmessage = sink.onMessage;
  const started = performance.now();
  await pump(sending, count, size);
  await sink.done;
  return summary(sink.latencies, started, performance.now());
}

/** Chromium to Chromium, no server: two peer connections in this page. */
export async function direct(count, size) {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (event) => event.candidate && b.addIceCandidate(event.candidate);
  b.onicecandidate = (event) => event.candidate && a.addIceCandidate(event.candidate);
  const sending = a.createDataChannel("bench", { ordered: true });
  sending.binaryType = "arraybuffer";
  const incoming = new Promise((resolve) => { b.ondatachannel = (event) => resolve(event.channel); });
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  const result = await measure(sending, await incoming, count, size);
  a.close();
  b.close();
  return result;
}

/** Through the server: a sender and a receiver Session in one room. */
export async function throughServer(count, size, room) {
  const { Session, signalingURL } = await import(new URL("/demo/session.js", location.origin).href);
  let sending = null;
  let resolveReceiving;
  const receivingChannel = new Promise((resolve) => { resolveReceiving = resolve; });
  const receiver = new Session({
    url: signalingURL(), room, name: "receiver",
    callbacks: {
      onPeerConnection: (pc, label) => {
        if (label !== "subscribe") return;
        pc.addEventListener("datachannel", (event) => {
          if (event.channel.label.endsWith("/bench")) resolveReceiving(event.channel);
        });
      },
    },
  });
  await receiver.start();
  const sender = new Session({
    url: signalingURL(), room, name: "sender",
    callbacks: {
      onPeerConnection: (pc, label) => {
        if (label === "publish") sending = pc.createDataChannel("bench", { ordered: true });
      },
    },
  });
  await sender.start();
  const result = await measure(sending, await receivingChannel, count, size);
  sender.leave();
  receiver.leave();
  return result;
}
