"""Hostile input on the TURN ports never crashes the server: garbage and
truncated messages, ChannelData longer than its datagram, stream framing
that lies (length past the stream, zero length, a byte a second, a first
byte that is neither STUN nor ChannelData), and TLS that is not TLS. The
server keeps answering, and counts what it dropped."""
from __future__ import annotations

import os
import socket
import ssl
import struct
import time

import pytest

from turn_support import turn_metrics

COOKIE = 0x2112A442


def stun(method_type: int, body: bytes = b"", length: int | None = None) -> bytes:
    return struct.pack("!HHI", method_type, len(body) if length is None else length, COOKIE) + os.urandom(12) + body


def binding_answered_udp(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        request = stun(0x0001)
        s.sendto(request, ("127.0.0.1", port))
        reply, _ = s.recvfrom(2048)
        return reply[:2] == b"\x01\x01" and reply[8:20] == request[8:20]


def read_stun(sock: socket.socket) -> bytes:
    header = b""
    while len(header) < 20:
        chunk = sock.recv(20 - len(header))
        if not chunk:
            raise ConnectionError("closed")
        header += chunk
    (length,) = struct.unpack("!H", header[2:4])
    body = b""
    while len(body) < length:
        body += sock.recv(length - len(body))
    return header + body


@pytest.mark.timeout(90)
def test_garbage_on_every_turn_port(start_server):
    server = start_server(turn_allow_loopback_peers=True)
    udp_port, tcp_port, tls_port = server.stun_port, server.options["turn_tcp_port"], server.options["turn_tls_port"]

    # UDP: garbage, truncated, lying lengths, ChannelData past its datagram.
    udp_junk = [
        b"", b"\x00", os.urandom(7), b"\xff" * 100, stun(0x0003)[:12],
        stun(0x0003, length=400),                       # Allocate claiming 400 bytes it does not have
        struct.pack("!HH", 0x4001, 500) + b"x" * 10,   # ChannelData: 500 declared, 10 present
        struct.pack("!HH", 0x5000, 4) + b"abcd",       # outside the channel range
        stun(0x0003, body=struct.pack("!HH", 0x8028, 4) + b"\0\0\0\0"),  # wrong FINGERPRINT
        stun(0x0016),                                   # Send indication without attributes
        stun(0x0111),                                   # an unexpected response
    ] + [os.urandom(n) for n in (20, 36, 64, 548, 1400)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _ in range(3):
            for junk in udp_junk:
                if junk:
                    s.sendto(junk, ("127.0.0.1", udp_port))
    time.sleep(0.3)
    assert binding_answered_udp(udp_port)

    # TCP: a zero-length STUN message is a whole Binding request: answered.
    with socket.create_connection(("127.0.0.1", tcp_port), timeout=3) as s:
        request = stun(0x0001)
        s.sendall(request)
        reply = read_stun(s)
        assert reply[:2] == b"\x01\x01" and reply[8:20] == request[8:20]
        # Zero-length ChannelData without a channel: dropped, stream stays in step.
        s.sendall(struct.pack("!HH", 0x4000, 0))
        s.sendall(request)
        assert read_stun(s)[:2] == b"\x01\x01"
        # A length past what is ever sent, then the client goes away.
        s.sendall(stun(0x0003, length=60000)[:20] + b"short")

    # TCP: a first byte neither STUN nor ChannelData: the server hangs up.
    with socket.create_connection(("127.0.0.1", tcp_port), timeout=3) as s:
        s.sendall(b"\xffGET / HTTP/1.1\r\n\r\n")
        s.settimeout(5)
        assert s.recv(100) == b""

    # TLS port: plaintext junk, then a handshake that stops half way.
    with socket.create_connection(("127.0.0.1", tls_port), timeout=3) as s:
        s.sendall(b"\x16\x03\x01\x00\x05hello" + os.urandom(200))
        s.settimeout(5)
        try:
            while s.recv(4096):
                pass
        except (ConnectionResetError, socket.timeout):
            pass
    # A real TLS client is still served after that.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", tls_port), timeout=3) as raw:
        with context.wrap_socket(raw) as s:
            request = stun(0x0001)
            s.sendall(request)
            assert read_stun(s)[8:20] == request[8:20]

    # A byte a second: the partial frame times out (10 s) and the stream is closed.
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", tcp_port), timeout=3) as s:
        frame = stun(0x0001, length=8) + b"\0" * 8
        closed = False
        for byte in frame[:-1]:
            try:
                s.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            s.settimeout(1.0)
            try:
                if s.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            if time.monotonic() - started > 25:
                break
        assert closed, "a stream trickling one byte a second was never closed"
    assert time.monotonic() - started < 20

    server.assert_running()
    assert binding_answered_udp(udp_port)
    metrics = turn_metrics(server)
    assert metrics['switchboard_turn_drops_total{reason="malformed"}'] >= 10, metrics
    assert metrics['switchboard_turn_drops_total{reason="channel_data_overrun"}'] >= 3, metrics
    assert metrics['switchboard_turn_drops_total{reason="bad_fingerprint"}'] >= 1, metrics
    assert metrics['switchboard_turn_connection_events_total{event="out_of_step"}'] >= 1, metrics
    assert metrics['switchboard_turn_connection_events_total{event="stalled"}'] >= 1, metrics
    assert metrics['switchboard_turn_connection_events_total{event="tls_error"}'] >= 1, metrics
    assert metrics["switchboard_turn_connections"] == 0, metrics
