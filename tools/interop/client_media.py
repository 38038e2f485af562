"""The media half of the aiortc interop client (switchboard_client.py):
publishing synthetic tracks and data channels on the publish PC, answering
the server's offers on the subscribe PC, and counting decoded frames per
remote track and participant."""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Optional

import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from av import VideoFrame

from synthetic_media import MovingBarVideoTrack, SineAudioTrack

log = logging.getLogger("switchboard_client")


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


class ClientMedia:
    """Mixed into SwitchboardClient, whose state (the PCs, `stats`, the
    offer queue, `send`, `_request`) these methods use."""

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
