#!/usr/bin/env python3
"""Headless Chromium on the demo page chats with an aiortc participant over
data channels through the server: each sends on its own "chat" channel,
the other receives on the channel the server opened, labelled
"<sender participant id>/chat", the text byte for byte and in order.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_chat_chromium.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_chat_check.py --server-binary .build/debug/switchboard

Prints one JSON line ({"ok", "open_ms", "round_trip_ms", "error"?...}) and
exits 0 when ok. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, parser, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from demo_pages import start_join  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402

ROOM = "chat-check"
# Several messages each way, one with characters outside ASCII and one
# near the box's 2000-character limit: text arrives as sent, in order.
FROM_CHROMIUM = ["hello from chromium", "größer als 💬 — ünïcödé", "x" * 1999, "last from chromium"]
FROM_AIORTC = ["hello from aiortc", "ça va ? 👋", "y" * 1500, "last from aiortc"]


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    deadline = time.monotonic() + args.timeout - 20
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, deadline)

    bot = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="bot")
    cleanup.append(("bot", bot.leave, None))
    await bot.connect()
    joined = await bot.join(ROOM, "bot")
    await bot.publish(audio=True, video=False, data_channels=[{"label": "chat"}])
    bot_id = joined["participant"]["id"]

    browser = Browser("alice", workdir)
    cleanup.append((browser.name, browser.stop, browser.console))
    await asyncio.to_thread(browser.start)
    await asyncio.to_thread(browser.open, base_url + "/", deadline)
    asked_at = await asyncio.to_thread(start_join, browser, ROOM, "alice")

    # The page's channel opens once its publish PC's DTLS and SCTP are up.
    while not await asyncio.to_thread(browser.hook, "window.switchboardDemo.chat.send(arguments[0])", FROM_CHROMIUM[0]):
        if time.monotonic() > deadline:
            raise CheckFailed(f"the page's chat channel never opened: {await page_state(browser)}")
        await asyncio.sleep(0.1)
    result["open_ms"] = round((time.monotonic() - asked_at) * 1000)
    alice_id = (await asyncio.to_thread(browser.hook, "window.switchboardDemo.state().self"))["id"]
    for text in FROM_CHROMIUM[1:]:
        if not await asyncio.to_thread(browser.hook, "window.switchboardDemo.chat.send(arguments[0])", text):
            raise CheckFailed("the page's chat channel closed while sending")

    label = f"{alice_id}/chat"
    got = await bot.wait_for(lambda: len(bot.data_messages.get(label, [])) >= len(FROM_CHROMIUM) and bot.data_messages[label],
                             timeout=max(1, deadline - time.monotonic()), what=f"the page's messages on {label}")
    result["aiortc_received"] = [text[:40] for text in got]
    if got != FROM_CHROMIUM:
        raise CheckFailed(f"aiortc got {result['aiortc_received']} on {label}, not what the page sent")

    # aiortc's own channel: open once the server acknowledged it (DCEP).
    channel = bot.data_channels["chat"]
    await bot.wait_for(lambda: channel.readyState == "open", timeout=10, what="aiortc's chat channel to open")
    sent_at = time.monotonic()
    for text in FROM_AIORTC:
        channel.send(text)
    while True:
        messages = await asyncio.to_thread(browser.hook, "window.switchboardDemo.chat.messages()")
        remote = [entry for entry in messages if not entry["own"]]
        if len(remote) >= len(FROM_AIORTC):
            break
        if time.monotonic() > deadline:
            raise CheckFailed(f"the page shows {len(remote)} of aiortc's {len(FROM_AIORTC)} messages")
        await asyncio.sleep(0.05)
    result["round_trip_ms"] = round((time.monotonic() - sent_at) * 1000)
    if [entry["text"] for entry in remote] != FROM_AIORTC:
        raise CheckFailed(f"the page shows {[entry['text'][:40] for entry in remote]}, not what aiortc sent")
    if {entry["from"] for entry in remote} != {bot_id} or {entry["name"] for entry in remote} != {"bot"}:
        raise CheckFailed(f"the page attributes aiortc's messages to {remote[0]['from']}/{remote[0]['name']}")
    shown = await asyncio.to_thread(browser.hook, "document.getElementById('chat-log').children.length")
    if shown != len(FROM_CHROMIUM) + len(FROM_AIORTC):
        raise CheckFailed(f"the chat log shows {shown} lines, expected {len(FROM_CHROMIUM) + len(FROM_AIORTC)}")
    result["ok"] = True


async def page_state(browser) -> dict:
    return await asyncio.to_thread(browser.hook, "window.switchboardDemo.state()")


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0], timeout=60.0)
    return run(arguments.parse_args(), check, "switchboard-chat-check-")


if __name__ == "__main__":
    sys.exit(main())
