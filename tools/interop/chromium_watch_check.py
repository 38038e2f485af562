#!/usr/bin/env python3
"""Headless Chromium on the WHEP watch page (/demo/watch.html?room=R)
decodes a room: an aiortc participant of the contract publishes video and
audio, and a WHIP publisher (aiortc) joins it; the page must decode both
videos. Reports the time from the page's WHEP POST to its first shown frame.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_whep_chromium.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_watch_check.py --server-binary .build/debug/switchboard

Prints one JSON line and exits 0 when ok. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402
from whip_client import WHIPPublisher  # noqa: E402

ROOM = "watch-check"
FRAMES = 30


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, time.monotonic() + 30)

    presenter = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="presenter")
    cleanup.append(("presenter", presenter.leave, None))
    await presenter.connect()
    await presenter.join(ROOM, "presenter")
    await presenter.publish(audio=True, video=True)
    whip = WHIPPublisher(base_url, ROOM, name="whip-cam")
    cleanup.append(("whip", whip.close, None))
    await whip.start()
    await whip.connected()

    browser = Browser("viewer", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, f"{base_url}/demo/watch.html?room={ROOM}", time.monotonic() + 20)
    deadline = time.monotonic() + 30
    decoded = {}
    while time.monotonic() < deadline:
        decoded = await asyncio.to_thread(
            browser.driver.execute_async_script, "window.watch.decoded().then(arguments[0])")
        if decoded.get("videoStreams", 0) >= 2 and decoded.get("video", 0) >= 2 * FRAMES:
            break
        await asyncio.sleep(0.2)
    watch = await asyncio.to_thread(browser.hook, "window.watch")
    result["decoded"] = decoded
    result["state"] = watch.get("state")
    if watch.get("firstFrameAt") is not None and watch.get("postedAt") is not None:
        result["post_to_first_frame_ms"] = round(watch["firstFrameAt"] - watch["postedAt"])
    await whip.delete()
    await whip.close()
    if decoded.get("videoStreams", 0) < 2 or decoded.get("video", 0) < 2 * FRAMES:
        result["console"] = await asyncio.to_thread(browser.console)
        raise CheckFailed(f"the watch page decoded {decoded} (state {watch.get('state')})")
    result["ok"] = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=90)
    return run(parser.parse_args(), check, "watch-check-")


if __name__ == "__main__":
    sys.exit(main())
