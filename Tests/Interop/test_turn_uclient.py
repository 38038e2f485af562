"""coturn's turnutils_uclient against the embedded TURN server, over UDP,
TCP and TLS, with credentials handed out in a `joined` message; the peer is
turnutils_peer on 127.0.0.1, which is not this server's media address: the
test server allows any peer, loopback included (by default relays reach
only the server's own media ports)."""
from __future__ import annotations

import asyncio
import socket

import pytest

from turn_support import echo_peer, free_udp_port, joined_ice_servers, run_uclient, turn_credentials, turn_metrics

MESSAGES = 40


@pytest.mark.timeout(120)
@pytest.mark.parametrize("transport", ["udp", "tcp", "tls"])
def test_uclient_allocates_and_relays(start_server, transport):
    server = start_server(turn_allow_loopback_peers=True, turn_allow_any_peer=True)
    peer_port = free_udp_port()

    async def credentials():
        joined, ice_servers, client = await joined_ice_servers(server, name=f"uclient-{transport}")
        await client.close()
        return ice_servers

    ice_servers = asyncio.run(credentials())
    username, password, urls = turn_credentials(ice_servers)
    assert f"turn:127.0.0.1:{server.stun_port}?transport=udp" in urls
    assert f"turn:127.0.0.1:{server.options['turn_tcp_port']}?transport=tcp" in urls
    assert f"turns:127.0.0.1:{server.options['turn_tls_port']}?transport=tcp" in urls
    assert any(f"stun:127.0.0.1:{server.stun_port}" in entry["urls"] for entry in ice_servers)
    port = {"udp": server.stun_port, "tcp": server.options["turn_tcp_port"],
            "tls": server.options["turn_tls_port"]}[transport]
    flags = {"udp": [], "tcp": ["-t"], "tls": ["-t", "-S"]}[transport]
    before = turn_metrics(server)
    with echo_peer(peer_port):
        output, lost, dropped = run_uclient(
            # -s: Send/Data indications. uclient picks random channel numbers
            # in RFC 5766's 0x4000-0x7FFF; RFC 8656 (this server) allows only
            # 0x4000-0x4FFF, so ChannelBind would fail at random (400).
            # ChannelData is covered by the aiortc test (aioice binds 0x4000 up).
            [*flags, "-s", "-c", "-n", str(MESSAGES), "-l", "180", "-z", "5", "-e", "127.0.0.1", "-r", str(peer_port),
             "-u", username, "-w", password, "-p", str(port), "127.0.0.1"])
    assert lost == 0 and dropped == 0, output[-3000:]
    after = turn_metrics(server)
    server.assert_running()

    def moved(key):
        return after.get(key, 0) - before.get(key, 0)

    assert moved('switchboard_turn_allocations_total{event="created"}') >= 1, after
    assert moved('switchboard_turn_relayed_packets_total{direction="client_to_peer"}') >= MESSAGES, after
    assert moved('switchboard_turn_relayed_packets_total{direction="peer_to_client"}') >= MESSAGES, after
    assert moved('switchboard_turn_relayed_bytes_total{direction="client_to_peer"}') >= MESSAGES * 180, after
    # The first Allocate of a session is challenged (401 with realm and nonce).
    assert moved('switchboard_turn_refusals_total{code="401"}') >= 1, after


@pytest.mark.timeout(60)
def test_peer_outside_policy_is_refused(start_server):
    """Without allow_loopback_peers a loopback peer is not this server's media
    address: CreatePermission is refused (403) and nothing is relayed."""
    server = start_server()
    peer_port = free_udp_port()

    async def credentials():
        _, ice_servers, client = await joined_ice_servers(server, name="refused")
        await client.close()
        return ice_servers

    username, password, _ = turn_credentials(asyncio.run(credentials()))
    with echo_peer(peer_port):
        output, lost, _ = run_uclient(
            ["-c", "-n", "5", "-e", "127.0.0.1", "-r", str(peer_port), "-u", username, "-w", password,
             "-p", str(server.stun_port), "127.0.0.1"], timeout=20, require_totals=False)
    metrics = turn_metrics(server)
    assert metrics.get('switchboard_turn_refusals_total{code="403"}', 0) >= 1, (metrics, output[-2000:])
    assert metrics.get('switchboard_turn_relayed_packets_total{direction="client_to_peer"}', 0) == 0, metrics
    server.assert_running()


def hold_even_udp_port() -> socket.socket:
    """A UDP socket bound to an even port of 127.0.0.1 (closed by the caller)."""
    while True:
        held = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        held.bind(("127.0.0.1", 0))
        if held.getsockname()[1] % 2 == 0 and held.getsockname()[1] < 65000:
            return held
        held.close()


@pytest.mark.timeout(120)
def test_a_relay_port_held_elsewhere_is_skipped_over_tcp(start_server):
    """A port of the relay range that another process holds: the Allocate
    is answered with the next free port (a TCP client never retransmits,
    so failing the allocation would leave it waiting)."""
    with hold_even_udp_port() as held:
        # Even: uclient asks for EVEN-PORT, so an odd first port is never tried.
        first = held.getsockname()[1]
        server = start_server(turn_allow_loopback_peers=True, turn_allow_any_peer=True,
                              turn_relay_ports=f"{first}-{first + 20}")
        peer_port = free_udp_port()

        async def credentials():
            _, ice_servers, client = await joined_ice_servers(server, name="uclient-held")
            await client.close()
            return ice_servers

        username, password, _ = turn_credentials(asyncio.run(credentials()))
        with echo_peer(peer_port):
            output, lost, dropped = run_uclient(
                ["-t", "-s", "-c", "-n", "10", "-l", "180", "-z", "5", "-e", "127.0.0.1", "-r", str(peer_port),
                 "-u", username, "-w", password, "-p", str(server.options["turn_tcp_port"]), "127.0.0.1"])
        assert lost == 0 and dropped == 0, output[-3000:]
        metrics = turn_metrics(server)
        assert metrics.get("switchboard_turn_relay_port_retries_total", 0) >= 1, metrics
        server.assert_running()
