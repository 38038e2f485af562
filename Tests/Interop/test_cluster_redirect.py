"""Rooms placed across nodes through PostgreSQL (`cluster:`, placement
`redirect`), against real binaries and a throwaway PostgreSQL 15 on
127.0.0.1: a join through the wrong node is redirected to the room's home
and decodes the others there; WHIP to the wrong node answers 307 to the
home; a home killed with SIGKILL loses its room to another node once its
row goes stale; a database stopped mid-run leaves a running room
forwarding, and new claims then fail with `cluster-unavailable`."""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from cluster_support import cluster_listing
from conftest import free_port
from switchboard_client import SwitchboardClient, SwitchboardError, joined_client

def home_of(nodes, room: str):
    """The node the room's claim names (by its advertised port)."""
    for claim in cluster_listing(nodes[0])["rooms"]:
        if claim["room"] == room:
            listing = {n["id"]: n for n in cluster_listing(nodes[0])["nodes"]}
            url = listing[claim["nodeID"]]["advertiseURL"]
            return next(n for n in nodes if n.http_url == url), claim
    return None, None


async def whip_offer() -> str:
    """A sendonly audio+video offer from aiortc, as a WHIP client sends."""
    from aiortc import RTCPeerConnection
    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="sendonly")
    pc.addTransceiver("video", direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    sdp = pc.localDescription.sdp
    await pc.close()
    return sdp


def whip_post(node, room: str, offer: str) -> tuple[int, dict]:
    """POSTs the offer without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"{node.http_url}/whip/{room}?name=gst", method="POST",
                                     data=offer.encode(), headers={"Content-Type": "application/sdp"})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


async def publisher_and_viewer(entry_a, entry_b, room: str):
    alice = SwitchboardClient(entry_a.ws_url, label="alice")
    bob = SwitchboardClient(entry_b.ws_url, label="bob")
    await alice.connect()
    await alice.join(room, "alice")
    await alice.publish()
    await bob.connect()
    await bob.join(room, "bob")
    await bob.publish()
    return alice, bob


def test_wrong_node_redirects_and_media_flows_on_the_home(start_node, run):
    nodes = [start_node("a"), start_node("b"), start_node("c")]

    async def scenario():
        alice = await joined_client(nodes[0].ws_url, "standup", "alice", publish=True)
        home, claim = home_of(nodes, "standup")
        assert home is not None and claim["epoch"] >= 1
        wrong = next(n for n in nodes if n is not home)
        bob = await joined_client(wrong.ws_url, "standup", "bob")
        assert bob.redirects == [home.ws_url], bob.redirects
        await bob.publish()
        alice_id, bob_id = alice.id, bob.id
        await bob.wait_for(lambda: bob.frames_from(alice_id, "video") >= 10, 30, "alice's video at bob")
        await alice.wait_for(lambda: alice.frames_from(bob_id, "video") >= 10, 30, "bob's video at alice")

        # WHIP to the wrong node: 307 to the same request on the home node.
        status, headers = whip_post(wrong, "standup", await whip_offer())
        assert status == 307, (status, headers)
        assert headers["Location"] == f"{home.http_url}/whip/standup?name=gst", headers

        listing = cluster_listing(wrong)
        assert {n["id"] for n in listing["nodes"]} == {"a", "b", "c"}
        assert all(n["live"] for n in listing["nodes"])
        status, metrics = wrong.get("/metrics")
        assert 'switchboard_cluster_claims_total{result="redirected"}' in metrics
        await alice.leave()
        await bob.leave()
        # The room's claim is given back once it empties on its home.
        deadline = time.monotonic() + 10
        while home_of(nodes, "standup")[0] is not None:
            assert time.monotonic() < deadline, "the claim outlived the room"
            await asyncio.sleep(0.2)

    run(scenario(), timeout=90)


def test_a_killed_home_loses_its_room_to_a_live_node(start_node, run):
    nodes = [start_node("a"), start_node("b")]

    async def scenario():
        alice = await joined_client(nodes[0].ws_url, "ops", "alice")
        home, claim = home_of(nodes, "ops")
        other = next(n for n in nodes if n is not home)
        home.kill()
        await alice.close()
        started = time.monotonic()
        # Through any node (here the survivor) within 15 s of the kill.
        while True:
            carol = SwitchboardClient(other.ws_url, label="carol")
            await carol.connect()
            try:
                await carol.join("ops", "carol", timeout=5)
                break
            except Exception:  # noqa: BLE001 - refused, redirected to the dead home, or slow
                await carol.close()
                assert time.monotonic() - started < 15, "the room was not taken over within 15 s"
                await asyncio.sleep(0.5)
        assert carol.redirects == []
        status, body = other.get("/cluster")
        ops = next(c for c in json.loads(body)["rooms"] if c["room"] == "ops")
        assert ops["nodeID"] != claim["nodeID"] and ops["epoch"] == claim["epoch"] + 1, ops
        await carol.leave()

    run(scenario(), timeout=60)


def test_a_database_gone_mid_run_leaves_the_room_forwarding_and_comes_back(start_node, postgres, run):
    node = start_node("solo")

    async def scenario():
        alice, bob = await publisher_and_viewer(node, node, "steady")
        await bob.wait_for(lambda: bob.frames_from(alice.id, "video") >= 5, 30, "video before the outage")
        postgres.stop()
        before = bob.frames_from(alice.id, "video")
        await bob.wait_for(lambda: bob.frames_from(alice.id, "video") >= before + 30, 30, "video during the outage")
        # A new room needs a claim: refused within the bounded wait, not hung.
        carol = SwitchboardClient(node.ws_url, label="carol")
        await carol.connect()
        started = time.monotonic()
        with pytest.raises(SwitchboardError) as refused:
            await carol.join("fresh", "carol", timeout=15)
        assert refused.value.payload["code"] == "cluster-unavailable", refused.value.payload
        assert time.monotonic() - started < 10
        assert carol.is_open
        node.assert_running()
        # The database comes back: the node reconnects by itself and new
        # rooms are claimed again, while the first room kept forwarding.
        postgres.start()
        started = time.monotonic()
        while True:
            try:
                await carol.join("fresh", "carol", timeout=5)
                break
            except SwitchboardError as error:
                assert error.payload["code"] == "cluster-unavailable", error.payload
                assert time.monotonic() - started < 20, "no claim 20 s after the database came back"
                await asyncio.sleep(0.5)
        assert node.metric("switchboard_cluster_database_up") == 1
        before = bob.frames_from(alice.id, "video")
        await bob.wait_for(lambda: bob.frames_from(alice.id, "video") >= before + 10, 30, "video after the outage")
        await carol.leave()
        await alice.leave()
        await bob.leave()

    run(scenario(), timeout=90)


def test_an_unreachable_database_is_a_startup_error(tmp_path):
    from conftest import binary_path
    config = tmp_path / "down.yaml"
    port = free_port(socket.SOCK_STREAM)
    config.write_text(f"cluster:\n  database_url: postgres://postgres@127.0.0.1:{port}/postgres\n  query_timeout: 1s\n")
    result = subprocess.run([str(binary_path()), "serve", "--config", str(config), "--http-port", "0",
                             "--media-port", "0", "--stun-port", "0", "--workers", "1"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "cluster database is unreachable" in result.stderr, result.stderr[-2000:]
    assert "switchboard ready" not in result.stdout
