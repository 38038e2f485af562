#!/usr/bin/env python3
"""An aiortc client of the Switchboard signaling protocol (the signaling contract, docs/protocol.md).

`SwitchboardClient` joins a room over the WebSocket (`GET /rtc`), publishes
synthetic audio and video on its publish PC, answers the server's offers on
its subscribe PC and counts the decoded frames it receives per remote track
and participant (the message half in client_messages.py, the media half in
client_media.py, the synthetic tracks in synthetic_media.py). The interop
tests (Tests/Interop) drive it; the CLI at the bottom is for poking at a
running server by hand:

    python tools/interop/switchboard_client.py --url ws://127.0.0.1:8080/rtc \
        --room demo --name bot --seconds 10

Only 127.0.0.1 is used: host gathering is restricted to loopback (aioice
otherwise gathers on every interface) and no STUN or TURN server is ever
configured (aiortc adds a public STUN server when iceServers is None).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from typing import Any, Callable, Optional

import aioice.ice


def _loopback_only(use_ipv4: bool = True, use_ipv6: bool = True) -> list[str]:
    return ["127.0.0.1"]


# Must happen before any RTCPeerConnection gathers.
aioice.ice.get_host_addresses = _loopback_only

import websockets  # noqa: E402
from aiortc import RTCBundlePolicy, RTCConfiguration, RTCPeerConnection  # noqa: E402

from client_media import ClientMedia, TrackStats  # noqa: E402
from client_messages import ClientMessages, SwitchboardError  # noqa: E402
from synthetic_media import MovingBarVideoTrack, SineAudioTrack  # noqa: E402

# What the tests import from here (some of it lives in the modules above).
__all__ = ["MovingBarVideoTrack", "SineAudioTrack", "SwitchboardClient", "SwitchboardError", "TrackStats",
           "joined_client", "peer_configuration"]


def peer_configuration() -> RTCConfiguration:
    """No ICE servers at all, and max-bundle (interop-notes.md: with "balanced"
    the second m-line of a kind stays on a transport BUNDLE discards)."""
    return RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)


# ---------------------------------------------------------------- client


class SwitchboardClient(ClientMessages, ClientMedia):
    """One participant: a signaling WebSocket, a publish PC and a subscribe PC.

    State kept up to date from the server's messages:
      participant     -- this participant's `{id, name}` after `join`
      participants    -- the others, id -> {id, name, tracks}
      names           -- every participant ever seen, id -> name
      remote_tracks   -- track id -> track object, from `joined`/`tracks`
      subscribe_tracks-- mid -> track object from the last applied `offer`
      published_tracks-- our tracks from `published` (with publish-PC mids)
      messages        -- every message received, in order
      errors          -- every `error` message received
      left            -- ids from `participant-left`, in order
      offers          -- every applied `offer` payload, in order
      stats           -- track id -> TrackStats of decoded frames
      mid_frames      -- subscribe-PC mid -> frames decoded on that m-line
      data_channels   -- label -> our RTCDataChannel on the publish PC
      received_channels -- label -> the last channel the server opened on the
                         subscribe PC with that label (`<participant id>/<label>`)
      data_messages   -- label -> messages received on that label, in order
                         (str for text, bytes for binary, as aiortc gives them)
      closed_channels -- labels of subscribe-PC channels that closed, in order
    """

    def __init__(self, url: str, *, label: str = "",
                 remote_sdp_filter: Optional[Callable[[str], str]] = None,
                 rtc_configuration: Optional[Callable[[], RTCConfiguration]] = None) -> None:
        self.url = url
        self.label = label
        # Makes each RTCPeerConnection's configuration (tests give TURN
        # servers from `joined` with a relay-only policy); default: none.
        self.rtc_configuration = rtc_configuration or peer_configuration
        # Applied to every SDP from the server before aiortc sees it (tests
        # point the server's candidate at an impairment relay with it).
        self.remote_sdp_filter = remote_sdp_filter or (lambda sdp: sdp)
        self.ws: Any = None
        self.participant: Optional[dict] = None
        self.participants: dict[str, dict] = {}
        self.names: dict[str, str] = {}  # every participant ever seen, id -> name
        self.remote_tracks: dict[str, dict] = {}
        self.subscribe_tracks: dict[str, dict] = {}
        self.published_tracks: list[dict] = []
        self.messages: list[dict] = []
        self.errors: list[dict] = []
        self.left: list[str] = []
        self.redirects: list[str] = []  # signaling URLs followed after `redirect`
        self.offers: list[dict] = []
        self.answered_offers = 0
        self.negotiation_errors: list[str] = []
        self.stats: dict[str, TrackStats] = {}
        self.mid_frames: dict[str, int] = {}
        self.unattributed_frames = 0
        self.publish_pc: Optional[RTCPeerConnection] = None
        self.subscribe_pc: Optional[RTCPeerConnection] = None
        self.closed = asyncio.Event()
        self.close_code: Optional[int] = None
        self._offers: asyncio.Queue = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._changed = asyncio.Event()
        self._local_tracks: list = []
        self.data_channels: dict[str, Any] = {}
        self.received_channels: dict[str, Any] = {}
        self.data_messages: dict[str, list] = {}
        self.closed_channels: list[str] = []

    # -- connection -------------------------------------------------------

    async def connect(self) -> "SwitchboardClient":
        # max_size=None: receiving is never what a test limits.
        self.ws = await websockets.connect(self.url, max_size=None, open_timeout=10)
        self._tasks.append(asyncio.create_task(self._read_loop(), name=f"{self.label}-read"))
        self._tasks.append(asyncio.create_task(self._negotiation_loop(), name=f"{self.label}-negotiate"))
        return self

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def send_raw(self, data: "str | bytes") -> None:
        """Sends a frame as is (text for str, binary for bytes)."""
        await self.ws.send(data)

    @property
    def is_open(self) -> bool:
        return self.ws is not None and not self.closed.is_set()

    # -- the protocol -------------------------------------------------------

    async def join(self, room: str, name: str, token: Optional[str] = None,
                   timeout: float = 10.0, max_redirects: int = 3) -> dict:
        """Joins; in a cluster, follows `redirect` to the room's home node
        (at most max_redirects hops; each URL followed is kept in
        `redirects`)."""
        message = {"type": "join", "room": room, "name": name}
        if token is not None:
            message["token"] = token
        for hop in range(max_redirects + 1):
            reply = await self._request(message, "joined", timeout, also=("redirect",))
            if reply.get("type") != "redirect":
                return reply
            if hop == max_redirects:
                break
            self.redirects.append(reply["url"])
            await self._reconnect(reply["url"])
        raise SwitchboardError({"type": "error", "code": "too-many-redirects",
                                "message": f"more than {max_redirects} redirects", "request": "join"})

    async def _reconnect(self, url: str) -> None:
        """Drops this socket (the server closes it after `redirect`) and
        opens one to `url`; nothing else was set up before `joined`."""
        try:
            await asyncio.wait_for(self.closed.wait(), 5)
        except asyncio.TimeoutError:
            pass
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        self.url = url
        self.closed = asyncio.Event()
        self.close_code = None
        await self.connect()

    @property
    def id(self) -> Optional[str]:
        return self.participant["id"] if self.participant else None

    # -- ending -----------------------------------------------------------------

    async def leave(self) -> None:
        """Sends `leave`, waits (briefly) for the server to close the socket,
        then closes both PCs."""
        if self.is_open:
            try:
                await self.send({"type": "leave"})
                await asyncio.wait_for(self.closed.wait(), 5)
            except (websockets.ConnectionClosed, asyncio.TimeoutError):
                pass
        await self._shutdown()

    async def close(self) -> None:
        """Abrupt disconnect: drops the TCP connection without `leave` and
        without a WebSocket close handshake, then closes both PCs."""
        if self.ws is not None:
            transport = getattr(self.ws, "transport", None)
            if transport is not None:
                transport.abort()
            else:
                await self.ws.close()
        await self._shutdown()

    async def _shutdown(self) -> None:
        for track in self._local_tracks:
            track.stop()
        for pc in (self.publish_pc, self.subscribe_pc):
            if pc is not None:
                try:
                    await asyncio.wait_for(pc.close(), 5)
                except Exception:  # noqa: BLE001 - closing is best effort
                    pass
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except Exception:  # noqa: BLE001
                pass
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()


async def joined_client(url: str, room: str, name: str, *, publish: bool = False) -> SwitchboardClient:
    """A client connected to `url`, joined to `room` as `name` (its label
    too) and, with `publish`, publishing synthetic audio and video."""
    client = SwitchboardClient(url, label=name)
    await client.connect()
    await client.join(room, name)
    if publish:
        await client.publish()
    return client


# ---------------------------------------------------------------- CLI


async def _main(arguments: argparse.Namespace) -> int:
    client = SwitchboardClient(arguments.url, label=arguments.name)
    await client.connect()
    joined = await client.join(arguments.room, arguments.name, arguments.token)
    print(f"joined as {joined['participant']['id']}; others: "
          f"{[p.get('name') for p in joined.get('participants', [])]}", flush=True)
    if not arguments.no_publish:
        published = await client.publish(audio=not arguments.no_audio, video=not arguments.no_video)
        print(f"published {[(t.get('kind'), t.get('id')) for t in published.get('tracks', [])]}", flush=True)
    deadline = time.monotonic() + arguments.seconds
    while time.monotonic() < deadline and client.is_open:
        await asyncio.sleep(1)
        names = client.names
        counts = client.frames_by_participant()
        line = ", ".join(f"{names.get(pid, pid)}({pid}): video {c['video']} audio {c['audio']}"
                         for pid, c in sorted(counts.items())) or "no frames yet"
        print(f"[{arguments.seconds - (deadline - time.monotonic()):5.1f} s] {line}", flush=True)
    for error in client.errors:
        print(f"server error: {error}", flush=True)
    for error in client.negotiation_errors:
        print(f"client error: {error}", flush=True)
    await client.leave()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Join a Switchboard room with synthetic media and count what arrives.")
    parser.add_argument("--url", default="ws://127.0.0.1:8080/rtc")
    parser.add_argument("--room", default="demo")
    parser.add_argument("--name", default="bot")
    parser.add_argument("--token", default=None)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-publish", action="store_true")
    parser.add_argument("--no-audio", action="store_true")
    parser.add_argument("--no-video", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if arguments.verbose else logging.WARNING)
    try:
        return asyncio.run(_main(arguments))
    except SwitchboardError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
