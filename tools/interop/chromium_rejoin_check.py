#!/usr/bin/env python3
"""A demo page rejoins by itself when its server goes away and comes back:
headless Chromium joins a room with an aiortc participant and decodes its
video; the server is stopped and started again on the same ports; the page
shows that it lost the connection, retries with backoff, and is back in the
room decoding the participant (who joined again too) without anyone
touching it. Reports the time from the restart to the page's first frame.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_rejoin_chromium.py does. Prints one JSON line and exits
0 when ok. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, parser, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from demo_pages import remote_tile, start_join  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402

ROOM = "rejoin-check"


async def decoded_frames(browser, name: str) -> int:
    tile = remote_tile(await asyncio.to_thread(browser.hook, "window.switchboardDemo.stats()"), name)
    return tile.get("framesDecoded", 0) if tile else 0


async def wait_until(predicate, deadline: float, what: str, state):
    while not await predicate():
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what}: not in time; page state {await state()}")
        await asyncio.sleep(0.1)


async def bot_publishing(ws_url: str, cleanup: list) -> SwitchboardClient:
    bot = SwitchboardClient(ws_url, label="bot")
    cleanup.append(("bot", bot.leave, None))
    await bot.connect()
    await bot.join(ROOM, "bot")
    await bot.publish(audio=True, video=True)
    return bot


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    deadline = time.monotonic() + args.timeout - 20
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, deadline)
    ws_url = base_url.replace("http://", "ws://") + "/rtc"
    await bot_publishing(ws_url, cleanup)

    browser = Browser("alice", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, base_url + "/", deadline)
    await asyncio.to_thread(start_join, browser, ROOM, "alice")

    async def state():
        return await asyncio.to_thread(browser.hook, "window.switchboardDemo.state()")

    async def sees_bot():
        return await decoded_frames(browser, "bot") > 0

    await wait_until(sees_bot, deadline, "the page decoding the bot before the restart", state)

    restarted_at = time.monotonic()
    await asyncio.to_thread(server.restart, deadline)

    async def says_lost():
        return "Connection lost" in (await state()).get("status", "")

    await wait_until(says_lost, deadline, "the page saying it lost the connection", state)
    await bot_publishing(ws_url, cleanup)

    async def back_in_room():
        status = await state()
        return status.get("joined") and "bot" in status.get("remoteParticipants", []) and await sees_bot()

    await wait_until(back_in_room, deadline, "the page back in the room decoding the bot", state)
    result["restart_to_first_frame_ms"] = round((time.monotonic() - restarted_at) * 1000)
    result["status"] = (await state()).get("status")
    result["ok"] = True


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0], timeout=90.0)
    return run(arguments.parse_args(), check, "switchboard-rejoin-check-")


if __name__ == "__main__":
    sys.exit(main())
