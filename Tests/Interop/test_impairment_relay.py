"""The impairment relay the quality and recording tests put between peers and
the server (tools/interop/udp_impairment_relay.py): checked on its own with
plain UDP sockets, then with aiortc peers talking to the server through it."""
from __future__ import annotations

import asyncio
import time

from switchboard_client import SwitchboardClient
from udp_impairment_relay import Impairment, ImpairmentRelay, rewrite_candidates

RTP_LIKE = bytes([0x80, 96]) + bytes(98)  # first byte 128: impaired as media


class _Echo(asyncio.DatagramProtocol):
    """A loopback UDP server that answers every datagram with itself."""

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.received = 0

    def datagram_received(self, data, addr) -> None:
        self.received += 1
        self.transport.sendto(data, addr)


class _Sink(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.times: list[float] = []

    def datagram_received(self, data, addr) -> None:
        self.times.append(time.monotonic())


async def _echo_through(relay_options: dict, count: int, burst: int = 10, payload: bytes = RTP_LIKE):
    loop = asyncio.get_running_loop()
    echo_transport, echo = await loop.create_datagram_endpoint(_Echo, local_addr=("127.0.0.1", 0))
    relay = await ImpairmentRelay(("127.0.0.1", echo_transport.get_extra_info("sockname")[1]),
                                  **relay_options).start()
    client_transport, sink = await loop.create_datagram_endpoint(
        _Sink, local_addr=("127.0.0.1", 0), remote_addr=("127.0.0.1", relay.port))
    try:
        # In bursts, so no socket buffer overflows (only the relay drops).
        for index in range(count):
            client_transport.sendto(payload)
            if index % burst == burst - 1:
                await asyncio.sleep(0.002)
        await asyncio.sleep(0.5)
        return relay.counters(), echo.received, sink.times
    finally:
        client_transport.close()
        relay.close()
        echo_transport.close()


def test_loss_is_seeded_and_near_the_rate(run):
    options = {"upstream": Impairment(loss=0.1), "downstream": Impairment(loss=0.1), "seed": 7}
    first = run(_echo_through(options, 2000))
    second = run(_echo_through(options, 2000))
    counters, echoed, received = first
    assert counters == second[0], "the same seed gives the same drops"
    assert 0.07 < counters["upstream"]["dropped_loss"] / 2000 < 0.13, counters
    assert echoed == counters["upstream"]["forwarded"]
    assert len(received) == counters["downstream"]["forwarded"]
    assert len(received) < echoed < 2000


def test_handshake_traffic_is_spared_unless_asked():
    stun_like = bytes([0x00, 0x01]) + bytes(98)
    counters, _, received = asyncio.run(_echo_through(
        {"upstream": Impairment(loss=1.0)}, 50, payload=stun_like))
    assert len(received) == 50 and counters["upstream"]["dropped_loss"] == 0
    counters, _, received = asyncio.run(_echo_through(
        {"upstream": Impairment(loss=1.0), "impair_handshake": True}, 50, payload=stun_like))
    assert received == [] and counters["upstream"]["dropped_loss"] == 50


def test_rate_cap_paces_and_drops_what_overflows_the_queue(run):
    # 200 datagrams of 100 bytes at once through 80 kbit/s (10 ms each) with
    # a 200 ms queue: about 20 pass, spaced 10 ms apart; the rest are dropped.
    # On a loaded machine the burst itself takes a few ms to send, and the
    # queue drains meanwhile: a few more pass.
    counters, _, received = run(_echo_through(
        {"downstream": Impairment(rate_kbps=80, queue_ms=200)}, 200, burst=200))
    assert 18 <= len(received) <= 27, counters
    assert counters["downstream"]["dropped_queue"] == 200 - len(received)
    spacing = (received[-1] - received[0]) / (len(received) - 1)
    assert 0.008 < spacing < 0.014, spacing


def test_delay_is_applied(run):
    counters, _, received = run(_echo_through({"upstream": Impairment(delay_ms=150)}, 1))
    assert len(received) == 1


def test_rewrite_candidates_touches_only_loopback_host_candidates():
    sdp = ("v=0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n"
           "a=candidate:2 1 udp 2130706431 10.0.0.1 50000 typ host\r\n")
    rewritten = rewrite_candidates(sdp, 40000)
    assert "127.0.0.1 40000 typ host" in rewritten
    assert "10.0.0.1 50000 typ host" in rewritten
    assert rewrite_candidates(sdp, 40000, only_port=1) == sdp


def test_peers_through_the_relay_exchange_media(start_server, run):
    """Both peers' media (and ICE, DTLS) go through the relay, each PC from
    its own upstream address: the server sees them as ordinary peers."""
    server = start_server()

    async def scenario():
        relay = await ImpairmentRelay(("127.0.0.1", server.media_port)).start()
        rewrite = lambda sdp: rewrite_candidates(sdp, relay.port)  # noqa: E731
        peers = [SwitchboardClient(server.ws_url, label=name, remote_sdp_filter=rewrite) for name in ("a", "b")]
        try:
            for peer, name in zip(peers, ("a", "b")):
                await peer.connect()
                await peer.join("relay", name)
            await asyncio.gather(*(peer.publish() for peer in peers))
            a, b = peers
            await a.wait_for(lambda: a.frames_from(b.id, "video") >= 15, 30, what="video from b")
            await b.wait_for(lambda: b.frames_from(a.id, "video") >= 15, 30, what="video from a")
            counters = relay.counters()
            assert counters["upstream"]["forwarded"] > 100 and counters["downstream"]["forwarded"] > 100
            assert len(relay._upstreams) == 4, "two PCs per peer, each its own address"
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)
            relay.close()

    run(scenario(), timeout=60)
