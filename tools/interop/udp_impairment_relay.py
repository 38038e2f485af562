#!/usr/bin/env python3
"""A UDP relay that impairs traffic between WebRTC peers and the server.

Tests put it between a peer and the server's media port on loopback: the
peer is told (through the server's SDP, see `rewrite_candidates`) to send to
the relay, and the relay forwards to the server from one upstream socket per
peer address, so the server sees each peer as a distinct address (as behind
a NAT) and answers through the relay. Each direction has its own impairment,
changeable while running (a cap lifted mid-test):

    loss        probability a datagram is dropped (seeded, reproducible)
    delay_ms    fixed one-way delay
    jitter_ms   uniform extra delay 0..jitter_ms (reorders datagrams)
    reorder     probability a datagram is held back by reorder_ms
    rate_kbps   bottleneck rate; datagrams queue behind it and are dropped
                when the queue would exceed queue_ms (drop-tail, like a
                router buffer)

By default only RTP/RTCP (first byte 128-191, RFC 7983) is impaired, so ICE
and DTLS set up the same way in every run; `impair_handshake=True` impairs
every datagram.

CLI, for poking at a server by hand (stops after --seconds):

    python tools/interop/udp_impairment_relay.py --target 127.0.0.1:50000 \
        --loss 5 --delay-ms 20 --rate-kbps 300 --seconds 60
"""
from __future__ import annotations

import argparse
import asyncio
import random
import re
import time
from dataclasses import dataclass
from typing import Optional


@dataclass
class Impairment:
    """What one direction does to datagrams. Fields may change at any time."""

    loss: float = 0.0
    delay_ms: float = 0.0
    jitter_ms: float = 0.0
    reorder: float = 0.0
    reorder_ms: float = 30.0
    rate_kbps: Optional[float] = None
    queue_ms: float = 200.0


@dataclass
class DirectionCounters:
    forwarded: int = 0
    dropped_loss: int = 0
    dropped_queue: int = 0
    bytes_forwarded: int = 0


class _Direction:
    """Schedules one direction's datagrams: loss, then the bottleneck queue,
    then delay/jitter/reorder."""

    def __init__(self, impairment: Impairment, rng: random.Random, impair_handshake: bool) -> None:
        self.impairment = impairment
        self.counters = DirectionCounters()
        self._rng = rng
        self._impair_handshake = impair_handshake
        self._link_free_at = 0.0  # when the bottleneck finishes what is queued

    def submit(self, data: bytes, deliver) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        spec = self.impairment
        media = bool(data) and 128 <= data[0] <= 191
        if not media and not self._impair_handshake:
            self._deliver(data, deliver)
            return
        if spec.loss > 0 and self._rng.random() < spec.loss:
            self.counters.dropped_loss += 1
            return
        at = now
        if spec.rate_kbps:
            start = max(now, self._link_free_at)
            if (start - now) * 1000 > spec.queue_ms:
                self.counters.dropped_queue += 1
                return
            self._link_free_at = start + len(data) * 8 / (spec.rate_kbps * 1000)
            at = self._link_free_at
        at += spec.delay_ms / 1000
        if spec.jitter_ms > 0:
            at += self._rng.random() * spec.jitter_ms / 1000
        if spec.reorder > 0 and self._rng.random() < spec.reorder:
            at += spec.reorder_ms / 1000
        if at <= now:
            self._deliver(data, deliver)
        else:
            loop.call_at(at, self._deliver, data, deliver)

    def _deliver(self, data: bytes, deliver) -> None:
        self.counters.forwarded += 1
        self.counters.bytes_forwarded += len(data)
        deliver(data)


class _Upstream(asyncio.DatagramProtocol):
    """The relay's socket towards the server for one peer address."""

    def __init__(self, relay: "ImpairmentRelay", peer: tuple) -> None:
        self.relay = relay
        self.peer = peer
        self.transport: Optional[asyncio.DatagramTransport] = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        self.relay._from_server(data, self.peer)


class _Downstream(asyncio.DatagramProtocol):
    """The relay's socket the peers send to."""

    def __init__(self, relay: "ImpairmentRelay") -> None:
        self.relay = relay

    def datagram_received(self, data: bytes, addr) -> None:
        self.relay._from_peer(data, addr)


class ImpairmentRelay:
    """Relays UDP between peers and `target` with per-direction impairments.

    `upstream` impairs peer -> server (the publisher's path), `downstream`
    server -> peer (the subscriber's path). Use inside a running event loop:

        relay = ImpairmentRelay(("127.0.0.1", media_port), upstream=Impairment(loss=0.05))
        await relay.start()
        ... relay.port ...
        relay.close()
    """

    MAX_PEERS = 64

    def __init__(self, target: tuple, *, upstream: Optional[Impairment] = None,
                 downstream: Optional[Impairment] = None, seed: int = 1,
                 impair_handshake: bool = False) -> None:
        if target[0] != "127.0.0.1":
            raise ValueError("the relay only talks to 127.0.0.1")
        self.target = target
        rng = random.Random(seed)
        self.up = _Direction(upstream or Impairment(), random.Random(rng.random()), impair_handshake)
        self.down = _Direction(downstream or Impairment(), random.Random(rng.random()), impair_handshake)
        self._downstream: Optional[asyncio.DatagramTransport] = None
        self._upstreams: dict[tuple, _Upstream] = {}
        self._pending: dict[tuple, list[bytes]] = {}
        self.port = 0

    @property
    def upstream(self) -> Impairment:
        return self.up.impairment

    @property
    def downstream(self) -> Impairment:
        return self.down.impairment

    async def start(self, port: int = 0) -> "ImpairmentRelay":
        loop = asyncio.get_running_loop()
        self._downstream, _ = await loop.create_datagram_endpoint(
            lambda: _Downstream(self), local_addr=("127.0.0.1", port))
        self.port = self._downstream.get_extra_info("sockname")[1]
        return self

    def close(self) -> None:
        for upstream in self._upstreams.values():
            if upstream.transport is not None:
                upstream.transport.close()
        self._upstreams.clear()
        if self._downstream is not None:
            self._downstream.close()
            self._downstream = None

    def counters(self) -> dict:
        return {"upstream": vars(self.up.counters).copy(), "downstream": vars(self.down.counters).copy()}

    # -- plumbing -------------------------------------------------------------

    def _from_peer(self, data: bytes, peer: tuple) -> None:
        upstream = self._upstreams.get(peer)
        if upstream is None:
            if peer in self._pending:
                self._pending[peer].append(data)
                return
            if len(self._upstreams) + len(self._pending) >= self.MAX_PEERS:
                return
            self._pending[peer] = [data]
            asyncio.get_running_loop().create_task(self._open_upstream(peer))
            return
        self.up.submit(data, self._sender(upstream))

    async def _open_upstream(self, peer: tuple) -> None:
        loop = asyncio.get_running_loop()
        transport, protocol = await loop.create_datagram_endpoint(
            lambda: _Upstream(self, peer), local_addr=("127.0.0.1", 0), remote_addr=self.target)
        if self._downstream is None:  # closed meanwhile
            transport.close()
            return
        self._upstreams[peer] = protocol
        for data in self._pending.pop(peer, []):
            self.up.submit(data, self._sender(protocol))

    @staticmethod
    def _sender(upstream: _Upstream):
        def send(data: bytes) -> None:
            if upstream.transport is not None and not upstream.transport.is_closing():
                upstream.transport.sendto(data)
        return send

    def _from_server(self, data: bytes, peer: tuple) -> None:
        def send(payload: bytes) -> None:
            if self._downstream is not None:
                self._downstream.sendto(payload, peer)
        self.down.submit(data, send)


_CANDIDATE = re.compile(r"^(a=candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 )(\d+)( .*)$", re.IGNORECASE)


def rewrite_candidates(sdp: str, port: int, only_port: Optional[int] = None) -> str:
    """The server's SDP with its loopback host candidate pointing at `port`
    (the relay). `only_port` limits the rewrite to candidates on that port."""
    lines = []
    for line in sdp.split("\r\n"):
        match = _CANDIDATE.match(line)
        if match and (only_port is None or int(match.group(2)) == only_port):
            line = f"{match.group(1)}{port}{match.group(3)}"
        lines.append(line)
    return "\r\n".join(lines)


async def _main(arguments: argparse.Namespace) -> None:
    host, port = arguments.target.rsplit(":", 1)

    def impairment() -> Impairment:
        return Impairment(loss=arguments.loss / 100, delay_ms=arguments.delay_ms, jitter_ms=arguments.jitter_ms,
                          reorder=arguments.reorder / 100, rate_kbps=arguments.rate_kbps)

    relay = ImpairmentRelay((host, int(port)), upstream=impairment(), downstream=impairment(),
                            seed=arguments.seed, impair_handshake=arguments.impair_handshake)
    await relay.start(arguments.port)
    print(f"relay 127.0.0.1:{relay.port} -> {arguments.target}", flush=True)
    end = time.monotonic() + arguments.seconds
    while time.monotonic() < end:
        await asyncio.sleep(1)
        print(relay.counters(), flush=True)
    relay.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Relay UDP to a loopback server with loss, delay and a rate cap.")
    parser.add_argument("--target", default="127.0.0.1:50000")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--loss", type=float, default=0.0, help="percent")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--reorder", type=float, default=0.0, help="percent")
    parser.add_argument("--rate-kbps", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--impair-handshake", action="store_true")
    parser.add_argument("--seconds", type=float, default=60.0)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
