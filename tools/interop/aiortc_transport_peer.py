#!/usr/bin/env python3
"""An independent WebRTC transport stack (aiortc's aioice + RTCDtlsTransport,
libsrtp through pylibsrtp) as the client of a Switchboard media port.

Used by the MediaTransport interop test. Protocol on stdin/stdout, one JSON
object per line:
  1. prints its own parameters: {"ufrag", "pwd", "fingerprint": "sha-256 AB:..."}
  2. reads the server's: {"ufrag", "pwd", "fingerprint", "host", "port",
     "packets"}
  3. does ICE (controlling, the server is lite) and DTLS (client role), then
     sends `packets` SRTP packets and one SRTCP receiver report, and counts
     what the server sends back
  4. prints {"connected_ms", "sent", "received_rtp", "received_rtcp",
     "srtp_profile"} and exits 0; any failure prints {"error": ...}, exits 1.

Only 127.0.0.1 is used: host gathering is restricted to it and no STUN or
TURN server is configured. The whole run is bounded by --timeout.
"""
import argparse
import asyncio
import json
import struct
import sys
import time

import aioice.ice

# Gather on loopback only (aioice otherwise uses every interface).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

from aiortc import (  # noqa: E402
    RTCCertificate,
    RTCDtlsFingerprint,
    RTCDtlsParameters,
    RTCDtlsTransport,
    RTCIceCandidate,
    RTCIceGatherer,
    RTCIceParameters,
    RTCIceTransport,
)

SSRC = 0x5EED0001


def rtp_packet(sequence: int) -> bytes:
    header = struct.pack("!BBHII", 0x80, 96, sequence & 0xFFFF, sequence * 3000, SSRC)
    return header + bytes([sequence & 0xFF]) * 200


def receiver_report() -> bytes:
    # RR with no report blocks, then SDES CNAME (a valid compound packet).
    rr = struct.pack("!BBHI", 0x80, 201, 1, SSRC)
    cname = b"interop"
    item = bytes([1, len(cname)]) + cname
    chunk = struct.pack("!I", SSRC) + item
    chunk += b"\x00" * (4 - len(chunk) % 4)
    sdes = struct.pack("!BBH", 0x81, 202, len(chunk) // 4) + chunk
    return rr + sdes


async def run(timeout: float) -> dict:
    gatherer = RTCIceGatherer(iceServers=[])
    gatherer._connection.ice_controlling = True
    await gatherer.gather()
    certificate = RTCCertificate.generateCertificate()
    local = gatherer.getLocalParameters()
    fingerprint = [f for f in certificate.getFingerprints() if f.algorithm == "sha-256"][0]
    print(json.dumps({"ufrag": local.usernameFragment, "pwd": local.password,
                      "fingerprint": f"sha-256 {fingerprint.value}"}), flush=True)

    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    server = json.loads(line)
    algorithm, value = server["fingerprint"].split(" ", 1)

    ice = RTCIceTransport(gatherer)
    await ice.addRemoteCandidate(RTCIceCandidate(
        component=1, foundation="1", ip=server["host"], port=server["port"],
        priority=2130706431, protocol="udp", type="host"))
    await ice.addRemoteCandidate(None)

    dtls = RTCDtlsTransport(ice, [certificate])
    dtls._set_role("client")  # the server answers a=setup:passive
    received = {"rtp": 0, "rtcp": 0}
    done = asyncio.Event()
    wanted = server["packets"]

    async def on_rtp(data: bytes, arrival_time_ms: int) -> None:
        received["rtp"] += 1
        if received["rtp"] >= wanted and received["rtcp"] >= 1:
            done.set()

    async def on_rtcp(data: bytes) -> None:
        received["rtcp"] += 1
        if received["rtp"] >= wanted and received["rtcp"] >= 1:
            done.set()

    dtls._handle_rtp_data = on_rtp
    dtls._handle_rtcp_data = on_rtcp

    started = time.monotonic()
    await ice.start(RTCIceParameters(usernameFragment=server["ufrag"], password=server["pwd"], iceLite=True))
    if ice.state != "completed":
        raise RuntimeError(f"ICE did not complete: {ice.state}")
    await dtls.start(RTCDtlsParameters(fingerprints=[RTCDtlsFingerprint(algorithm, value)], role="auto"))
    if dtls.state != "connected":
        raise RuntimeError(f"DTLS did not connect: {dtls.state}")
    connected_ms = (time.monotonic() - started) * 1000

    for sequence in range(wanted):
        await dtls._send_rtp(rtp_packet(sequence))
        await asyncio.sleep(0.002)
    await dtls._send_rtp(receiver_report())
    try:
        await asyncio.wait_for(done.wait(), timeout)
    except asyncio.TimeoutError:
        pass
    profile = dtls._ssl.get_selected_srtp_profile().decode() if dtls._ssl else None
    await dtls.stop()
    await ice.stop()
    return {"connected_ms": round(connected_ms, 1), "sent": wanted, "received_rtp": received["rtp"],
            "received_rtcp": received["rtcp"], "srtp_profile": profile}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0)
    arguments = parser.parse_args()
    try:
        result = asyncio.run(asyncio.wait_for(run(arguments.timeout), arguments.timeout + 10))
    except Exception as error:  # reported to the test, which fails with it
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        return 1
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
