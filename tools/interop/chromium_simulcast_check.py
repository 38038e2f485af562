#!/usr/bin/env python3
"""Headless Chromium publishes simulcast (three layers, q/h/f) through the
bundled demo page; an aiortc subscriber receives it through an impairment
relay whose server-to-subscriber direction is capped. The subscriber must get
a lower layer while the cap is on, and the full layer once it is lifted.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_simulcast_chromium.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_simulcast_check.py \
        --server-binary .build/debug/switchboard

What it does:
  1. starts the server and Chromium (fake 720p camera); the page joins with
     ?simulcast=1 and publishes q (1/4), h (1/2) and f (full) by rid;
  2. an aiortc subscriber joins through the relay, capped at --cap-kbps
     (300 by default) from the server to it;
  3. after --settle seconds of video, the layer the server forwards to the
     subscriber (GET /rooms/{room}) and the size aiortc decodes must be below
     the full layer;
  4. the cap is lifted: within --recover seconds the subscriber must decode
     the full layer's size (the largest Chromium sends).

Prints one JSON line with the layer and decoded sizes over time and exits 0
when ok, 1 otherwise. Only 127.0.0.1 is contacted.
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

from bounded_check import CheckFailed, inside_loop, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402
from udp_impairment_relay import Impairment, ImpairmentRelay, rewrite_candidates  # noqa: E402

ROOM = "simulcast-check"


def media_port(ready_line: str) -> int:
    for part in ready_line.split():
        if part.startswith("media="):
            return int(part.split(",")[0].rsplit(":", 1)[1])
    raise CheckFailed(f"no media port in {ready_line!r}")


def forwarded_layers(base_url: str, subscriber_id: str) -> list:
    """The layers the server forwards to `subscriber_id`, from the room's
    stats (whatever of them it reports; [] when the room has none)."""
    try:
        with urllib.request.urlopen(f"{base_url}/rooms/{ROOM}", timeout=2) as response:
            stats = json.load(response)
    except Exception:  # noqa: BLE001 - a diagnostic, the sizes decide
        return []
    layers = []
    for participant in stats.get("participants", []):
        if participant.get("id") != subscriber_id:
            continue
        for subscription in participant.get("subscriptions", []):
            if subscription.get("kind") == "video":
                layers.append(subscription.get("layer"))
    return layers


async def run_check(args, workdir: str, result: dict, cleanup: list) -> None:
    deadline = time.monotonic() + args.timeout - 15
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, deadline)
    result["server"] = server.ready_line

    browser = Browser("camera", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, base_url + "/?simulcast=1", deadline)
    await asyncio.to_thread(
        browser.hook, "(window.switchboardDemo.join(arguments[0], arguments[1])"
        ".catch((e) => { window.__joinError = String(e); }), true)", ROOM, "camera")

    relay = await ImpairmentRelay(("127.0.0.1", media_port(server.ready_line)),
                                  downstream=Impairment(rate_kbps=args.cap_kbps, queue_ms=200)).start()
    cleanup.append(("relay", inside_loop(relay.close), None))
    subscriber = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="viewer",
                                   remote_sdp_filter=lambda sdp: rewrite_candidates(sdp, relay.port))
    cleanup.append(("subscriber", subscriber.leave, None))
    await subscriber.connect()
    await subscriber.join(ROOM, "viewer")

    def video():
        return next((s for s in subscriber.stats.values() if s.kind == "video" and s.frames > 0), None)

    async def sample(seconds: float, label: str) -> list:
        samples = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            error = await asyncio.to_thread(browser.hook, "window.__joinError || null")
            if error:
                raise CheckFailed(f"the page could not join: {error}")
            stats = video()
            layers = await asyncio.to_thread(forwarded_layers, base_url, subscriber.id or "")
            samples.append({"phase": label, "t": round(time.monotonic() - start, 1),
                            "size": [stats.width, stats.height] if stats else None,
                            "frames": stats.frames if stats else 0, "layers": layers})
            await asyncio.sleep(1)
        return samples

    start = time.monotonic()
    await subscriber.wait_for(video, max(1.0, deadline - time.monotonic()), what="first video frame")
    result["first_frame_s"] = round(time.monotonic() - start, 1)

    capped = await sample(args.settle, "capped")
    result["samples"] = capped
    stats = video()
    result["capped_size"] = [stats.width, stats.height]
    if stats.width >= args.full_width:
        raise CheckFailed(f"with a {args.cap_kbps} kbit/s cap the subscriber still decodes "
                          f"{stats.width}x{stats.height}, the full layer")
    frames_capped = stats.frames
    result["capped_layers"] = capped[-1]["layers"]
    if not capped[-1]["layers"] or "f" in capped[-1]["layers"]:
        raise CheckFailed(f"under the cap the server reports forwarding {capped[-1]['layers']}, "
                          f"not a lower layer")

    relay.downstream.rate_kbps = None
    lifted_at = time.monotonic()
    while True:
        result["samples"] += await sample(1, "lifted")
        stats = video()
        if stats.width >= args.full_width:
            result["lifted_layers"] = result["samples"][-1]["layers"]
            result["full_layer_after_s"] = round(time.monotonic() - lifted_at, 1)
            break
        if time.monotonic() - lifted_at > args.recover or time.monotonic() > deadline:
            raise CheckFailed(f"{args.recover} s after the cap was lifted the subscriber decodes "
                              f"{stats.width}x{stats.height}, not the full layer")
    result["frames"] = {"capped": frames_capped, "total": stats.frames}
    result["relay"] = relay.counters()
    result["ok"] = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--cap-kbps", type=float, default=300)
    parser.add_argument("--settle", type=float, default=12, help="seconds under the cap before judging")
    parser.add_argument("--recover", type=float, default=45, help="seconds allowed to reach the full layer")
    parser.add_argument("--full-width", type=int, default=1280, help="width of the full layer")
    parser.add_argument("--timeout", type=float, default=120.0, help="bound on the whole run, in seconds")
    args = parser.parse_args()

    return run(args, run_check, "switchboard-simulcast-check-")


if __name__ == "__main__":
    sys.exit(main())
