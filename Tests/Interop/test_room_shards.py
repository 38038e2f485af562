"""One room spread over two media workers (`rooms.spread_after`): aiortc
peers placed on both shards decode every other peer, see every other
peer (publishing or not) once with the same participant and track ids,
and the pipes between the shards open and close with the shards."""
from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

from recording_checks import codecs, control, manifest_files, probe
from datachannel_support import expect as dc_expect
from datachannel_support import expect_forwarded_channels, send_and_receive_all
from datachannel_support import open_room as dc_room
from switchboard_client import SwitchboardClient
from test_rooms_aiortc import assert_consistent, close_all, describe, expect, expect_media_from, open_peers


def candidate_port(peer: SwitchboardClient) -> int:
    """The server's UDP candidate port in the peer's last subscribe offer:
    its worker (worker N listens on the media port + N)."""
    match = re.search(r"a=candidate:\S+ 1 udp \d+ \S+ (\d+) typ host", peer.offers[-1]["sdp"])
    assert match, peer.offers[-1]["sdp"]
    return int(match.group(1))


def room_stats(server, room: str) -> dict:
    status, body = server.get(f"/rooms/{room}")
    assert status == 200, (status, body)
    return json.loads(body)


def test_a_room_spread_over_two_workers_is_one_room(start_server, run):
    server = start_server(workers=2, spread_after=2)

    async def body():
        peers = await open_peers(server.ws_url, "wide", ["alice", "bob", "carol", "dave"])
        watcher = SwitchboardClient(server.ws_url, label="watcher")
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer])
            ports = {peer.label: candidate_port(peer) for peer in peers}
            assert set(ports.values()) == {server.media_port, server.media_port + 1}, \
                f"the room did not spread over both workers: {ports}"
            # A participant who publishes nothing is seen from both shards.
            await watcher.connect()
            joined = await watcher.join("wide", "watcher")
            assert {p["id"] for p in joined["participants"]} == {p.id for p in peers}, joined
            for peer in peers:
                await expect(peer, lambda peer=peer: watcher.id in peer.participants, 10,
                             f"{peer.label}: sees the watcher")
                assert set(peer.participants) == {p.id for p in peers + [watcher] if p is not peer}, describe(peer)
                # Same participant and track ids whichever shard sees them.
                assert_consistent(peer, peers)

            stats = room_stats(server, "wide")
            clients = [p for p in stats["participants"] if p.get("shard") is None]
            pipes = [p for p in stats["participants"] if p.get("shard") is not None]
            assert sorted(p["id"] for p in clients) == sorted(p.id for p in peers + [watcher]), stats
            assert len(pipes) == 2 and all(p["relayDirection"] == "out" for p in pipes), pipes
            assert server.metric("switchboard_rooms") == 1
            assert server.metric("switchboard_participants") == 5
            assert server.metric("switchboard_rooms_spread") == 1
            assert server.metric("switchboard_room_shard_pipes") == 2
            assert server.metric("switchboard_room_shard_pipe_packets_total") > 100
            assert server.metric("switchboard_room_shard_pipe_handed_packets_total") > 100
            assert server.metric("switchboard_room_shard_pipe_dropped_packets_total") == 0

            # Those on the second worker leave: its shard and the pipes end,
            # the others keep decoding each other.
            second = [p for p in peers if ports[p.label] == server.media_port + 1]
            first = [p for p in peers if p not in second]
            for peer in second:
                await peer.leave()
            for peer in first:
                for gone in second:
                    await expect(peer, lambda peer=peer, gone=gone: gone.id in peer.left, 10,
                                 f"{peer.label}: participant-left for {gone.label}")
            await expect(first[0], lambda: server.metric("switchboard_room_shard_pipes") == 0, 10,
                         "the pipes close with the second shard")
            before = {p.label: p.frames_from(first[1 - i].id, "video") for i, p in enumerate(first)}
            await asyncio.sleep(1.5)
            for i, peer in enumerate(first):
                assert peer.frames_from(first[1 - i].id, "video") > before[peer.label] + 10, describe(peer)
            assert server.metric("switchboard_rooms_spread") == 0
            assert server.metric("switchboard_participants") == 3
        finally:
            await close_all(peers + [watcher])
        server.assert_running()

    run(body(), timeout=120)


def test_data_channels_cross_the_shards(start_server, run):
    server = start_server(workers=2, spread_after=2)

    async def body():
        peers = await dc_room(server.ws_url, "wide-dc", ["p1", "p2", "p3", "p4"])
        try:
            await expect_forwarded_channels(peers, ["chat", "fast", "lossy"])
            ports = {candidate_port(peer) for peer in peers if peer.offers}
            assert ports == {server.media_port, server.media_port + 1}, f"not spread: {ports}"
            sent = await send_and_receive_all(peers, labels=("chat",))
            for peer in peers:
                for other in peers:
                    if other is peer:
                        continue
                    key = f"{other.id}/chat"
                    assert peer.data_messages[key] == sent[other.id], f"{peer.label}: {key} differs"
                    chat = peer.received_channels[key]
                    assert chat.ordered and chat.maxRetransmits is None
            # A sender's channels close with it on the other shard too.
            gone = peers[-1]
            await gone.leave()
            for peer in peers[:-1]:
                await dc_expect(peer, lambda p=peer: f"{gone.id}/chat" in p.closed_channels
                                or p.received_channels[f"{gone.id}/chat"].readyState == "closed",
                                f"{peer.label}: {gone.label}'s chat closes")
        finally:
            await close_all(peers)
        server.assert_running()

    run(body(), timeout=120)


def test_a_spread_room_is_recorded_once_for_as_long_as_it_lasts(start_server, run, tmp_path):
    server = start_server(workers=2, spread_after=2, record_dir=tmp_path / "recordings")

    async def body():
        status, armed = await asyncio.to_thread(control, server, "POST", "taped")
        assert status == 202 and armed["state"] == "armed", armed
        peers = await open_peers(server.ws_url, "taped", ["ann", "ben", "cid", "dot"])
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer], video=10, audio=10)
            ports = {peer.label: candidate_port(peer) for peer in peers}
            first = [p for p in peers if ports[p.label] == server.media_port]
            second = [p for p in peers if p not in first]
            assert first and second, ports
            await asyncio.sleep(2)
            # Where the recording began empties: it goes on with the others.
            for peer in first:
                await peer.leave()
            await asyncio.sleep(3)
            status, listing = await asyncio.to_thread(control, server, "GET", "taped")
            assert status == 200 and listing["active"] is not None, listing
        finally:
            await close_all(peers)
        return {p.id: ports[p.label] for p in peers}, [p.id for p in second]

    placed, stayed = run(body(), timeout=120)
    listing = None
    for _ in range(50):
        status, listing = control(server, "GET", "taped")
        if listing.get("active") is None:
            break
        time.sleep(0.2)
    assert listing["active"] is None and len(listing["recordings"]) == 1, listing
    manifest = listing["recordings"][0]
    files = manifest_files(manifest, Path(manifest["directory"]))
    assert set(files) == set(placed), f"recorded {sorted(files)}, in the room {sorted(placed)}"
    for participant, entries in files.items():
        path, entry = entries[0]
        assert codecs(probe(path)) == {"audio": "opus", "video": "vp8"}, path
        # Those who stayed are recorded past the others' leaving.
        assert entry["duration_ms"] > (4_000 if participant in stayed else 1_500), entry
