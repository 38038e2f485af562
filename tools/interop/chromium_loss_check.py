#!/usr/bin/env python3
"""Video under packet loss, seen by headless Chromium: an aiortc publisher
and a Chromium subscriber (the demo page) reach the server only through the
impairment relay (the server announces the relay's port, --announce-port).
For --window seconds the link is clean, then for --window seconds it drops
--loss percent of the media each way (the publisher's path to the server and
the server's path to the subscriber). Chromium must decode within 10% as many
of the publisher's frames as in the clean window and never freeze for a
second; the server's NACK and retransmission counters must move.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_quality_loss.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_loss_check.py --server-binary .build/debug/switchboard

Prints one JSON line (frames and longest gap per window, Chromium's own NACK
and freeze counters, the server's counters, the relay's drops) and exits 0
when ok, 1 otherwise. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, inside_loop, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from server_process import Server  # noqa: E402
from chromium_simulcast_check import media_port  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402
from udp_impairment_relay import Impairment, ImpairmentRelay  # noqa: E402

ROOM = "loss-check"
POLL_SECONDS = 0.05


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def room_counters(base_url: str) -> dict:
    """The room's NACK, recovery and retransmission series, summed."""
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=5) as response:
        text = response.read().decode()
    totals: dict[str, float] = {}
    for line in text.splitlines():
        match = re.match(r"^(switchboard_(?:nacks_sent|nacks_received|packets_recovered|retransmissions|plis_sent)"
                         r"_total)\{([^}]*)\} ([0-9.e+-]+)$", line)
        if match and f'room="{ROOM}"' in match.group(2):
            totals[match.group(1)] = totals.get(match.group(1), 0.0) + float(match.group(3))
    return totals


async def run_check(args, workdir: str, result: dict, cleanup: list) -> None:
    deadline = time.monotonic() + args.timeout - 15
    relay_port = free_udp_port()
    server = Server(args.server_binary, workdir, extra_args=("--announce-port", str(relay_port)))
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, deadline)
    result["server"] = server.ready_line

    upstream, downstream = Impairment(), Impairment()
    relay = await ImpairmentRelay(("127.0.0.1", media_port(server.ready_line)), upstream=upstream,
                                  downstream=downstream, seed=args.seed).start(relay_port)
    cleanup.append(("relay", inside_loop(relay.close), None))

    publisher = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="publisher")
    cleanup.append(("publisher", publisher.leave, None))
    await publisher.connect()
    await publisher.join(ROOM, "publisher")
    await publisher.publish(audio=True, video=True)

    browser = Browser("viewer", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, base_url + "/", deadline)
    await asyncio.to_thread(
        browser.hook, "(window.switchboardDemo.join(arguments[0], arguments[1])"
        ".catch((e) => { window.__joinError = String(e); }), true)", ROOM, "viewer")

    async def tile():
        error = await asyncio.to_thread(browser.hook, "window.__joinError || null")
        if error:
            raise CheckFailed(f"the page could not join: {error}")
        stats = await asyncio.to_thread(browser.hook, "window.switchboardDemo.stats()")
        return next((t for t in stats or [] if t.get("participantName") == "publisher"), None)

    while True:
        current = await tile()
        if current and current["framesDecoded"] > 0:
            break
        if time.monotonic() > deadline:
            raise CheckFailed("Chromium decoded no video from the publisher")
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # past the first keyframe's round trips

    async def window(label: str) -> dict:
        first = await tile()
        counters_before = await asyncio.to_thread(room_counters, base_url)
        start = last_change = time.monotonic()
        frames = first["framesDecoded"]
        longest = 0.0
        while time.monotonic() - start < args.window:
            await asyncio.sleep(POLL_SECONDS)
            current = await tile()
            now = time.monotonic()
            if current["framesDecoded"] != frames:
                frames = current["framesDecoded"]
                longest = max(longest, now - last_change)
                last_change = now
        longest = max(longest, time.monotonic() - last_change)
        counters_after = await asyncio.to_thread(room_counters, base_url)
        return {
            "window": label,
            "frames": current["framesDecoded"] - first["framesDecoded"],
            "longest_gap_s": round(longest, 3),
            "chromium": {key: round(current["video"][key] - first["video"][key], 3)
                         for key in ("freezeCount", "totalFreezesDuration", "nackCount", "packetsLost")},
            "server": {name: counters_after.get(name, 0) - counters_before.get(name, 0)
                       for name in counters_after},
        }

    clean = await window("clean")
    upstream.loss = downstream.loss = args.loss / 100
    lossy = await window("lossy")
    result["clean"], result["lossy"] = clean, lossy
    result["relay"] = relay.counters()
    if clean["frames"] < 0.8 * 15 * args.window:
        raise CheckFailed(f"the clean window decoded only {clean['frames']} frames")
    if lossy["frames"] < 0.9 * clean["frames"]:
        raise CheckFailed(f"{lossy['frames']} frames under loss, {clean['frames']} without")
    if lossy["longest_gap_s"] >= 1.0:
        raise CheckFailed(f"a freeze of {lossy['longest_gap_s']} s under loss")
    server = lossy["server"]
    if not (server.get("switchboard_nacks_sent_total", 0) > 0 and server.get("switchboard_nacks_received_total", 0) > 0
            and server.get("switchboard_retransmissions_total", 0) > 0):
        raise CheckFailed(f"the server's NACK counters did not move: {server}")
    result["ok"] = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--loss", type=float, default=5.0, help="percent, each way")
    parser.add_argument("--window", type=float, default=10.0, help="seconds per window")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=90.0, help="bound on the whole run, in seconds")
    args = parser.parse_args()

    return run(args, run_check, "switchboard-loss-check-")


if __name__ == "__main__":
    sys.exit(main())
