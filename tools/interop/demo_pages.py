"""What the browser checks ask of the demo page, through its test hook
(`window.switchboardDemo`), for any page object with `hook(expression,
*args)`: selenium's Chromium (chromium_browser.Browser) and Marionette's
Firefox (firefox_marionette.Firefox) both have one."""
from __future__ import annotations

import time

from check_errors import CheckFailed

POLL_SECONDS = 0.1


def start_join(page, room: str, name: str, options: dict | None = None, token: str = "") -> float:
    """Asks the page to join and publish; returns when it was asked (monotonic).
    A failure lands in window.__joinError."""
    page.hook("(window.switchboardDemo.join(arguments[0], arguments[1], arguments[3], arguments[2] || undefined)"
              ".catch((e) => { window.__joinError = String(e); }), true)", room, name, options, token)
    return time.monotonic()


def remote_tile(stats, name: str):
    for tile in stats or []:
        if tile.get("participantName") == name:
            return tile
    return None


def states(pages: dict) -> dict:
    return {name: page.hook("window.switchboardDemo.state()") for name, (page, _) in pages.items()}


def wait_first_frames(pages: dict, joined_at: dict, deadline: float) -> dict:
    """pages: name -> (page, the name it must see). Waits until every page
    decoded a frame of the other; returns join-to-first-frame in ms per page."""
    first = {}
    while len(first) < len(pages):
        if time.monotonic() > deadline:
            raise CheckFailed(f"no decoded remote video in time (got {sorted(first)}); states: {states(pages)}")
        for name, (page, other) in pages.items():
            if name in first:
                continue
            error = page.hook("window.__joinError || null")
            if error:
                raise CheckFailed(f"{name}: join failed: {error}")
            tile = remote_tile(page.hook("window.switchboardDemo.stats()"), other)
            if tile and tile.get("framesDecoded", 0) > 0:
                first[name] = round((time.monotonic() - joined_at[name]) * 1000)
        time.sleep(POLL_SECONDS)
    return first


def frames_over(pages: dict, seconds: float) -> dict:
    """framesDecoded of the other's video per page, [before, after `seconds`];
    fails unless it grew on every page."""
    def sample():
        return {name: remote_tile(page.hook("window.switchboardDemo.stats()"), other)
                for name, (page, other) in pages.items()}
    before = sample()
    time.sleep(seconds)
    after = sample()
    frames = {name: [before[name]["framesDecoded"], after[name]["framesDecoded"]] for name in pages}
    for name, (before_count, after_count) in frames.items():
        if after_count <= before_count:
            raise CheckFailed(f"{name}: framesDecoded did not grow over {seconds} s: {frames}")
    return frames


def transports(page) -> dict:
    """The selected candidate pair of the page's publish and subscribe PCs."""
    return page.hook("window.switchboardDemo.transports()")


def exchange_chat(pages: dict, deadline: float) -> dict:
    """pages: name -> (page, the name it must hear). Each page sends one
    chat line over its data channel (retried until its channel is open);
    waits until every page shows the other's line. Returns ms from the first
    send attempt to the other's line shown, per page."""
    started = time.monotonic()
    lines = {name: f"chat from {name} ✓ {'.' * 100}" for name in pages}
    unsent = set(pages)
    heard = {}
    while len(heard) < len(pages):
        if time.monotonic() > deadline:
            raise CheckFailed(f"chat: sent by {sorted(set(pages) - unsent)}, heard by {sorted(heard)}")
        for name in sorted(unsent):
            if pages[name][0].hook("window.switchboardDemo.chat.send(arguments[0])", lines[name]):
                unsent.discard(name)
        for name, (page, other) in pages.items():
            if name in heard:
                continue
            shown = page.hook("window.switchboardDemo.chat.messages()") or []
            if any(not entry["own"] and entry["text"] == lines[other] and entry["name"] == other for entry in shown):
                heard[name] = round((time.monotonic() - started) * 1000)
        time.sleep(POLL_SECONDS)
    return heard
