#!/usr/bin/env python3
"""Headless Chromium publishes simulcast (three layers by rid, q/h/f) over
WHIP (a page script POSTs its offer to /whip/{room}); the server must learn
the three layers of its video track, and an aiortc participant of the
contract must decode it.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_whip.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_whip_simulcast_check.py --server-binary .build/debug/switchboard

Prints one JSON line and exits 0 when ok. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402

ROOM = "whip-simulcast"
PUBLISH = """
const done = arguments[arguments.length - 1];
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: true });
  const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
  pc.addTransceiver(stream.getAudioTracks()[0], { direction: "sendonly" });
  pc.addTransceiver(stream.getVideoTracks()[0], { direction: "sendonly", sendEncodings: [
    { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150000 },
    { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500000 },
    { rid: "f", maxBitrate: 1500000 },
  ] });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
    setTimeout(resolve, 2000);
  });
  const response = await fetch(`/whip/${arguments[0]}?name=chromium`, {
    method: "POST", headers: { "Content-Type": "application/sdp" }, body: pc.localDescription.sdp });
  const body = await response.text();
  if (response.status !== 201) return done({ status: response.status, body });
  await pc.setRemoteDescription({ type: "answer", sdp: body });
  window.whipPC = pc;
  done({ status: 201, location: response.headers.get("Location"), rids: (body.match(/a=rid:/g) || []).length });
})().catch((error) => done({ error: String(error) }));
"""


def published_layers(base_url: str) -> list:
    with urllib.request.urlopen(f"{base_url}/rooms/{ROOM}", timeout=2) as response:
        stats = json.load(response)
    for participant in stats.get("participants", []):
        if participant.get("name") != "chromium":
            continue
        for track in participant.get("published", []):
            if track.get("kind") == "video":
                return track.get("layers", [])
    return []


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, time.monotonic() + 30)
    viewer = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="viewer")
    cleanup.append(("viewer", viewer.leave, None))
    await viewer.connect()
    await viewer.join(ROOM, "viewer")

    browser = Browser("whip", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, f"{base_url}/demo/watch.html", time.monotonic() + 20)
    published = await asyncio.to_thread(browser.driver.execute_async_script, PUBLISH, ROOM)
    result["post"] = published
    if published.get("status") != 201:
        raise CheckFailed(f"the WHIP POST failed: {published}")

    deadline = time.monotonic() + 25
    layers: list = []
    while time.monotonic() < deadline:
        layers = await asyncio.to_thread(published_layers, base_url)
        frames = sum(s.frames for s in viewer.stats.values() if s.kind == "video")
        if len([layer for layer in layers if layer.get("bitrate", 0) > 0]) >= 2 and frames >= 30:
            break
        await asyncio.sleep(0.25)
    result["layers"] = [{"rid": layer.get("rid"), "bitrate": layer.get("bitrate"), "width": layer.get("width")}
                        for layer in layers]
    result["frames"] = sum(s.frames for s in viewer.stats.values() if s.kind == "video")
    rids = sorted(layer.get("rid") for layer in layers)
    if rids != ["f", "h", "q"]:
        raise CheckFailed(f"the server knows the layers {rids}, not q, h and f")
    if len([layer for layer in layers if layer.get("bitrate", 0) > 0]) < 2 or result["frames"] < 30:
        raise CheckFailed(f"layers {result['layers']}, {result['frames']} frames decoded by the viewer")
    result["ok"] = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=90)
    return run(parser.parse_args(), check, "whip-simulcast-")


if __name__ == "__main__":
    sys.exit(main())
