"""One participant, one id across a cascade (`cluster:` placement
`cascade`, docs/protocol.md "Cluster"): a far participant is known on every
node by its own id, its tracks by their own ids, so clients anywhere
address it alike."""
from __future__ import annotations

import asyncio

from switchboard_client import joined_client
from whip_client import WHEPViewer
from test_cluster_cascade import CASCADE, frames_named, room_figures


def test_a_far_publisher_has_its_own_ids_on_every_node(start_node, run):
    a, b, c = (start_node(name, extra=CASCADE) for name in "abc")

    async def scenario():
        alice = await joined_client(a.ws_url, "standup", "alice", publish=True)
        alice_tracks = {t["id"] for t in alice.published_tracks}
        watchers = []
        for node, name in ((b, "bob"), (c, "carol")):
            client = await joined_client(node.ws_url, "standup", name)
            watchers.append(client)
        for client in watchers:
            await client.wait_for(lambda: frames_named(client, "alice", "video") >= 10, 30,
                                  f"alice's video at {client.label}")
            # Her id and her tracks' ids, as on her own node; frames are
            # counted under her id.
            assert [pid for pid, name in client.names.items() if name == "alice"] == [alice.id], client.names
            assert set(client.remote_tracks) == alice_tracks, (client.remote_tracks, alice_tracks)
            assert client.frames_from(alice.id, "audio") > 0
        # A WHEP viewer on b asks for her by her id on a.
        viewer = WHEPViewer(b.http_url, "standup", participant=alice.id)
        try:
            status, body = await viewer.start()
            assert status == 201, body
            await watchers[0].wait_for(lambda: min(viewer.frames.values()) >= 10, 30, "alice at a WHEP viewer on b")
        finally:
            await viewer.close()
        # A track preference names her track by its one id on any node.
        bob = watchers[0]
        video = next(tid for tid, t in bob.remote_tracks.items() if t["kind"] == "video")
        await bob.send({"type": "track-settings", "track": video, "enabled": False})
        await asyncio.sleep(2)
        stopped = frames_named(bob, "alice", "video")
        await asyncio.sleep(2)
        assert frames_named(bob, "alice", "video") <= stopped + 2, "alice's video still forwarded to bob"
        await bob.send({"type": "track-settings", "track": video, "enabled": True})
        await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= stopped + 10, 30, "alice's video again")
        assert not bob.errors, bob.errors
        for client in (alice, *watchers):
            await client.leave()

    run(scenario(), timeout=90)


def test_far_participants_who_publish_nothing_are_seen_once_on_every_node(start_node, run):
    a, b, c = (start_node(name, extra=CASCADE) for name in "abc")

    async def scenario():
        clients = {}
        for node, name in ((a, "alice"), (b, "bob"), (c, "carol")):
            client = await joined_client(node.ws_url, "standup", name)
            clients[name] = client
        ids = {client.id: name for name, client in clients.items()}
        for name, client in clients.items():
            others = {pid: other for pid, other in ids.items() if other != name}
            await client.wait_for(lambda: client.names == others, 30, f"the two others at {name}")
        # Each node mirrors the other two nodes' own clients, not what they
        # relay from a third node: three participants per room, no more.
        await asyncio.sleep(2)
        for name, client in clients.items():
            assert len(client.names) == 2, (name, client.names)
            joined = [m["participant"]["id"] for m in client.messages if m.get("type") == "participant-joined"]
            assert len(joined) == len(set(joined)), (name, joined)
            assert all("relay" not in m["participant"] for m in client.messages
                       if m.get("type") == "participant-joined"), "a client never hears of relays"
        for node in (a, b, c):
            visible = [p for p in room_figures(node, "standup")["participants"] if p.get("relayDirection") != "out"]
            assert sorted(p["id"] for p in visible) == sorted(ids), visible

        # A far participant who starts publishing is the same participant.
        carol = clients["carol"]
        await carol.publish()
        alice = clients["alice"]
        await alice.wait_for(lambda: alice.frames_from(carol.id, "video") >= 10, 30, "carol's video at alice")
        assert len(alice.names) == 2, alice.names

        # Leaving there is leaving everywhere.
        bob = clients.pop("bob")
        await bob.leave()
        for name, client in clients.items():
            await client.wait_for(lambda: bob.id in client.left, 30, f"bob leaving {name}'s room")
        for client in clients.values():
            await client.leave()

    run(scenario(), timeout=120)
