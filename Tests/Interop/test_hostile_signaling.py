"""Signaling abuse against the real server with small `limits:`: too many
m-lines or tracks in a publish offer, a message flood, sockets that never
join, too many sockets from one address, too many rooms. Each is refused
with a clear error and counted in /metrics, the process lives, and a
bystander pair in another room keeps decoding each other throughout."""
from __future__ import annotations

import asyncio
import re

import websockets
from aiortc import RTCPeerConnection

from switchboard_client import SwitchboardClient, peer_configuration

LIMITS = """limits:
  max_rooms: 3
  max_connections_per_ip: 12
  messages_per_second: 20
  message_burst: 30
  join_timeout: 1s
  max_tracks_per_participant: 2
  max_media_sections_per_offer: 4
"""


def limit_refusals(server) -> dict[str, int]:
    status, body = server.get("/metrics")
    assert status == 200, status
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r'switchboard_limit_refusals_total\{limit="(\w+)"\} (\d+)', body)}


async def offer_with(videos: int) -> str:
    """A sendonly offer with `videos` video m-lines (aiortc builds it)."""
    pc = RTCPeerConnection(peer_configuration())
    try:
        for _ in range(videos):
            pc.addTransceiver("video", direction="sendonly")
        await pc.setLocalDescription(await pc.createOffer())
        return pc.localDescription.sdp
    finally:
        await pc.close()


async def error_after(client: SwitchboardClient, message: dict, timeout: float = 10.0) -> dict:
    mark = client.mark()
    await client.send(message)
    return await client.next_message("error", after=mark, timeout=timeout)


async def bystanders(url: str) -> tuple[SwitchboardClient, SwitchboardClient]:
    ann, ben = SwitchboardClient(url, label="ann"), SwitchboardClient(url, label="ben")
    for client, name in ((ann, "ann"), (ben, "ben")):
        await client.connect()
        await client.join("bystanders", name)
    await asyncio.gather(ann.publish(), ben.publish())
    return ann, ben


async def frames(client: SwitchboardClient, other: SwitchboardClient) -> int:
    return client.frames_from(other.id, "video")


def test_signaling_abuse_is_refused_and_counted_while_bystanders_keep_decoding(start_server, tmp_path, run):
    config = tmp_path / "limits.yaml"
    config.write_text(LIMITS)
    server = start_server(config=str(config))

    async def body():
        ann, ben = await bystanders(server.ws_url)
        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= 10, 30, what="ann decodes ben")
        before = ann.frames_from(ben.id, "video")

        # Too many m-lines, then too many tracks: refused whole, the socket stays.
        mallory = await SwitchboardClient(server.ws_url, label="mallory").connect()
        await mallory.join("abuse", "mallory")
        error = await error_after(mallory, {"type": "publish", "sdp": await offer_with(20)})
        assert error["code"] == "limit-reached" and error["request"] == "publish", error
        error = await error_after(mallory, {"type": "publish", "sdp": await offer_with(3)})
        assert error["code"] == "limit-reached" and "tracks" in error["message"], error
        assert mallory.is_open

        # A flood: refused with rate-limited, then the socket closes.
        for index in range(200):
            if not mallory.is_open:
                break
            try:
                await mallory.send({"type": "candidate", "candidate": f"junk {index}", "sdpMLineIndex": 0})
            except websockets.ConnectionClosed:
                break
        await mallory.wait_for(lambda: not mallory.is_open, 10, what="the flooding socket closes")
        assert any(e.get("code") == "rate-limited" for e in mallory.errors), mallory.errors
        await asyncio.sleep(0.5)  # the server gives the socket's slot back as it closes

        # Sockets that never join: closed after join_timeout; past the
        # per-address limit a socket is refused at once.
        idle = [await websockets.connect(server.ws_url, open_timeout=10) for _ in range(10)]
        refused = await websockets.connect(server.ws_url, open_timeout=10)
        refusal = await asyncio.wait_for(refused.recv(), 5)
        assert '"limit-reached"' in refusal, refusal
        for socket in idle:
            message = await asyncio.wait_for(socket.recv(), 5)
            assert '"limit-reached"' in message and "join" in message, message
            await asyncio.wait_for(socket.wait_closed(), 5)

        # Rooms: the bystanders' exists (the abuser's ended with its socket); two more fit, a fourth does not.
        guests = []
        for index in range(3):
            guest = await SwitchboardClient(server.ws_url, label=f"g{index}").connect()
            guests.append(guest)
            if index < 2:
                await guest.join(f"room-{index}", f"g{index}")
            else:
                error = await error_after(guest, {"type": "join", "room": "room-2", "name": "g2"})
                assert error["code"] == "limit-reached", error
        for guest in guests:
            await guest.close()

        # The bystanders never stopped.
        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= before + 30, 30,
                           what="ann keeps decoding ben")
        await ben.wait_for(lambda: ben.frames_from(ann.id, "video") >= 30, 30, what="ben decodes ann")
        await asyncio.gather(ann.leave(), ben.leave())

    run(body(), timeout=120)
    counted = limit_refusals(server)
    for limit, least in {"max_media_sections_per_offer": 1, "max_tracks_per_participant": 1,
                         "messages_per_second": 1, "join_timeout": 10, "max_connections_per_ip": 1,
                         "max_rooms": 1}.items():
        assert counted.get(limit, 0) >= least, (limit, counted)


def test_a_foreign_origin_cannot_open_the_signaling_socket(server, run):
    async def body():
        foreign = await websockets.connect(server.ws_url, origin="https://evil.example", open_timeout=10)
        refusal = await asyncio.wait_for(foreign.recv(), 5)
        assert '"unauthorized"' in refusal and "origin" in refusal, refusal
        await asyncio.wait_for(foreign.wait_closed(), 5)
        assert foreign.close_code == 1008
        own = f"http://127.0.0.1:{server.http_port}"
        socket = await websockets.connect(server.ws_url, origin=own, open_timeout=10)
        await socket.close()
        socket = await websockets.connect(server.ws_url, open_timeout=10)  # no Origin: not a browser
        await socket.close()

    run(body())
    assert limit_refusals(server).get("allowed_origins") == 1
