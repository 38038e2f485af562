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
import re
import time

from switchboard_client import SwitchboardClient

SECRET = "cascade-test-secret-0123456789abcdef"
CASCADE = f"  placement: cascade\n  secret: {SECRET}\n"


def relay_frames(client: SwitchboardClient, far_node: str, kind: str) -> int:
    """Frames `client` decoded from the relay publishing `far_node`'s tracks
    (a relay is a participant named after its far node)."""
    return sum(client.frames_from(pid, kind) for pid, name in client.names.items() if name == far_node)


def relay_token(node: str, room: str, secret: str = SECRET) -> str:
    """An HS256 relay token ({relay, room, exp}) as a node signs it."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = part(json.dumps({"relay": node, "room": room, "exp": int(time.time()) + 60}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{part(signature)}"


def metric(node, name: str) -> float:
    status, text = node.get("/metrics")
    assert status == 200, text
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{re.escape(name)}(\{{[^}}]*\}})? (\S+)$", line)
        if match:
            total += float(match.group(2))
    return total


def room_figures(node, room: str) -> dict:
    status, body = node.get(f"/rooms/{room}")
    assert status == 200, body
    return json.loads(body)


def test_a_subscriber_on_another_node_decodes_through_one_relay(start_node, run):
    a = start_node("a", extra=CASCADE)
    b = start_node("b", extra=CASCADE)

    async def scenario():
        alice = SwitchboardClient(a.ws_url, label="alice")
        await alice.connect()
        await alice.join("standup", "alice")
        await alice.publish()
        bob = SwitchboardClient(b.ws_url, label="bob")
        await bob.connect()
        await bob.join("standup", "bob")
        assert bob.redirects == []
        await bob.wait_for(lambda: relay_frames(bob, "a", "video") >= 10, 30, "alice's video at bob through a relay")
        await bob.wait_for(lambda: relay_frames(bob, "a", "audio") >= 10, 30, "alice's audio at bob through a relay")
        # Each node pulls the other's tracks (bob's node has a member too):
        # alice sees b's incoming relay as one participant, never the hidden
        # relay that serves a's tracks to b.
        assert list(alice.names.values()).count("b") == 1, alice.names
        for node, far in ((a, "b"), (b, "a")):
            relays = sorted((p["relay"], p["relayDirection"])
                            for p in room_figures(node, "standup")["participants"] if p.get("relay"))
            assert relays == [(far, "in"), (far, "out")], relays
        assert metric(b, 'switchboard_cluster_relay_packets_total{direction="in"}') > 0
        assert metric(a, 'switchboard_cluster_relay_packets_total{direction="out"}') > 0
        await alice.leave()
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
            assert metric(a, f'switchboard_cluster_relays_refused_total{{reason="{reason}"}}') == 1
            await intruder.close()
        a.assert_running()

    run(scenario(), timeout=30)
