"""One participant, one id across a cascade (`cluster:` placement
`cascade`, docs/protocol.md "Cluster"): a far participant is known on every
node by its own id, its tracks by their own ids, so clients anywhere
address it alike."""
from __future__ import annotations

import asyncio

from switchboard_client import SwitchboardClient
from test_cluster_cascade import CASCADE, frames_named


def test_a_far_publisher_has_its_own_ids_on_every_node(start_node, run):
    a, b, c = (start_node(name, extra=CASCADE) for name in "abc")

    async def scenario():
        alice = SwitchboardClient(a.ws_url, label="alice")
        await alice.connect()
        await alice.join("standup", "alice")
        await alice.publish()
        alice_tracks = {t["id"] for t in alice.published_tracks}
        watchers = []
        for node, name in ((b, "bob"), (c, "carol")):
            client = SwitchboardClient(node.ws_url, label=name)
            await client.connect()
            await client.join("standup", name)
            watchers.append(client)
        for client in watchers:
            await client.wait_for(lambda: frames_named(client, "alice", "video") >= 10, 30,
                                  f"alice's video at {client.label}")
            # Her id and her tracks' ids, as on her own node; frames are
            # counted under her id.
            assert client.names == {alice.id: "alice"}, client.names
            assert set(client.remote_tracks) == alice_tracks, (client.remote_tracks, alice_tracks)
            assert client.frames_from(alice.id, "audio") > 0
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
