"""Hostile streams on the ICE-TCP media port (RFC 6544, RFC 4571 framing)
never crash the server: a LENGTH past the limit, a LENGTH past what is ever
sent, zero lengths, a byte every half second, garbage and non-STUN first
frames, a Binding request for nobody, and more connections from one
address than allowed. Each is closed (or skipped) and counted in
switchboard_ice_tcp_*; meanwhile an aiortc pair keeps decoding over UDP,
and a well-behaved ICE-TCP connection bound to one of their peers keeps
getting its Binding requests answered."""
from __future__ import annotations

import asyncio
import binascii
import hashlib
import hmac
import os
import re
import socket
import struct
import time

from switchboard_client import SwitchboardClient

COOKIE = 0x2112A442
CONFIG = """ice_tcp:
  first_frame_timeout: 2s
  partial_frame_timeout: 1s
  idle_timeout: 20s
  max_frame_bytes: 1500
  max_connections_per_address: 8
"""


def attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, len(value)) + value + b"\0" * (-len(value) % 4)


def binding_request(username: str, password: str) -> bytes:
    """An ICE check (RFC 8445 §7.2.2) without USE-CANDIDATE: USERNAME,
    ICE-CONTROLLING, MESSAGE-INTEGRITY, FINGERPRINT."""
    transaction = os.urandom(12)
    body = attribute(0x0006, username.encode()) + attribute(0x0024, struct.pack("!I", 1_853_824_767))
    body += attribute(0x802A, os.urandom(8))

    def header(length: int) -> bytes:
        return struct.pack("!HHI", 0x0001, length, COOKIE) + transaction

    digest = hmac.new(password.encode(), header(len(body) + 24) + body, hashlib.sha1).digest()
    body += attribute(0x0008, digest)
    crc = (binascii.crc32(header(len(body) + 8) + body) ^ 0x5354554E) & 0xFFFFFFFF
    body += attribute(0x8028, struct.pack("!I", crc))
    return header(len(body)) + body


def framed(packet: bytes) -> bytes:
    return struct.pack("!H", len(packet)) + packet


def read_frame(sock: socket.socket) -> bytes:
    def exactly(count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("closed by the server")
            data += chunk
        return data
    (length,) = struct.unpack("!H", exactly(2))
    return exactly(length)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes (EOF or reset) within `within` seconds."""
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def ice_tcp_metrics(server) -> dict[str, float]:
    status, body = server.get("/metrics")
    assert status == 200
    return {key: float(value) for key, value in re.findall(r"^(switchboard_ice_tcp_\S+) (\S+)$", body, re.M)}


def abuse(server, username: str, password: str) -> dict[str, float]:
    """Every hostile stream in turn, with a well-behaved ICE-TCP connection
    beside them; the server's switchboard_ice_tcp_* series afterwards."""
    port = server.media_port

    # The well-behaved ICE-TCP bystander: its check is answered on the
    # connection (framed success with the same transaction ID).
    good = socket.create_connection(("127.0.0.1", port), timeout=3)

    def check_answered() -> None:
        request = binding_request(username, password)
        good.sendall(framed(request))
        reply = read_frame(good)
        assert reply[:2] == b"\x01\x01" and reply[8:20] == request[8:20], reply[:20].hex()

    check_answered()

    def connect() -> socket.socket:
        return socket.create_connection(("127.0.0.1", port), timeout=3)

    hostile = []
    too_long = connect()
    too_long.sendall(b"\xff\xff" + os.urandom(64))                  # LENGTH 65535 above the 1500 limit
    past_stream = connect()
    past_stream.sendall(b"\x05\xdc" + os.urandom(10))              # LENGTH 1500, 10 bytes, then silence
    zeros = connect()
    zeros.sendall(b"\x00\x00" * 500)                               # 500 zero-length frames, nothing else
    not_stun = connect()
    not_stun.sendall(framed(b"\x80\x60" + os.urandom(40)))         # RTP-looking first frame
    garbage = connect()
    garbage.sendall(b"\x00\x08\xde\xad\xbe\xef\xde\xad\xbe\xef")   # a frame that is no STUN
    stranger = connect()
    stranger.sendall(framed(binding_request("nobodyX1:clientX1", "p" * 22)))  # ufrag of no peer
    hostile += [too_long, past_stream, zeros, not_stun, garbage, stranger]

    assert closed_by_server(too_long, 2), "a LENGTH above the limit must close the connection"
    assert closed_by_server(not_stun, 2), "a first frame that is not STUN must close the connection"
    assert closed_by_server(garbage, 2)
    assert closed_by_server(past_stream, 3), "a frame left incomplete must be closed by its timer"
    assert closed_by_server(zeros, 4), "zero-length frames are no check: the first-frame timer closes it"
    # Its peer may be made a moment later (an answer still on its way): held
    # until the first-frame timer, then closed.
    assert closed_by_server(stranger, 4), "a check for no peer must be closed by the first-frame timer"

    # A byte every half second: the partial-frame timer ends it.
    slow = connect()
    started = time.monotonic()
    closed = False
    for byte in framed(b"\x00\x01" + os.urandom(30)):
        try:
            slow.send(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        if closed_by_server(slow, 0.5):
            closed = True
            break
    assert closed and time.monotonic() - started < 4, "a byte a second held the connection"
    hostile.append(slow)

    # More connections from one address than allowed: the extra ones are closed.
    flood = [connect() for _ in range(12)]
    refused = sum(closed_by_server(s, 0.5) for s in flood)
    assert refused >= 12 - 8 + 1, f"only {refused} of 12 connections refused with a cap of 8 (bystander holds one)"
    hostile += flood
    for s in hostile:
        s.close()

    server.assert_running()
    check_answered()
    metrics = ice_tcp_metrics(server)
    good.close()
    return metrics


def test_hostile_ice_tcp_streams_leave_the_server_and_bystanders_unharmed(start_server, tmp_path, run):
    config = tmp_path / "icetcp.yaml"
    config.write_text(CONFIG)
    server = start_server(config=str(config))

    async def body():
        ann, ben = SwitchboardClient(server.ws_url, label="ann"), SwitchboardClient(server.ws_url, label="ben")
        for client in (ann, ben):
            await client.connect()
            await client.join("bystanders", client.label)
        await asyncio.gather(ann.publish(), ben.publish())
        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= 10, 30, what="ann decodes ben")

        # The answer and the subscribe offer carry the passive TCP candidate
        # below the UDP one; aiortc ignores it and connects over UDP.
        answer = ann.publish_pc.remoteDescription.sdp
        offer = ann.subscribe_pc.remoteDescription.sdp
        for sdp in (answer, offer):
            udp = re.search(r"^a=candidate:\S+ 1 udp (\d+) 127\.0\.0\.1 (\d+) typ host", sdp, re.M)
            tcp = re.search(r"^a=candidate:\S+ 1 tcp (\d+) 127\.0\.0\.1 (\d+) typ host tcptype passive", sdp, re.M)
            assert udp and tcp, sdp
            assert int(tcp.group(1)) < int(udp.group(1))
            assert int(tcp.group(2)) == server.media_port
        server_ufrag = re.search(r"^a=ice-ufrag:(\S+)", answer, re.M).group(1)
        server_pwd = re.search(r"^a=ice-pwd:(\S+)", answer, re.M).group(1)
        client_ufrag = re.search(r"^a=ice-ufrag:(\S+)", ann.publish_pc.localDescription.sdp, re.M).group(1)
        before_frames = ann.frames_from(ben.id, "video")
        # The sockets block: in a thread, while aiortc keeps its loop (and
        # its consent checks) running.
        metrics = await asyncio.to_thread(abuse, server, f"{server_ufrag}:{client_ufrag}", server_pwd)
        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= before_frames + 30, 30,
                           what="ann keeps decoding ben")
        for client in (ann, ben):
            await client.close()
        return metrics

    metrics = run(body(), timeout=90)

    framing = lambda reason: metrics[f'switchboard_ice_tcp_framing_errors_total{{reason="{reason}"}}']  # noqa: E731
    closed_total = lambda reason: metrics[f'switchboard_ice_tcp_closed_total{{reason="{reason}"}}']  # noqa: E731
    assert framing("too_long") >= 1
    assert framing("zero_length") >= 500
    assert framing("not_stun_first") >= 2
    assert framing("unknown_ufrag") >= 1
    assert closed_total("partial_frame_timeout") >= 2
    assert closed_total("first_frame_timeout") >= 1
    assert metrics['switchboard_ice_tcp_refused_total{reason="per_address"}'] >= 4
    assert metrics["switchboard_ice_tcp_bound_total"] >= 1
    server.assert_running()


TCP_CANDIDATE = re.compile(r"^a=candidate:\S+ 1 tcp \d+ 127\.0\.0\.1 (\d+) typ host tcptype passive\r?$", re.M)


def test_whip_answers_and_restart_fragments_carry_the_tcp_candidate(start_server, run):
    from whip_client import TRICKLE, WHIPPublisher, http

    server = start_server()

    async def scenario() -> tuple[str, str]:
        publisher = WHIPPublisher(server.http_url, "icetcp-whip", name="cam")
        try:
            await publisher.start()
            await publisher.connected()
            fragment = "a=ice-ufrag:newClient1\r\na=ice-pwd:newClientPasswordNewClient\r\n"
            _, _, body = await asyncio.to_thread(
                http, "PATCH", publisher.location, fragment, {"Content-Type": TRICKLE, "If-Match": "*"})
            return publisher.pc.remoteDescription.sdp, body
        finally:
            await publisher.close()

    answer, restart = run(scenario(), timeout=60)
    for text in (answer, restart):
        match = TCP_CANDIDATE.search(text)
        assert match and int(match.group(1)) == server.media_port, text


def test_no_ice_tcp_writes_no_tcp_candidate_and_listens_on_no_tcp_port(start_server, run):
    server = start_server(no_ice_tcp=True)

    async def scenario() -> str:
        client = SwitchboardClient(server.ws_url, label="udp-only")
        try:
            await client.connect()
            await client.join("udp-only", "udp-only")
            await client.publish()
            return client.publish_pc.remoteDescription.sdp
        finally:
            await client.close()

    answer = run(scenario(), timeout=60)
    assert not TCP_CANDIDATE.search(answer) and " tcp " not in answer, answer
    try:
        socket.create_connection(("127.0.0.1", server.media_port), timeout=2).close()
        listening = True
    except OSError:
        listening = False
    assert not listening
    assert "switchboard_ice_tcp_" not in server.get("/metrics")[1]
