"""Active speaker across a cascade (`cluster:` placement `cascade`): the
far node relays a speaker's audio with its RFC 6464 level, so the near
room ranks the far participant too, and names it by its one id."""
from __future__ import annotations

from switchboard_client import SwitchboardClient, joined_client
from test_cluster_cascade import CASCADE


def speakers_heard(client: SwitchboardClient) -> list[list[str]]:
    return [m["participants"] for m in client.messages if m.get("type") == "active-speaker"]


def test_a_far_speaker_becomes_the_active_speaker_here(start_node, run):
    a = start_node("a", extra=CASCADE)
    b = start_node("b", extra=CASCADE)

    async def scenario():
        alice = await joined_client(a.ws_url, "standup", "alice")
        # bob speaks on b (aiortc writes each packet's audio level), nobody else does.
        bob = await joined_client(b.ws_url, "standup", "bob")
        await alice.wait_for(lambda: bob.id in alice.names, 30, "bob at alice")
        await bob.publish(video=False)
        await alice.wait_for(lambda: any(heard[:1] == [bob.id] for heard in speakers_heard(alice)), 30,
                             "bob as the active speaker on a")
        # The same id as on his own node.
        await bob.wait_for(lambda: any(heard[:1] == [bob.id] for heard in speakers_heard(bob)), 30,
                           "bob as the active speaker on b")
        assert all(set(heard) <= {bob.id} for heard in speakers_heard(alice)), speakers_heard(alice)
        # He stops: the far room goes quiet here too.
        await bob.leave()
        await alice.wait_for(lambda: speakers_heard(alice)[-1] == [], 30, "nobody speaking on a once bob left")
        await alice.leave()

    run(scenario(), timeout=90)
