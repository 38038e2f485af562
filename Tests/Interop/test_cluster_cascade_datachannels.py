"""Data channels across a cascade (`cluster:` placement `cascade`,
docs/protocol.md "Cluster"): a channel a participant opens on one node
reaches the participants of every other node as `<participant id>/<label>`,
exactly as from a local sender, each message once and in order on an
ordered channel, through the relays that carry the room's media."""
from __future__ import annotations

import asyncio

from datachannel_support import CHANNELS, expect, expect_forwarded_channels, send_and_receive_all
from switchboard_client import joined_client
from test_cluster_cascade import CASCADE


def test_channels_cross_every_node_once(start_node, run):
    nodes = [start_node(name, extra=CASCADE) for name in "abc"]

    async def scenario():
        peers = []
        for node, name in zip(nodes, ("alice", "bob", "carol")):
            peer = await joined_client(node.ws_url, "dc-cascade", name)
            peers.append(peer)
        for peer in peers:
            others = {p.id for p in peers if p is not peer}
            await peer.wait_for(lambda p=peer, o=others: set(p.names) == o, 30, f"the others at {peer.label}")
        await asyncio.gather(*(peer.publish(audio=False, video=False, data_channels=CHANNELS) for peer in peers))
        try:
            await expect_forwarded_channels(peers, ["chat", "fast", "lossy"])
            for peer in peers:
                chat = peer.received_channels[f"{peers[0].id}/chat"] if peer is not peers[0] else None
                assert chat is None or (chat.ordered and chat.maxRetransmits is None)
            sent = await send_and_receive_all(peers)
            await asyncio.sleep(1)
            for peer in peers:
                for other in peers:
                    if other is peer:
                        continue
                    # Each message once (no loop through a third node), in order.
                    assert peer.data_messages[f"{other.id}/chat"] == sent[other.id], peer.label
                    fast = peer.data_messages[f"{other.id}/fast"]
                    assert sorted(fast, key=repr) == sorted(sent[other.id], key=repr), peer.label
                # Nothing but the others' channels, each once.
                assert sorted(peer.received_channels) == sorted(
                    f"{o.id}/{label}" for o in peers if o is not peer for label in ("chat", "fast", "lossy"))

            # A sender on c leaves: its channels close on a and b too.
            carol = peers.pop()
            await carol.leave()
            for peer in peers:
                for label in ("chat", "fast", "lossy"):
                    key = f"{carol.id}/{label}"
                    await expect(peer, lambda p=peer, k=key: k in p.closed_channels, f"{peer.label}: {key} closed")
            peers[0].data_channels["chat"].send("still here")
            key = f"{peers[0].id}/chat"
            await expect(peers[1], lambda: "still here" in peers[1].data_messages.get(key, []), "chat after carol left")
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    run(scenario(), timeout=150)
