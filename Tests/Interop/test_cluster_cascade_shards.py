"""A cascade whose node spreads a room over two workers (docs/shards.md,
docs/cascade.md): participants on both shards of node a and on nodes b
and c decode every other participant once, and each sees every other
exactly once, under one id: nothing loops between shards and relays."""
from __future__ import annotations

import asyncio
from collections import Counter

from switchboard_client import joined_client
from test_cluster_cascade import CASCADE
from test_room_shards import candidate_port
from test_rooms_aiortc import close_all, describe, expect_media_from


def test_a_spread_node_in_a_cascade_shows_everyone_once(start_node, run):
    a = start_node("a", extra=CASCADE, workers=2, spread_after=2)
    b = start_node("b", extra=CASCADE)
    c = start_node("c", extra=CASCADE)

    async def scenario():
        placed = [(a, "ann"), (a, "ben"), (a, "cid"), (b, "dan"), (c, "eve")]
        peers = []
        for node, name in placed:
            peer = await joined_client(node.ws_url, "mix", name)
            peers.append(peer)
        await asyncio.gather(*(peer.publish(audio=True, video=True) for peer in peers))
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer], timeout=60, video=10, audio=10)
            on_a = {candidate_port(peer) for peer in peers[:3]}
            assert on_a == {a.media_port, a.media_port + 1}, f"node a did not spread the room: {on_a}"
            for peer in peers:
                others = {p.id for p in peers if p is not peer}
                assert set(peer.participants) == others, describe(peer)
                joins = Counter(m["participant"]["id"] for m in peer.messages if m.get("type") == "participant-joined")
                assert all(count == 1 for count in joins.values()), f"{peer.label} saw a join twice: {joins}"
                # One down track per published track: nothing arrives twice.
                offered = Counter(t.get("participant") for t in peer.subscribe_tracks.values())
                assert all(offered[o] == 2 for o in others), f"{peer.label} is offered {offered}"
        finally:
            await close_all(peers)
        for node in (a, b, c):
            node.assert_running()

    run(scenario(), timeout=150)
