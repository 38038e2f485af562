"""Rooms spread over nodes (`cluster:` placement `cascade`), against real
binaries and a throwaway PostgreSQL 15 on 127.0.0.1: each join is served
where it lands, and nodes sharing a room pull each other's tracks through
relays (docs/protocol.md, "Cluster"). A relay from a node that is not
registered is refused."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import time

from conftest import binary_path
from switchboard_client import SwitchboardClient, joined_client

SECRET = "cascade-test-secret-0123456789abcdef"
CASCADE = f"  placement: cascade\n  secret: {SECRET}\n"


def frames_named(client: SwitchboardClient, name: str, kind: str) -> int:
    """Frames `client` decoded from the participant(s) called `name`: a far
    publisher appears on each node under its own name."""
    return sum(client.frames_from(pid, kind) for pid, other in client.names.items() if other == name)


def relay_token(node: str, room: str, secret: str = SECRET) -> str:
    """An HS256 relay token ({relay, room, exp}) as a node signs it."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = part(json.dumps({"relay": node, "room": room, "exp": int(time.time()) + 60}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{part(signature)}"


def room_figures(node, room: str) -> dict:
    status, body = node.get(f"/rooms/{room}")
    assert status == 200, body
    return json.loads(body)


def test_a_subscriber_on_another_node_decodes_through_one_relay(start_node, run):
    a = start_node("a", extra=CASCADE)
    b = start_node("b", extra=CASCADE)

    async def scenario():
        alice = await joined_client(a.ws_url, "standup", "alice", publish=True)
        bob = await joined_client(b.ws_url, "standup", "bob")
        assert bob.redirects == []
        await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= 10, 30, "alice's video at bob through a relay")
        await bob.wait_for(lambda: frames_named(bob, "alice", "audio") >= 10, 30, "alice's audio at bob through a relay")
        # b pulls a's tracks; a's pull from b carries no media (bob does not
        # publish) but bob, who appears at alice all the same; the relays
        # serving each node's tracks to the other are hidden.
        await alice.wait_for(lambda: alice.names == {bob.id: "bob"}, 30, "bob at alice")
        for node, expected in ((a, [("b", "in"), ("b", "out")]), (b, [("a", "in"), ("a", "out")])):
            relays = sorted((p["relay"], p["relayDirection"])
                            for p in room_figures(node, "standup")["participants"] if p.get("relay"))
            assert relays == expected, relays
        assert b.metric('switchboard_cluster_relay_packets_total{direction="in"}') > 0
        assert a.metric('switchboard_cluster_relay_packets_total{direction="out"}') > 0
        # A second publisher on a: the same relay, a participant of her own on b.
        erin = await joined_client(a.ws_url, "standup", "erin", publish=True)
        await bob.wait_for(lambda: frames_named(bob, "erin", "video") >= 10, 30, "erin's video at bob")
        assert sorted(n for n in bob.names.values()) == ["alice", "erin"], bob.names
        assert b.metric('switchboard_cluster_relays{direction="in"}') == 1
        erin_here = next(pid for pid, name in bob.names.items() if name == "erin")
        await erin.leave()
        await bob.wait_for(lambda: erin_here in bob.left, 30, "erin leaving b's room too")
        await alice.leave()
        await bob.leave()

    run(scenario(), timeout=90)


def relay_of(node, room: str, far: str, direction: str) -> dict:
    """The relay participant of `room` on `node` toward `far` ("in" or "out")."""
    for participant in room_figures(node, room)["participants"]:
        if participant.get("relay") == far and participant.get("relayDirection") == direction:
            return participant
    return {}


def published_video(participant: dict, key: str) -> int:
    return sum(t[key] for t in participant.get("published", []) if t["kind"] == "video")


def subscribed_video(participant: dict, key: str) -> int:
    return sum(s[key] for s in participant.get("subscriptions", []) if s["kind"] == "video")


def test_three_nodes_decode_each_other_with_each_track_relayed_once(start_node, run):
    a, b, c = (start_node(name, extra=CASCADE) for name in "abc")

    async def scenario():
        clients = {}
        for node, name in ((a, "alice"), (b, "bob"), (c, "carol")):
            client = await joined_client(node.ws_url, "standup", name, publish=True)
            clients[name] = client
        alice, bob, carol = clients["alice"], clients["bob"], clients["carol"]
        # Every participant decodes the two others, each through the relay of its node.
        for client, others in ((alice, ("bob", "carol")), (bob, ("alice", "carol")), (carol, ("alice", "bob"))):
            for other in others:
                await client.wait_for(lambda: frames_named(client, other, "video") >= 10, 30,
                                      f"{other}'s video at {client.label}")
        # No loop: c's relay into a carries c's own two tracks, not what c got from b.
        assert len(relay_of(a, "standup", "c", "in")["published"]) == 2
        assert len(relay_of(c, "standup", "a", "out")["subscriptions"]) == 2

        # A second subscriber on b: a still sends alice's tracks to b once.
        before_requests = subscribed_video(relay_of(a, "standup", "b", "out"), "keyframeRequestsReceived")
        alice_requests = published_video(next(p for p in room_figures(a, "standup")["participants"]
                                              if p["name"] == "alice"), "keyframeRequestsSent")
        dave = await joined_client(b.ws_url, "standup", "dave")
        await dave.wait_for(lambda: frames_named(dave, "alice", "video") >= 10, 30, "alice's video at dave")
        out = relay_of(a, "standup", "b", "out")
        assert len(out["subscriptions"]) == 2, out["subscriptions"]
        incoming = relay_of(b, "standup", "a", "in")
        sent = sum(s["packets"] for s in out["subscriptions"])
        received = sum(t["packets"] for t in incoming["published"])
        # Both count the same stream; the far side's figures are read later.
        assert 0 < received <= sent, (received, sent)

        # dave's keyframe request crossed the relay and reached alice on a.
        def crossed():
            relay = relay_of(a, "standup", "b", "out")
            alice_now = next(p for p in room_figures(a, "standup")["participants"] if p["name"] == "alice")
            return (subscribed_video(relay, "keyframeRequestsReceived") > before_requests
                    and published_video(alice_now, "keyframeRequestsSent") > alice_requests)
        await dave.wait_for(crossed, 30, "dave's keyframe request at alice's node and at alice")
        for client in (alice, bob, carol, dave):
            await client.leave()
        # Once nobody is left, every relay ends on both sides and the rooms go.
        for node in (a, b, c):
            await alice.wait_for(lambda: node.metric("switchboard_cluster_relays") == 0
                                 and node.metric("switchboard_rooms") == 0, 30, f"relays ended on {node.http_url}")

    run(scenario(), timeout=120)


def test_every_simulcast_layer_crosses_once_and_the_far_node_switches(start_node, run):
    a = start_node("a", extra=CASCADE)
    b = start_node("b", extra=CASCADE)
    # A simulcast bot (three layers by SSRC group) publishes in room sim-0 on a.
    publisher = subprocess.Popen(
        [str(binary_path()), "loadtest", "--url", a.ws_url, "--publishers", "1", "--subscribers", "0",
         "--simulcast", "--duration", "90s", "--room-prefix", "sim"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def layers_in(node, relay_direction=None, name=None):
        status, body = node.get("/rooms/sim-0")
        if status != 200:
            return []
        for participant in json.loads(body)["participants"]:
            if (relay_direction and participant.get("relayDirection") == relay_direction) or participant["name"] == name:
                return [layer for track in participant["published"] if track["kind"] == "video"
                        for layer in track["layers"] if layer["bitrate"] > 0]
        return []

    async def scenario():
        bob = SwitchboardClient(b.ws_url, label="bob")
        await bob.wait_for(lambda: len(layers_in(a, name="pub-0-0")) == 3, 30, "three layers published on a")
        await bob.connect()
        await bob.join("sim-0", "bob")
        await bob.wait_for(lambda: frames_named(bob, "pub-0-0", "video") >= 10, 30, "the bot's video at bob through a relay")
        # a sends b each layer once, on a down track of its own, whatever b forwards.
        out = relay_of(a, "sim-0", "b", "out")
        pinned = sorted(s["layer"] or "" for s in out["subscriptions"] if s["kind"] == "video")
        assert len(pinned) == 3 and len(set(pinned)) == 3, out["subscriptions"]
        await bob.wait_for(lambda: len(layers_in(b, relay_direction="in")) == 3, 30, "three layers arriving on b")

        def bob_layer():
            for participant in room_figures(b, "sim-0")["participants"]:
                if participant["name"] == "bob":
                    return next((s.get("layer") for s in participant["subscriptions"] if s["kind"] == "video"), None)
        await bob.wait_for(lambda: bob_layer() not in (None, "0"), 40, "bob above the lowest layer")
        video = next(t["id"] for t in bob.remote_tracks.values() if t["kind"] == "video")
        before = frames_named(bob, "pub-0-0", "video")
        await bob.send({"type": "track-settings", "track": video, "quality": "low"})
        await bob.wait_for(lambda: bob_layer() == "0", 30, "the switch to the lowest layer on b")
        await bob.wait_for(lambda: frames_named(bob, "pub-0-0", "video") >= before + 10, 30, "video after the switch")
        # The switch was b's alone: a still sends b all three layers.
        assert len(layers_in(b, relay_direction="in")) == 3
        await bob.leave()

    try:
        run(scenario(), timeout=150)
    finally:
        publisher.terminate()
        publisher.wait(timeout=20)


def test_a_killed_node_leaves_the_far_room_cleanly(start_node, run):
    a = start_node("a", extra=CASCADE)
    b = start_node("b", extra=CASCADE)

    async def scenario():
        alice = await joined_client(a.ws_url, "standup", "alice", publish=True)
        bob = await joined_client(b.ws_url, "standup", "bob")
        await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= 10, 30, "alice's video at bob")
        relay = next(pid for pid, name in bob.names.items() if name == "alice")
        a.kill()
        await alice.close()
        # The relay's participant leaves bob's room; b keeps serving it.
        await bob.wait_for(lambda: relay in bob.left, 30, "the relay of the killed node leaving")
        await bob.wait_for(lambda: b.metric("switchboard_cluster_relays") == 0, 30, "no relay left on b")
        b.assert_running()
        assert bob.is_open
        await bob.leave()

    run(scenario(), timeout=90)


def test_a_relay_from_an_unregistered_node_is_refused(start_node, run):
    a = start_node("a", extra=CASCADE)

    async def scenario():
        # A well-signed token, but no node "zz" in the registry; then a forged token.
        for token, reason in ((relay_token("zz", "standup"), "unregistered"),
                              (relay_token("zz", "standup", secret="not-the-cluster-secret-0123456789"), "bad_token")):
            intruder = SwitchboardClient(a.ws_url, label="intruder")
            await intruder.connect()
            await intruder.send({"type": "join", "room": "standup", "name": "zz", "relay": "zz", "token": token})
            reply = await intruder.next_message("error")
            assert reply["code"] == "unauthorized" and "relay refused" in reply["message"], reply
            assert a.metric(f'switchboard_cluster_relays_refused_total{{reason="{reason}"}}') == 1
            await intruder.close()
        a.assert_running()

    run(scenario(), timeout=30)
