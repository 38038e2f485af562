"""WHEP playback against the real server: aiortc viewers POST recvonly
offers to /whep/{room} and decode the room's tracks (every participant's, or
one participant's with ?participant=), with candidates in the offer or
trickled; a room with nothing to watch is a 404; DELETE leaves the room."""
from __future__ import annotations

import asyncio

import pytest

from switchboard_client import SwitchboardClient
from whip_client import WHEPViewer, WHIPPublisher, http

FRAMES = 20


async def _watch(server, room: str, trickle: bool) -> dict:
    contract = SwitchboardClient(server.ws_url, label=f"{room}-pub")
    whip = WHIPPublisher(server.http_url, room, name="whip-cam")
    empty = WHEPViewer(server.http_url, room)
    viewers: list[WHEPViewer] = []
    try:
        result = {"empty": (await empty.start())[0]}
        await contract.connect()
        joined = await contract.join(room, "presenter")
        await contract.publish(audio=True, video=True)
        await whip.start()
        await whip.connected()
        everyone = WHEPViewer(server.http_url, room)
        only = WHEPViewer(server.http_url, room, participant=joined["participant"]["id"])
        unknown = WHEPViewer(server.http_url, room, participant="PA_nobody")
        viewers += [everyone, only, unknown]
        result["unknown"] = (await unknown.start())[0]
        # Two of each kind: the room's two publishers fill them.
        result["everyone"] = (await everyone.start(trickle=trickle, audio=2, video=2))[0]
        result["only"] = (await only.start(trickle=trickle))[0]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while min(everyone.frames["video"], only.frames["video"]) < 2 * FRAMES or \
                min(everyone.frames["audio"], only.frames["audio"]) < FRAMES:
            if loop.time() > deadline:
                break
            await asyncio.sleep(0.1)
        result["frames"] = {"everyone": dict(everyone.frames), "only": dict(only.frames)}
        result["tracks"] = {"everyone": sorted(everyone.frames_by_track.values()),
                            "only": sorted(only.frames_by_track.values())}
        result["delete"] = await everyone.delete()
        result["delete_again"] = http("DELETE", everyone.location)[0]
        return result
    finally:
        for viewer in [empty, *viewers]:
            await viewer.close()
        await whip.close()
        await contract.close()


@pytest.mark.parametrize("trickle", [False, True], ids=["candidates-in-offer", "trickled"])
def test_aiortc_whep_viewers_decode_the_room(start_server, run, trickle):
    server = start_server()
    result = run(_watch(server, "whep-room", trickle), timeout=90)
    print(f"\nWHEP viewers: {result['frames']}, frames per track {result['tracks']}")
    assert result["empty"] == 404 and result["unknown"] == 404, result
    assert result["everyone"] == 201 and result["only"] == 201, result
    everyone, only = result["frames"]["everyone"], result["frames"]["only"]
    assert everyone["video"] >= 2 * FRAMES and everyone["audio"] >= FRAMES, result
    assert only["video"] >= 2 * FRAMES and only["audio"] >= FRAMES, result
    # Every m-line decodes: two of each kind from two publishers, one of each from one.
    assert len(result["tracks"]["everyone"]) == 4 and min(result["tracks"]["everyone"]) >= 5, result
    assert len(result["tracks"]["only"]) == 2 and min(result["tracks"]["only"]) >= 5, result
    assert result["delete"] == 200 and result["delete_again"] == 404
