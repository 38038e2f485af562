#!/usr/bin/env python3
"""A WHIP publisher on aiortc (RFC 9725), for the interop tests: it POSTs a
sendonly offer (the synthetic tracks of switchboard_client) to
/whip/{room}, applies the 201's answer, and can trickle its candidates by
PATCH instead of sending them in the offer, as GStreamer's client does.
`http()` is the plain HTTP call the error-matrix tests use too. Only
127.0.0.1 is contacted.
"""
from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from typing import Optional

from switchboard_client import MovingBarVideoTrack, SineAudioTrack, peer_configuration

from aiortc import RTCPeerConnection, RTCSessionDescription

SDP = "application/sdp"
TRICKLE = "application/trickle-ice-sdpfrag"


def http(method: str, url: str, body: Optional[bytes | str] = None,
         headers: Optional[dict] = None, timeout: float = 10.0) -> tuple[int, dict, str]:
    """(status, headers with lower-case names, body text); errors are answers too.
    Repeated headers (Link) are joined with newlines."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _headers(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read().decode()


def _headers(message) -> dict:
    joined: dict[str, str] = {}
    for name, value in message.items():
        key = name.lower()
        joined[key] = f"{joined[key]}\n{value}" if key in joined else value
    return joined


def candidates_fragment(sdp: str) -> str:
    """A trickle-ice-sdpfrag (RFC 8840) with every candidate of `sdp`, under
    its ufrag, password and first mid."""
    ufrag = re.search(r"^a=ice-ufrag:(\S+)", sdp, re.M).group(1)
    pwd = re.search(r"^a=ice-pwd:(\S+)", sdp, re.M).group(1)
    mid = re.search(r"^a=mid:(\S+)", sdp, re.M).group(1)
    candidates = sorted(set(re.findall(r"^(a=candidate:.*?)\r?$", sdp, re.M)))
    lines = [f"a=ice-ufrag:{ufrag}", f"a=ice-pwd:{pwd}", "m=audio 9 RTP/AVP 0", f"a=mid:{mid}", *candidates]
    return "\r\n".join(lines) + "\r\n"


def without_candidates(sdp: str) -> str:
    return "".join(line for line in sdp.splitlines(keepends=True)
                   if not line.startswith(("a=candidate:", "a=end-of-candidates")))


class WHIPPublisher:
    """One aiortc publisher session on `base_url` (http://host:port)."""

    def __init__(self, base_url: str, room: str, *, token: Optional[str] = None, name: Optional[str] = None):
        self.base_url = base_url
        self.url = f"{base_url}/whip/{room}" + (f"?name={name}" if name else "")
        self.token = token
        self.pc = RTCPeerConnection(peer_configuration())
        self.location: Optional[str] = None
        self.etag: Optional[str] = None
        self.response_headers: dict = {}

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def start(self, *, trickle: bool = False, audio: bool = True, video: bool = True) -> int:
        """Offers and applies the answer; with `trickle` the offer has no
        candidate and they follow by PATCH. Returns the PATCH status (or 0)."""
        if audio:
            self.pc.addTransceiver(SineAudioTrack(), direction="sendonly")
        if video:
            self.pc.addTransceiver(MovingBarVideoTrack(), direction="sendonly")
        await self.pc.setLocalDescription(await self.pc.createOffer())
        local = self.pc.localDescription.sdp
        offer = without_candidates(local) if trickle else local
        status, headers, body = await asyncio.to_thread(
            http, "POST", self.url, offer, {"Content-Type": SDP, **self._auth()})
        if status != 201:
            raise RuntimeError(f"WHIP POST answered {status}: {body.strip()}")
        self.response_headers = headers
        self.location = self.base_url + headers["location"]
        self.etag = headers.get("etag")
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
        if not trickle:
            return 0
        status, _, _ = await asyncio.to_thread(
            http, "PATCH", self.location, candidates_fragment(local),
            {"Content-Type": TRICKLE, "If-Match": self.etag or "*", **self._auth()})
        return status

    async def connected(self, timeout: float = 15.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while self.pc.connectionState != "connected":
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"WHIP publisher not connected ({self.pc.connectionState})")
            await asyncio.sleep(0.05)

    async def delete(self) -> int:
        status, _, _ = await asyncio.to_thread(http, "DELETE", self.location, None, self._auth())
        return status

    async def close(self) -> None:
        await self.pc.close()


class WHEPViewer:
    """One aiortc viewer session: a recvonly offer (one audio, one video
    m-line by default) POSTed to /whep/{room}; counts the decoded frames."""

    def __init__(self, base_url: str, room: str, *, token: Optional[str] = None,
                 participant: Optional[str] = None):
        self.base_url = base_url
        self.url = f"{base_url}/whep/{room}" + (f"?participant={participant}" if participant else "")
        self.token = token
        self.pc = RTCPeerConnection(peer_configuration())
        self.frames: dict[str, int] = {"audio": 0, "video": 0}
        self.frames_by_track: dict[str, int] = {}  # receiver track id -> frames
        self.location: Optional[str] = None
        self.etag: Optional[str] = None
        self._consumers: list[asyncio.Task] = []
        self.pc.on("track", lambda track: self._consumers.append(asyncio.ensure_future(self._consume(track))))

    async def _consume(self, track) -> None:
        try:
            while True:
                await track.recv()
                self.frames[track.kind] += 1
                self.frames_by_track[track.id] = self.frames_by_track.get(track.id, 0) + 1
        except Exception:  # noqa: BLE001 - the track ended
            return

    async def start(self, *, trickle: bool = False, audio: int = 1, video: int = 1) -> tuple[int, str]:
        """Offers; on 201 applies the answer (and trickles by PATCH when asked).
        Returns (status, body) of the POST."""
        for _ in range(audio):
            self.pc.addTransceiver("audio", direction="recvonly")
        for _ in range(video):
            self.pc.addTransceiver("video", direction="recvonly")
        await self.pc.setLocalDescription(await self.pc.createOffer())
        local = self.pc.localDescription.sdp
        headers = {"Content-Type": SDP, **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        status, response_headers, body = await asyncio.to_thread(
            http, "POST", self.url, without_candidates(local) if trickle else local, headers)
        if status != 201:
            return status, body
        self.location = self.base_url + response_headers["location"]
        self.etag = response_headers.get("etag")
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
        if trickle:
            patch, _, _ = await asyncio.to_thread(
                http, "PATCH", self.location, candidates_fragment(local),
                {"Content-Type": TRICKLE, "If-Match": self.etag or "*"})
            if patch != 204:
                raise RuntimeError(f"trickle PATCH answered {patch}")
        return status, body

    async def delete(self) -> int:
        status, _, _ = await asyncio.to_thread(http, "DELETE", self.location)
        return status

    async def close(self) -> None:
        for task in self._consumers:
            task.cancel()
        await self.pc.close()
