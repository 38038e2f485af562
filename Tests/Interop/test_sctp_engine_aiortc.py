"""Switchboard's SCTP engine against aiortc's, without DTLS.

`sctp-interop-probe` (built beside the switchboard binary) runs a
DTLS-server-role data channel endpoint over stdin/stdout; here aiortc's
RTCSctpTransport talks to it through a stand-in for its DTLS transport. Both
sides send INIT at once (RFC 8841), aiortc opens an ordered and an
unordered channel, the probe echoes every message and opens a channel of
its own; aiortc then closes a channel (stream reset) and aborts. Run clean
and with every 7th packet lost each way.
"""
from __future__ import annotations

import asyncio
import os
import random
import struct

import pytest
from aiortc import RTCDataChannel, RTCDataChannelParameters
from aiortc.rtcsctptransport import RTCSctpCapabilities, RTCSctpTransport

from conftest import binary_path


def probe_path():
    path = binary_path().parent / "sctp-interop-probe"
    assert path.exists(), f"{path} missing: build with `swift build --build-tests`"
    return path


class PipeDtlsTransport:
    """What RTCSctpTransport uses of an RTCDtlsTransport: its state, its
    role, and sending one SCTP packet; this one writes to the probe's stdin,
    dropping every `drop_every`-th packet."""

    def __init__(self, process, drop_every: int):
        self.state = "connected"
        self._role = "client"
        self.process = process
        self.drop_every = drop_every
        self.sent = 0

    def _register_data_receiver(self, receiver):
        pass

    def _unregister_data_receiver(self, receiver):
        pass

    async def _send_data(self, data: bytes):
        self.sent += 1
        if self.drop_every and self.sent % self.drop_every == 0:
            return
        self.process.stdin.write(struct.pack(">I", len(data)) + data)
        await self.process.stdin.drain()


async def exchange(drop_every: int):
    process = await asyncio.create_subprocess_exec(
        str(probe_path()), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    dtls = PipeDtlsTransport(process, drop_every)
    sctp = RTCSctpTransport(dtls)
    from_server_channel = []

    @sctp.on("datachannel")
    def on_channel(channel):
        @channel.on("message")
        def on_message(message):
            from_server_channel.append((channel.label, message))

    async def read_packets():
        count = 0
        while True:
            try:
                header = await process.stdout.readexactly(4)
                data = await process.stdout.readexactly(struct.unpack(">I", header)[0])
            except asyncio.IncompleteReadError:
                return
            count += 1
            if drop_every and count % drop_every == 0:
                continue
            await sctp._handle_data(data)

    reader = asyncio.ensure_future(read_packets())
    await sctp.start(RTCSctpCapabilities(maxMessageSize=262144), 5000)
    ordered = RTCDataChannel(sctp, RTCDataChannelParameters(label="chat"))
    unordered = RTCDataChannel(sctp, RTCDataChannelParameters(label="fast", ordered=False))
    echoes = {"chat": [], "fast": []}
    for channel in (ordered, unordered):
        channel.on("message", lambda message, label=channel.label: echoes[label].append(message))
    for _ in range(200):
        if ordered.readyState == "open" and unordered.readyState == "open":
            break
        await asyncio.sleep(0.05)
    rng = random.Random(7)
    payloads = ["hello", b"\x00\x01\x02", "", b"", "é" * 1000, "x" * 262144, os.urandom(262144)]
    payloads += [rng.randbytes(rng.randint(1, 5000)) for _ in range(20)]
    for payload in payloads:
        ordered.send(payload)
        unordered.send(payload)
    for _ in range(600):
        if len(echoes["chat"]) == len(payloads) and len(echoes["fast"]) == len(payloads) and from_server_channel:
            break
        await asyncio.sleep(0.1)
    ordered.close()
    for _ in range(100):
        if ordered.readyState == "closed":
            break
        await asyncio.sleep(0.05)
    # The probe's own reset request (its half of the close) may need a
    # retransmission after a loss: give it a few RTOs.
    await asyncio.sleep(3 if drop_every else 0.3)
    # The ABORT must arrive (the probe exits on it): no more losses, and
    # end of input afterwards so the probe ends even if it did not.
    dtls.drop_every = 0
    await sctp.stop()
    await asyncio.sleep(0.3)
    process.stdin.close()
    try:
        stderr = (await asyncio.wait_for(process.stderr.read(), 10)).decode()
        await asyncio.wait_for(process.wait(), 10)
    finally:
        if process.returncode is None:
            process.kill()
        reader.cancel()
    return payloads, echoes, from_server_channel, ordered.readyState, stderr


@pytest.mark.parametrize("drop_every", [0, 7])
def test_sctp_engine_against_aiortc(drop_every):
    payloads, echoes, from_server_channel, closed_state, stderr = asyncio.run(exchange(drop_every))
    assert echoes["chat"] == payloads, stderr[-2000:]
    assert [type(m) for m in echoes["chat"]] == [type(p) for p in payloads]
    assert sorted(map(repr, echoes["fast"])) == sorted(map(repr, payloads))
    assert from_server_channel == [("srv", "hello from swift")]
    assert closed_state == "closed"
    assert "closed chat" in stderr
    assert "association closed abortedByPeer" in stderr
