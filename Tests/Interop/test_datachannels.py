"""Data channels through the real server, with aiortc participants
(tools/interop/switchboard_client.py): a channel a participant opens on its
publish PC reaches every other participant as `<participant id>/<label>` on
its subscribe PC, with the same ordering and reliability, every message byte
for byte with its type (docs/protocol.md, "Data channels")."""
from __future__ import annotations

import asyncio
import os
import re

from switchboard_client import SwitchboardClient

LARGE = 256 * 1024  # the default a=max-message-size
TIMEOUT = 40.0

CHANNELS = [
    {"label": "chat", "ordered": True},
    {"label": "fast", "ordered": False},
    {"label": "lossy", "ordered": False, "max_retransmits": 2},
]


def messages_of(sender: str) -> list:
    """What `sender` sends on each channel: text and binary, small, empty and large."""
    return [
        f"hello from {sender}",
        f"{sender} é ✓".encode() + bytes(range(256)),
        "",
        b"",
        (sender[0] * LARGE),
        os.urandom(LARGE),
        f"last from {sender}",
    ]


async def open_room(url: str, room: str, names: list[str], audio: bool = False) -> list[SwitchboardClient]:
    """`audio`: the first participant publishes audio besides its channels."""
    peers = [SwitchboardClient(url, label=name) for name in names]
    for peer, name in zip(peers, names):
        await peer.connect()
        await peer.join(room, name)
    await asyncio.gather(*(peer.publish(audio=audio and index == 0, video=False, data_channels=CHANNELS)
                           for index, peer in enumerate(peers)))
    return peers


def describe(peer: SwitchboardClient) -> str:
    return (f"{peer.label} ({peer.id}): own {[(l, c.readyState) for l, c in peer.data_channels.items()]}, "
            f"received {[(l, c.readyState) for l, c in peer.received_channels.items()]}, "
            f"messages {[(l, len(m)) for l, m in peer.data_messages.items()]}, closed {peer.closed_channels}, "
            f"errors {peer.errors}, client errors {peer.negotiation_errors}")


async def expect(peer: SwitchboardClient, predicate, what: str, timeout: float = TIMEOUT):
    try:
        return await peer.wait_for(predicate, timeout, what=what)
    except TimeoutError:
        raise AssertionError(f"{what} within {timeout} s; {describe(peer)}") from None


async def expect_forwarded_channels(peers: list[SwitchboardClient], labels: list[str]) -> None:
    """Every peer's own channels open, and every other peer's forwarded to it."""
    for peer in peers:
        await expect(peer, lambda p=peer: all(c.readyState == "open" for c in p.data_channels.values()),
                     f"{peer.label}: own channels open")
    for peer in peers:
        wanted = [f"{other.id}/{label}" for other in peers if other is not peer for label in labels]
        await expect(peer, lambda p=peer, w=wanted: all(
            l in p.received_channels and p.received_channels[l].readyState == "open" for l in w),
            f"{peer.label}: forwarded channels {wanted}")


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
            sent = {peer.id: messages_of(peer.label) for peer in peers}
            for peer in peers:
                for label in ("chat", "fast"):
                    for message in sent[peer.id]:
                        peer.data_channels[label].send(message)
            for peer in peers:
                for other in peers:
                    if other is peer:
                        continue
                    for label in ("chat", "fast"):
                        key = f"{other.id}/{label}"
                        count = len(sent[other.id])
                        await expect(peer, lambda p=peer, k=key, n=count: len(p.data_messages.get(k, [])) >= n,
                                     f"{peer.label}: {count} messages on {key}")
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
            await expect_forwarded_channels(peers, ["chat"])
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


def test_channels_past_the_limit_are_refused_and_counted(start_server, run, tmp_path):
    config = tmp_path / "switchboard.yaml"
    config.write_text("data_channels:\n  max_channels_per_participant: 2\n")
    server = start_server(config=str(config))

    async def scenario():
        alice, bob = SwitchboardClient(server.ws_url, label="alice"), SwitchboardClient(server.ws_url, label="bob")
        for peer, name in ((alice, "alice"), (bob, "bob")):
            await peer.connect()
            await peer.join("dc-limit", name)
        specs = [{"label": f"c{i}"} for i in range(4)]
        await asyncio.gather(alice.publish(audio=False, video=False, data_channels=specs),
                             bob.publish(audio=False, video=False, data_channels=[{"label": "x"}]))
        try:
            await expect(bob, lambda: all(f"{alice.id}/c{i}" in bob.received_channels for i in range(2)),
                         "bob: alice's first two channels")
            await expect(alice, lambda: sum(c.readyState == "closed" for c in alice.data_channels.values()) >= 2,
                         "alice: the channels past the limit closed")

            def refused() -> int:
                _, metrics = server.get("/metrics")
                found = re.search(r'^switchboard_datachannel_refused_total\{reason="channel_limit"\} (\d+)', metrics, re.M)
                return int(found.group(1)) if found else 0
            assert refused() >= 2
            _, metrics = server.get("/metrics")
            assert re.search(r'^switchboard_datachannel_limit\{limit="max_channels_per_participant"\} 2$', metrics, re.M)
            assert set(bob.received_channels) == {f"{alice.id}/c0", f"{alice.id}/c1"}
            # Everyone else is undisturbed.
            bob.data_channels["x"].send("fine")
            await expect(alice, lambda: alice.data_messages.get(f"{bob.id}/x") == ["fine"], "alice: bob's message")
        finally:
            await asyncio.gather(alice.leave(), bob.leave(), return_exceptions=True)

    run(scenario(), timeout=90)


def test_a_message_over_the_size_limit_aborts_only_the_senders_association(start_server, run):
    server = start_server()

    async def scenario():
        peers = await open_room(server.ws_url, "dc-oversize", ["alice", "bob"])
        alice, bob = peers
        try:
            await expect_forwarded_channels(peers, ["chat"])
            # aiortc honours our a=max-message-size; make it forget it.
            channel = alice.data_channels["chat"]
            channel.transport._remote_max_message_size = 0
            channel.send(b"x" * (LARGE + 1))

            def aborted() -> int:
                _, metrics = server.get("/metrics")
                found = re.search(r'^switchboard_datachannel_associations_closed_total\{reason="aborted_protocol_violation"\} (\d+)',
                                  metrics, re.M)
                return int(found.group(1)) if found else 0
            await expect(alice, lambda: aborted() >= 1, "the server aborting alice's association")
            # Alice's channels are gone for bob; bob's still reach alice.
            for label in ("chat", "fast", "lossy"):
                key = f"{alice.id}/{label}"
                await expect(bob, lambda k=key: k in bob.closed_channels, f"bob: {key} closed")
            bob.data_channels["chat"].send("still fine")
            key = f"{bob.id}/chat"
            await expect(alice, lambda: "still fine" in alice.data_messages.get(key, []), "alice: bob's message")
            server.assert_running()
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


def test_hostile_sctp_input_is_refused_and_counted_without_disturbing_anyone(start_server, run):
    server = start_server()

    def metric(name: str, reason: str) -> int:
        _, metrics = server.get("/metrics")
        found = re.search(rf'^{name}\{{reason="{reason}"\}} (\d+)', metrics, re.M)
        return int(found.group(1)) if found else 0

    async def scenario():
        peers = await open_room(server.ws_url, "dc-hostile", ["alice", "bob"])
        alice, bob = peers
        try:
            await expect_forwarded_channels(peers, ["chat"])
            sctp = alice.data_channels["chat"].transport
            # A record that is no SCTP packet (bad checksum), a DCEP message of
            # an unknown type, and DATA on a stream past the negotiated ones.
            await sctp.transport._send_data(b"\x13\x88\x13\x88" + bytes(60))
            await sctp._send(10, 50, b"\x99\x00\x00\x00")
            await sctp._send(2000, 51, b"beyond")
            await expect(alice, lambda: metric("switchboard_datachannel_refused_total", "malformed_dcep") >= 1
                         and metric("switchboard_datachannel_refused_total", "invalid_stream") >= 1
                         and (metric("switchboard_datachannel_refused_total", "bad_checksum")
                              + metric("switchboard_datachannel_refused_total", "malformed")) >= 1,
                         "the hostile input counted")
            # Nothing was aborted: alice's channel still reaches bob, and bob's alice.
            alice.data_channels["chat"].send("after")
            bob.data_channels["chat"].send("fine")
            await expect(bob, lambda: "after" in bob.data_messages.get(f"{alice.id}/chat", []), "bob: alice's message")
            await expect(alice, lambda: "fine" in alice.data_messages.get(f"{bob.id}/chat", []), "alice: bob's message")
            assert metric("switchboard_datachannel_associations_closed_total", "aborted_protocol_violation") == 0
            server.assert_running()
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    run(scenario(), timeout=90)
