#!/usr/bin/env python3
"""An aiortc client of the Switchboard signaling protocol (the signaling contract, docs/protocol.md).

`SwitchboardClient` joins a room over the WebSocket (`GET /rtc`), publishes
synthetic audio and video on its publish PC, answers the server's offers on
its subscribe PC and counts the decoded frames it receives per remote track
and participant. The interop tests (Tests/Interop) drive it; the CLI at the
bottom is for poking at a running server by hand:

    python tools/interop/switchboard_client.py --url ws://127.0.0.1:8080/rtc \
        --room demo --name bot --seconds 10

Only 127.0.0.1 is used: host gathering is restricted to loopback (aioice
otherwise gathers on every interface) and no STUN or TURN server is ever
configured (aiortc adds a public STUN server when iceServers is None).
"""
from __future__ import annotations

import argparse
import asyncio
import fractions
import json
import logging
import math
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

import aioice.ice


def _loopback_only(use_ipv4: bool = True, use_ipv6: bool = True) -> list[str]:
    return ["127.0.0.1"]


# Must happen before any RTCPeerConnection gathers.
aioice.ice.get_host_addresses = _loopback_only

import numpy  # noqa: E402
import websockets  # noqa: E402
from aiortc import (  # noqa: E402
    AudioStreamTrack,
    RTCBundlePolicy,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamError  # noqa: E402
from av import AudioFrame, VideoFrame  # noqa: E402

log = logging.getLogger("switchboard_client")

VIDEO_WIDTH = 320
VIDEO_HEIGHT = 240
VIDEO_FPS = 15
VIDEO_CLOCK = 90000
AUDIO_RATE = 48000
AUDIO_SAMPLES = 960  # 20 ms


def peer_configuration() -> RTCConfiguration:
    """No ICE servers at all, and max-bundle (interop-notes.md: with "balanced"
    the second m-line of a kind stays on a transport BUNDLE discards)."""
    return RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)


class SwitchboardError(Exception):
    """An `error` message from the server (or a refused request)."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.code = payload.get("code")
        self.request = payload.get("request")
        super().__init__(f"{self.code}: {payload.get('message')} (request {self.request!r})")


# ---------------------------------------------------------------- media


class MovingBarVideoTrack(VideoStreamTrack):
    """320x240 at 15 fps: a gradient, a white bar moving left to right, and the
    frame counter in binary as 16 blocks along the top edge."""

    def __init__(self) -> None:
        super().__init__()
        self._index = 0
        self._start: Optional[float] = None
        x = numpy.linspace(0, 255, VIDEO_WIDTH, dtype=numpy.uint8)
        self._background = numpy.zeros((VIDEO_HEIGHT, VIDEO_WIDTH, 3), dtype=numpy.uint8)
        self._background[:, :, 0] = x
        self._background[:, :, 2] = x[::-1]

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._index / VIDEO_FPS
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        image = self._background.copy()
        bar = (self._index * 8) % VIDEO_WIDTH
        image[:, bar:bar + 16, :] = 255
        for bit in range(16):
            on = (self._index >> bit) & 1
            image[0:12, bit * 20:bit * 20 + 18, :] = 255 if on else 0
        frame = VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = self._index * (VIDEO_CLOCK // VIDEO_FPS)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self._index += 1
        return frame


class SineAudioTrack(AudioStreamTrack):
    """A 440 Hz sine tone, 48 kHz mono, 20 ms frames."""

    def __init__(self, frequency: float = 440.0) -> None:
        super().__init__()
        self._frequency = frequency
        self._samples = 0
        self._start: Optional[float] = None

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._samples / AUDIO_RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (numpy.arange(AUDIO_SAMPLES) + self._samples) / AUDIO_RATE
        pcm = (numpy.sin(2 * math.pi * self._frequency * t) * 8000).astype(numpy.int16)
        frame = AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._samples
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._samples += AUDIO_SAMPLES
        return frame


@dataclass
class TrackStats:
    """Frames decoded for one server track id."""

    track_id: str
    participant: Optional[str]
    kind: str
    frames: int = 0
    first_frame_time: Optional[float] = None
    last_frame_time: Optional[float] = None
    max_gap: float = 0.0  # longest time between two decoded frames (a freeze)
    width: int = 0  # of the last decoded video frame
    height: int = 0


# ---------------------------------------------------------------- client


class SwitchboardClient:
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

    async def _read_loop(self) -> None:
        try:
            async for raw in self.ws:
                try:
                    message = json.loads(raw)
                except ValueError:
                    message = {"type": "<unparsable>", "raw": raw}
                if not isinstance(message, dict):
                    message = {"type": "<not-an-object>", "raw": raw}
                self.messages.append(message)
                self._handle(message)
                self._notify()
        except websockets.ConnectionClosed:
            pass
        except Exception as error:  # noqa: BLE001 - recorded, the tests look at it
            self.negotiation_errors.append(f"read loop: {type(error).__name__}: {error}")
        finally:
            self.close_code = getattr(self.ws, "close_code", None)
            self.closed.set()
            self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "joined":
            self.participant = message.get("participant")
            for other in message.get("participants") or []:
                self.participants[other["id"]] = dict(other, tracks=list(other.get("tracks") or []))
                self.names[other["id"]] = other.get("name", "?")
                for track in other.get("tracks") or []:
                    self.remote_tracks[track["id"]] = track
        elif kind == "participant-joined":
            other = message["participant"]
            self.participants[other["id"]] = dict(other, tracks=list(other.get("tracks") or []))
            self.names[other["id"]] = other.get("name", "?")
        elif kind == "participant-left":
            other = message["participant"]
            other_id = other["id"] if isinstance(other, dict) else other
            self.participants.pop(other_id, None)
            self.left.append(other_id)
            for track_id in [t for t, v in self.remote_tracks.items() if v.get("participant") == other_id]:
                self.remote_tracks.pop(track_id)
        elif kind == "tracks":
            other_id = message["participant"]
            tracks = list(message.get("tracks") or [])
            if other_id in self.participants:
                self.participants[other_id]["tracks"] = tracks
            for track_id in [t for t, v in self.remote_tracks.items() if v.get("participant") == other_id]:
                self.remote_tracks.pop(track_id)
            for track in tracks:
                self.remote_tracks[track["id"]] = track
        elif kind == "offer":
            self._offers.put_nowait(message)
        elif kind == "published":
            self.published_tracks = list(message.get("tracks") or [])
        elif kind == "error":
            self.errors.append(message)

    # -- waiting ------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0,
                       what: str = "condition") -> Any:
        """Waits until predicate() is truthy (checked on every message and at
        least every 50 ms, so frame counters are seen too); returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.label or 'client'}: timed out after {timeout} s waiting for {what}")
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), min(0.05, remaining))
            except asyncio.TimeoutError:
                pass

    def mark(self) -> int:
        """An index into `messages`, for `next_message(after=...)`."""
        return len(self.messages)

    async def next_message(self, type_: Optional[str] = None, *, after: int = 0,
                           timeout: float = 10.0) -> dict:
        """The first message at index >= after (of the given type, if any)."""
        def find():
            for message in self.messages[after:]:
                if type_ is None or message.get("type") == type_:
                    return message
            return None
        return await self.wait_for(find, timeout, what=f"a {type_ or 'any'} message")

    async def _request(self, message: dict, answer_type: str, timeout: float,
                       also: tuple = ()) -> dict:
        start = self.mark()
        await self.send(message)

        def find():
            for reply in self.messages[start:]:
                if reply.get("type") == answer_type or reply.get("type") in also:
                    return reply
                if reply.get("type") == "error" and reply.get("request") in (message["type"], None):
                    return reply
            if self.closed.is_set():
                return {"type": "error", "code": "closed", "message": "socket closed",
                        "request": message["type"]}
            return None
        reply = await self.wait_for(find, timeout, what=f"{answer_type}")
        if reply.get("type") == "error":
            raise SwitchboardError(reply)
        return reply

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

    async def publish(self, audio: bool = True, video: bool = True, timeout: float = 15.0,
                      data_channels: Optional[list[dict]] = None) -> dict:
        """Adds synthetic tracks (sendonly) to the publish PC, offers them and
        applies the `published` answer; returns the `published` payload.
        `data_channels`: channels to create first, each a dict with `label`
        and optionally `ordered`, `max_retransmits`, `max_packet_lifetime`,
        `protocol` (the offer then carries an m=application)."""
        if self.publish_pc is None:
            self.publish_pc = RTCPeerConnection(self.rtc_configuration())
        pc = self.publish_pc
        if audio:
            track = SineAudioTrack()
            self._local_tracks.append(track)
            pc.addTransceiver(track, direction="sendonly")
        if video:
            track = MovingBarVideoTrack()
            self._local_tracks.append(track)
            pc.addTransceiver(track, direction="sendonly")
        # After the transceivers: aiortc (max-bundle) gives a data channel
        # made first its own "unbundled" transport, which it then stops as a
        # bundled leftover when the answer comes, and with it every m-line.
        for spec in data_channels or []:
            self.data_channels[spec["label"]] = pc.createDataChannel(
                spec["label"], ordered=spec.get("ordered", True), maxRetransmits=spec.get("max_retransmits"),
                maxPacketLifeTime=spec.get("max_packet_lifetime"), protocol=spec.get("protocol", ""))
        offer = await pc.createOffer()
        await pc.setLocalDescription(offer)  # gathers: the SDP carries the candidates
        reply = await self._request({"type": "publish", "sdp": pc.localDescription.sdp}, "published", timeout)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=self.remote_sdp_filter(reply["sdp"]), type="answer"))
        return reply

    async def _negotiation_loop(self) -> None:
        # One offer at a time, in arrival order (the server never has two in
        # flight, but this keeps the client correct even if it did).
        while True:
            offer = await self._offers.get()
            try:
                await self._apply_offer(offer)
            except Exception as error:  # noqa: BLE001 - recorded, the tests look at it
                self.negotiation_errors.append(f"{type(error).__name__}: {error}")
                log.warning("%s: applying an offer failed: %s", self.label, error)
            self._notify()

    async def _apply_offer(self, offer: dict) -> None:
        if self.subscribe_pc is None:
            self.subscribe_pc = RTCPeerConnection(self.rtc_configuration())
            self.subscribe_pc.on("track", self._on_track)
            self.subscribe_pc.on("datachannel", self._on_datachannel)
        pc = self.subscribe_pc
        # The mapping first: track events fire inside setRemoteDescription.
        self.subscribe_tracks = {t["mid"]: t for t in offer.get("tracks") or [] if "mid" in t}
        self.offers.append(offer)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=self.remote_sdp_filter(offer["sdp"]), type="offer"))
        answer = await pc.createAnswer()
        await pc.setLocalDescription(answer)
        if self.is_open:
            try:
                await self.send({"type": "answer", "sdp": pc.localDescription.sdp})
            except websockets.ConnectionClosed:
                return  # leaving or dropped: nobody waits for this answer
        self.answered_offers += 1

    def _on_track(self, track) -> None:
        mid = None
        for transceiver in self.subscribe_pc.getTransceivers():
            if transceiver.receiver.track is track:
                mid = transceiver.mid
        self._tasks.append(asyncio.create_task(self._consume(track, mid), name=f"{self.label}-consume-{mid}"))

    def _on_datachannel(self, channel) -> None:
        label = channel.label
        self.received_channels[label] = channel
        self.data_messages.setdefault(label, [])

        def on_message(message) -> None:
            self.data_messages[label].append(message)
            self._notify()

        def on_close() -> None:
            self.closed_channels.append(label)
            self._notify()

        channel.on("message", on_message)
        channel.on("close", on_close)
        self._notify()

    async def _consume(self, track, mid: Optional[str]) -> None:
        # An m-line can be reused for another track on renegotiation (aiortc
        # keeps the same receiver track), so each frame is attributed through
        # the mapping of the offer applied at that moment.
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            except Exception as error:  # noqa: BLE001
                self.negotiation_errors.append(f"recv on mid {mid}: {type(error).__name__}: {error}")
                return
            now = time.monotonic()
            if mid is not None:
                self.mid_frames[mid] = self.mid_frames.get(mid, 0) + 1
            info = self.subscribe_tracks.get(mid) if mid is not None else None
            if info is None:
                self.unattributed_frames += 1
                continue
            stats = self.stats.get(info["id"])
            if stats is None:
                stats = self.stats[info["id"]] = TrackStats(
                    track_id=info["id"], participant=info.get("participant"), kind=info.get("kind", track.kind))
            stats.frames += 1
            if isinstance(frame, VideoFrame):
                stats.width, stats.height = frame.width, frame.height
            if stats.first_frame_time is None:
                stats.first_frame_time = now
            elif stats.last_frame_time is not None:
                stats.max_gap = max(stats.max_gap, now - stats.last_frame_time)
            stats.last_frame_time = now

    # -- helpers for tests ----------------------------------------------------

    def frames_from(self, participant_id: str, kind: str) -> int:
        """Decoded frames of `kind` from every track `participant_id` published."""
        return sum(s.frames for s in self.stats.values() if s.participant == participant_id and s.kind == kind)

    def frames_by_participant(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for s in self.stats.values():
            counts = result.setdefault(s.participant or "?", {"audio": 0, "video": 0})
            counts[s.kind] = counts.get(s.kind, 0) + s.frames
        return result

    def offered_participants(self) -> set:
        """Participants whose tracks the last applied offer forwards."""
        return {t.get("participant") for t in self.subscribe_tracks.values()}

    @property
    def negotiation_idle(self) -> bool:
        """Every offer received so far has been applied and answered."""
        return self._offers.empty() and self.answered_offers == len(self.offers)

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
