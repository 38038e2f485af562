"""Data channel input the server refuses, through the real server with
aiortc participants: channels past the per-participant limit, an over-size
message, malformed SCTP and DCEP. Each is counted in /metrics and touches
no one but its sender (docs/security.md)."""
from __future__ import annotations

import asyncio
import re

from datachannel_support import LARGE, expect, expect_forwarded_channels, metric, open_room
from switchboard_client import SwitchboardClient


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


def test_hostile_sctp_input_is_refused_and_counted_without_disturbing_anyone(start_server, run):
    server = start_server()

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
            await expect(alice, lambda: metric(server, "switchboard_datachannel_refused_total", "malformed_dcep") >= 1
                         and metric(server, "switchboard_datachannel_refused_total", "invalid_stream") >= 1
                         and (metric(server, "switchboard_datachannel_refused_total", "bad_checksum")
                              + metric(server, "switchboard_datachannel_refused_total", "malformed")) >= 1,
                         "the hostile input counted")
            # Nothing was aborted: alice's channel still reaches bob, and bob's alice.
            alice.data_channels["chat"].send("after")
            bob.data_channels["chat"].send("fine")
            await expect(bob, lambda: "after" in bob.data_messages.get(f"{alice.id}/chat", []), "bob: alice's message")
            await expect(alice, lambda: "fine" in alice.data_messages.get(f"{bob.id}/chat", []), "alice: bob's message")
            assert metric(server, "switchboard_datachannel_associations_closed_total", "aborted_protocol_violation") == 0
            server.assert_running()
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    run(scenario(), timeout=90)
