"""Data channels through the real server, with aiortc participants
(tools/interop/switchboard_client.py): a channel a participant opens on its
publish PC reaches every other participant as `<participant id>/<label>` on
its subscribe PC, with the same ordering and reliability, every message byte
for byte with its type (docs/protocol.md, "Data channels")."""
from __future__ import annotations

import asyncio
import os
import re

from datachannel_support import (CHANNELS, LARGE, describe, expect, expect_forwarded_channels, messages_of, open_room,
                                 send_and_receive_all)
from switchboard_client import SwitchboardClient


def test_three_participants_exchange_text_and_binary(start_server, run):
    server = start_server()

    async def scenario():
        peers = await open_room(server.ws_url, "dc-three", ["alice", "bob", "carol"], audio=True)
        try:
            await expect_forwarded_channels(peers, ["chat", "fast", "lossy"])
            # Reliability and ordering carry over to the forwarded channels.
            for peer in peers:
                for other in peers:
                    if other is peer:
                        continue
                    chat = peer.received_channels[f"{other.id}/chat"]
                    fast = peer.received_channels[f"{other.id}/fast"]
                    lossy = peer.received_channels[f"{other.id}/lossy"]
                    assert chat.ordered and chat.maxRetransmits is None and chat.maxPacketLifeTime is None
                    assert not fast.ordered and fast.maxRetransmits is None
                    assert not lossy.ordered and lossy.maxRetransmits == 2, describe(peer)
            sent = await send_and_receive_all(peers)
            for peer in peers:
                for other in peers:
                    if other is peer:
                        continue
                    chat = peer.data_messages[f"{other.id}/chat"]
                    assert chat == sent[other.id], f"{peer.label}: ordered channel from {other.label} differs"
                    fast = peer.data_messages[f"{other.id}/fast"]
                    assert sorted(fast, key=repr) == sorted(sent[other.id], key=repr)
                    assert [type(m) for m in chat] == [type(m) for m in sent[other.id]]
            status, metrics = server.get("/metrics")
            assert status == 200
            forwarded = re.search(r'^switchboard_datachannel_messages_total\{direction="out"\} (\d+)', metrics, re.M)
            assert forwarded and int(forwarded.group(1)) >= 3 * 2 * 2 * len(messages_of("x")), metrics
            assert re.search(r"^switchboard_datachannel_channels (\d+)", metrics, re.M)
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    run(scenario(), timeout=120)


def test_channels_of_a_participant_who_leaves_close_for_the_others(start_server, run):
    server = start_server()

    async def scenario():
        peers = await open_room(server.ws_url, "dc-leave", ["alice", "bob", "carol"])
        try:
            await expect_forwarded_channels(peers, ["chat", "fast", "lossy"])
            carol = peers[2]
            await carol.leave()
            for peer in peers[:2]:
                for label in ("chat", "fast", "lossy"):
                    key = f"{carol.id}/{label}"
                    await expect(peer, lambda p=peer, k=key: k in p.closed_channels, f"{peer.label}: {key} closed")
            # The others' channels still carry messages.
            peers[0].data_channels["chat"].send("still here")
            key = f"{peers[0].id}/chat"
            await expect(peers[1], lambda: "still here" in peers[1].data_messages.get(key, []),
                         "bob: a message after carol left")
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers[:2]), return_exceptions=True)

    run(scenario(), timeout=90)


def test_a_closed_channel_closes_its_forwards(start_server, run):
    server = start_server()

    async def scenario():
        peers = await open_room(server.ws_url, "dc-close", ["alice", "bob"])
        try:
            await expect_forwarded_channels(peers, ["chat", "fast"])
            peers[0].data_channels["fast"].close()
            key = f"{peers[0].id}/fast"
            await expect(peers[1], lambda: key in peers[1].closed_channels, f"bob: {key} closed")
            assert f"{peers[0].id}/chat" not in peers[1].closed_channels
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    run(scenario(), timeout=90)


def test_reliable_channels_complete_through_5_percent_loss(start_server, run):
    from udp_impairment_relay import Impairment, ImpairmentRelay, rewrite_candidates

    server = start_server()

    async def scenario():
        relay = await ImpairmentRelay(("127.0.0.1", server.media_port), upstream=Impairment(loss=0.05),
                                      downstream=Impairment(loss=0.05), seed=7).start()
        rewrite = lambda sdp: rewrite_candidates(sdp, relay.port)  # noqa: E731
        peers = [SwitchboardClient(server.ws_url, label=name, remote_sdp_filter=rewrite) for name in ("alice", "bob")]
        try:
            for peer in peers:
                await peer.connect()
                await peer.join("dc-loss", peer.label)
            await asyncio.gather(*(peer.publish(audio=False, video=False, data_channels=CHANNELS) for peer in peers))
            await expect_forwarded_channels(peers, ["chat", "fast"])
            alice, bob = peers
            sent = [f"message {i}" if i % 2 else os.urandom(100 + i * 997) for i in range(40)] + [os.urandom(LARGE)]
            for message in sent:
                alice.data_channels["chat"].send(message)
                alice.data_channels["fast"].send(message)
            chat, fast = f"{alice.id}/chat", f"{alice.id}/fast"
            await expect(bob, lambda: len(bob.data_messages.get(chat, [])) >= len(sent)
                         and len(bob.data_messages.get(fast, [])) >= len(sent), "bob: every message", timeout=90)
            assert bob.data_messages[chat] == sent
            assert sorted(bob.data_messages[fast], key=repr) == sorted(sent, key=repr)
            _, metrics = server.get("/metrics")
            retransmitted = re.search(r"^switchboard_datachannel_sctp_retransmissions_total (\d+)", metrics, re.M)
            assert retransmitted and int(retransmitted.group(1)) > 0
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)
            relay.close()

    run(scenario(), timeout=150)
