// The demo's recording control: starts and stops the room's recording
// through the HTTP control routes (docs/protocol.md). When the server
// requires tokens those routes need an admin token
// (`switchboard token --admin [--room R]`), sent as a Bearer header.

/** POST (start) or DELETE (stop) /rooms/{room}/recording; resolves to the JSON answer. */
export async function controlRecording(room, start, adminToken = "") {
  const headers = adminToken ? { Authorization: `Bearer ${adminToken}` } : {};
  const response = await fetch(`/rooms/${encodeURIComponent(room)}/recording`, {
    method: start ? "POST" : "DELETE",
    headers,
  });
  let body = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON: keep the status alone.
  }
  if (!response.ok) {
    const reason = typeof body.error === "string" ? body.error : body.error?.message;
    throw new Error(`${response.status}${reason ? `: ${reason}` : ""}`);
  }
  return body;
}
