"""aiortc joins a room through the embedded TURN server only: its
RTCPeerConnections take the iceServers of its `joined` with a relay-only
policy (UDP, then TCP to the TURN server), it publishes, and another
participant decodes it. The server is ICE-lite; its relay reaches the
server's own media port (on 127.0.0.1 that needs allow_loopback_peers)."""
from __future__ import annotations

import asyncio

import pytest
from aiortc import RTCBundlePolicy, RTCConfiguration, RTCIceServer

from switchboard_client import SwitchboardClient
from test_rooms_aiortc import describe, expect_media_from
from turn_support import turn_credentials, turn_metrics

try:
    from aiortc import RTCIceTransportPolicy
except ImportError:  # older aiortc
    RTCIceTransportPolicy = None


def relay_only(ice_servers: list[dict], transport: str):
    """A configuration factory: the TURN URL of `transport` only, relay policy."""
    username, credential, urls = turn_credentials(ice_servers)
    url = next(u for u in urls if u.startswith("turn:") and u.endswith(f"transport={transport}"))

    def make() -> RTCConfiguration:
        return RTCConfiguration(
            iceServers=[RTCIceServer(urls=[url], username=username, credential=credential)],
            bundlePolicy=RTCBundlePolicy.MAX_BUNDLE, iceTransportPolicy=RTCIceTransportPolicy.RELAY)
    return make


@pytest.mark.timeout(120)
@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_aiortc_publishes_through_turn_only(start_server, transport):
    server = start_server(turn_allow_loopback_peers=True)

    async def scenario():
        room = f"turn-{transport}"
        relayed = SwitchboardClient(server.ws_url, label="relayed")
        watcher = SwitchboardClient(server.ws_url, label="watcher")
        try:
            await relayed.connect()
            joined = await relayed.join(room, "relayed")
            relayed.rtc_configuration = relay_only(joined["iceServers"], transport)
            await watcher.connect()
            await watcher.join(room, "watcher")
            await relayed.publish(audio=True, video=True)
            sdp = relayed.publish_pc.localDescription.sdp
            candidates = [line for line in sdp.splitlines() if line.startswith("a=candidate:")]
            assert candidates and all(" typ relay" in line for line in candidates), sdp
            await expect_media_from(watcher, [relayed.id], video=15, audio=20, timeout=60)
            assert not relayed.errors, describe(relayed)
        finally:
            await asyncio.gather(relayed.leave(), watcher.leave(), return_exceptions=True)

    asyncio.run(scenario())
    metrics = turn_metrics(server)
    # The frames the watcher decoded (15 video, 20 audio) crossed the relay:
    # at least one packet each. How many more went depends on how fast it decoded.
    assert metrics['switchboard_turn_relayed_packets_total{direction="client_to_peer"}'] >= 35, metrics
    assert metrics['switchboard_turn_relayed_packets_total{direction="peer_to_client"}'] >= 1, metrics
    assert metrics['switchboard_turn_allocations_total{event="created"}'] >= 1, metrics
    server.assert_running()
