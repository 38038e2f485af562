"""A node-to-node relay with a valid relay token is not held to the far
node's per-address client limits (`limits.max_connections_per_ip`,
`limits.joins_per_minute_per_ip`): the relays of a whole node come from one
address, and `cluster.max_relays` bounds them instead. A client from that
same address still is."""
from __future__ import annotations

import asyncio

import websockets

from switchboard_client import SwitchboardClient, joined_client
from test_cluster_cascade import CASCADE, frames_named, relay_of, relay_token

# One socket and one join a minute from any one address.
TIGHT = "limits:\n  max_connections_per_ip: 1\n  joins_per_minute_per_ip: 1\n"


def test_a_relay_passes_a_far_node_whose_per_address_limits_are_full(start_node, run):
    a = start_node("a", extra=CASCADE + TIGHT)
    b = start_node("b", extra=CASCADE)

    async def scenario():
        # alice's socket takes 127.0.0.1's one connection to a, and its one join.
        alice = await joined_client(a.ws_url, "standup", "alice", publish=True)
        # Another client socket from the same address is refused, as before.
        refused = await websockets.connect(a.ws_url, open_timeout=10)
        refusal = await asyncio.wait_for(refused.recv(), 5)
        assert '"limit-reached"' in refusal, refusal
        await refused.close()
        # b's relay to a, from that same address, is admitted and carries alice.
        bob = await joined_client(b.ws_url, "standup", "bob")
        await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= 10, 30, "alice's video at bob through a relay")
        assert relay_of(a, "standup", "b", "out"), "no relay serving a's tracks to b"
        assert a.metric('switchboard_limit_refusals_total{limit="max_connections_per_ip"}') == 1
        await alice.leave()
        await bob.leave()

    run(scenario(), timeout=90)


def test_a_relay_connection_may_join_only_as_the_relay_its_token_names(start_node, run):
    a = start_node("a", extra=CASCADE + TIGHT)
    b = start_node("b", extra=CASCADE)
    assert b  # registered and live: its token is a real node's

    async def scenario():
        holder = SwitchboardClient(a.ws_url, label="holder")
        await holder.connect()
        # Past the per-address limit with b's relay token, the socket is let
        # in; a plain client join on it is refused and the socket closed.
        headers = {"Switchboard-Relay-Token": relay_token("b", "standup")}
        sneaky = await websockets.connect(a.ws_url, open_timeout=10, additional_headers=headers)
        await sneaky.send('{"type": "join", "room": "standup", "name": "mallory"}')
        answer = await asyncio.wait_for(sneaky.recv(), 5)
        assert '"unauthorized"' in answer and "relay" in answer, answer
        await asyncio.wait_for(sneaky.wait_closed(), 5)
        await holder.close()

    run(scenario(), timeout=60)
