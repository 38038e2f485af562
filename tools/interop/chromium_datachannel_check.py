#!/usr/bin/env python3
"""Headless Chromium and an aiortc participant exchange data channel
messages through a Switchboard room: Chromium's SCTP (dcSCTP) against the
server's engine on both of its peer connections.

The page (the server's own origin) runs a minimal client of the signaling
contract: it opens a channel "chat" on its publish PC and collects the
channels the server opens on its subscribe PC. The aiortc participant does
the same. Each sends text, binary, empty text and a 256 KiB binary message;
each side must receive the other's, byte for byte (FNV-1a of the bytes),
with its type, on `<sender id>/chat`.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_datachannels_chromium.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_datachannel_check.py --server-binary .build/debug/switchboard

Prints one JSON line and exits 0 when ok. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, parser, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402

ROOM = "datachannel-check"
LARGE = 256 * 1024

PAGE_CLIENT = """
const room = arguments[0];
const state = {id: null, received: {}, open: false, errors: [], log: []};
window.dcCheck = state;
const fnv = (bytes) => { let h = 0x811c9dc5; for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; } return h; };
const describe = (data) => typeof data === 'string'
  ? {type: 'text', length: new TextEncoder().encode(data).length, fnv: fnv(new TextEncoder().encode(data))}
  : {type: 'binary', length: data.byteLength, fnv: fnv(new Uint8Array(data))};
const ws = new WebSocket(location.origin.replace('http', 'ws') + '/rtc');
const config = {bundlePolicy: 'max-bundle', iceServers: []};
const pub = new RTCPeerConnection(config);
let sub = null;
const chat = pub.createDataChannel('chat');
chat.onopen = () => { state.open = true; };
state.send = () => {
  const big = new Uint8Array(262144); for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255;
  chat.send('from chromium ✓'); chat.send(new Uint8Array([0, 1, 2, 255])); chat.send(''); chat.send(big);
};
const send = (m) => ws.send(JSON.stringify(m));
ws.onopen = () => send({type: 'join', room, name: 'chromium'});
ws.onmessage = async (event) => {
  const m = JSON.parse(event.data);
  try {
    if (m.type === 'joined') {
      state.id = m.participant.id;
      await pub.setLocalDescription(await pub.createOffer());
      send({type: 'publish', sdp: pub.localDescription.sdp});
    } else if (m.type === 'published') {
      await pub.setRemoteDescription({type: 'answer', sdp: m.sdp});
    } else if (m.type === 'offer') {
      if (!sub) {
        sub = new RTCPeerConnection(config);
        sub.ondatachannel = (e) => {
          const channel = e.channel;
          channel.binaryType = 'arraybuffer';
          state.received[channel.label] = {ordered: channel.ordered, messages: []};
          channel.onmessage = (message) => state.received[channel.label].messages.push(describe(message.data));
        };
      }
      await sub.setRemoteDescription({type: 'offer', sdp: m.sdp});
      await sub.setLocalDescription(await sub.createAnswer());
      send({type: 'answer', sdp: sub.localDescription.sdp});
    } else if (m.type === 'error') {
      state.errors.push(m);
    }
  } catch (error) { state.errors.push(String(error)); }
};
"""


def fnv(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def describe(message) -> dict:
    data = message.encode() if isinstance(message, str) else message
    return {"type": "text" if isinstance(message, str) else "binary", "length": len(data), "fnv": fnv(data)}


async def wait(what: str, predicate, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await predicate()
        if value:
            return value
        await asyncio.sleep(0.2)
    raise CheckFailed(f"timed out waiting for {what}")


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, time.monotonic() + 30)
    peer = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="aiortc")
    cleanup.append(("aiortc", peer.leave, None))
    await peer.connect()
    await peer.join(ROOM, "aiortc")
    await peer.publish(audio=False, video=False, data_channels=[{"label": "chat"}])

    browser = Browser("chromium", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, f"{base_url}/", time.monotonic() + 20)
    await asyncio.to_thread(browser.driver.execute_script, PAGE_CLIENT, ROOM)

    async def page(expression: str):
        return await asyncio.to_thread(browser.hook, expression)

    chromium_id = await wait("the page to join", lambda: page("window.dcCheck.id"))
    label_at_chromium = f"{peer.id}/chat"
    label_at_aiortc = f"{chromium_id}/chat"
    await wait("both channels open and forwarded", lambda: _both_ready(page, peer, label_at_chromium, label_at_aiortc))

    sent_by_aiortc = ["from aiortc é", bytes([9, 8, 7]), "", os.urandom(LARGE)]
    for message in sent_by_aiortc:
        peer.data_channels["chat"].send(message)
    await page("window.dcCheck.send(), true")
    expected_at_chromium = [describe(m) for m in sent_by_aiortc]
    big = bytes((i * 7) & 255 for i in range(LARGE))
    sent_by_chromium = ["from chromium ✓", bytes([0, 1, 2, 255]), "", big]

    async def chromium_received():
        received = await page(f"window.dcCheck.received[{label_at_chromium!r}]")
        return received if received and len(received["messages"]) >= len(expected_at_chromium) else None

    got = await wait("Chromium to receive aiortc's messages", chromium_received)
    await wait("aiortc to receive Chromium's messages",
               lambda: _async(len(peer.data_messages.get(label_at_aiortc, [])) >= len(sent_by_chromium)))
    result["chromium_received"] = got["messages"]
    result["aiortc_received"] = [describe(m) for m in peer.data_messages[label_at_aiortc]]
    errors = await page("window.dcCheck.errors")
    if errors or peer.errors or peer.negotiation_errors:
        raise CheckFailed(f"errors: page {errors}, aiortc {peer.errors} {peer.negotiation_errors}")
    if got["messages"] != expected_at_chromium:
        raise CheckFailed(f"Chromium received {got['messages']}, expected {expected_at_chromium}")
    if peer.data_messages[label_at_aiortc] != sent_by_chromium:
        raise CheckFailed(f"aiortc received {result['aiortc_received']}")
    result["ok"] = True


async def _async(value):
    return value


async def _both_ready(page, peer, label_at_chromium: str, label_at_aiortc: str) -> bool:
    page_ready = await page(f"window.dcCheck.open && !!window.dcCheck.received[{label_at_chromium!r}]")
    channel = peer.received_channels.get(label_at_aiortc)
    return bool(page_ready) and channel is not None and channel.readyState == "open" \
        and peer.data_channels["chat"].readyState == "open"


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0], timeout=90.0)
    return run(arguments.parse_args(), check, "switchboard-datachannel-check-")


if __name__ == "__main__":
    sys.exit(main())
