// What the signaling contract (docs/protocol.md) fixes for a browser
// client: room and name rules, the signaling URL, errors, simulcast layers.

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

/**
 * Simulcast layers (RFC 8853, by rid), lowest first: the server forwards to
 * each subscriber the highest one its bandwidth and wanted size allow.
 */
export const SIMULCAST_ENCODINGS = [
  { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: "f", maxBitrate: 1_500_000 },
];

/** `redirect`s followed to reach a room's home node in a cluster. */
export const MAX_REDIRECTS = 3;

/** Both PCs bundle everything on one transport with RTCP muxed (the contract's "Model"). */
export const PC_CONFIG = { bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" };
