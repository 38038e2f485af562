"""Hostile RTP and RTCP for the hostile-media interop test: packets a
participant with valid SRTP keys could send, built byte by byte. Sent
through aiortc's DTLS transport (`send_raw`), which protects them with the
peer's own keys, so the server sees authenticated garbage."""
from __future__ import annotations

import random
import struct


def rtp(ssrc: int, sequence: int, timestamp: int, payload_type: int, payload: bytes, *, marker: bool = False,
        extensions: list[tuple[int, bytes]] | None = None) -> bytes:
    """A well-formed RTP packet with one-byte header extensions (RFC 8285)."""
    first = 0x80
    body = b""
    if extensions:
        first |= 0x10
        elements = b"".join(bytes([(ext_id << 4) | (len(value) - 1)]) + value for ext_id, value in extensions)
        elements += b"\0" * (-len(elements) % 4)
        body = struct.pack("!HH", 0xBEDE, len(elements) // 4) + elements
    header = struct.pack("!BBHII", first, (0x80 if marker else 0) | (payload_type & 0x7F), sequence & 0xFFFF,
                         timestamp & 0xFFFFFFFF, ssrc & 0xFFFFFFFF)
    return header + body + payload


def vp8_payload(rng: random.Random, keyframe: bool, size: int = 200) -> bytes:
    """A VP8 payload descriptor with a picture ID and some frame bytes."""
    descriptor = bytes([0x90, 0x80, rng.randrange(0x80), rng.randrange(256)])
    header = bytes([0x10 if keyframe else 0x11, 0x02, 0x00]) + (b"\x9d\x01\x2a" if keyframe else b"")
    return descriptor + header + rng.randbytes(max(0, size - 10))


def random_header_rtp(rng: random.Random, ssrc: int, payload_type: int) -> bytes:
    """An RTP packet whose header lies: CSRC counts past the packet,
    extension profiles and lengths of any value, padding past the payload,
    garbage payload descriptors."""
    csrc_count = rng.randrange(16)
    padding = rng.random() < 0.3
    extension = rng.random() < 0.6
    first = 0x80 | (0x20 if padding else 0) | (0x10 if extension else 0) | csrc_count
    # Keep the second byte out of 192...223, which RFC 5761 reads as RTCP.
    second = (0x80 if rng.random() < 0.5 else 0) | (payload_type & 0x7F)
    packet = bytearray(struct.pack("!BBHII", first, second, rng.randrange(1 << 16), rng.randrange(1 << 32), ssrc))
    packet += rng.randbytes(4 * rng.randrange(csrc_count + 1))
    if extension:
        profile = rng.choice([0xBEDE, 0x1000, rng.randrange(1 << 16)])
        words = rng.choice([0, 1, 2, rng.randrange(1 << 16)])
        packet += struct.pack("!HH", profile, words) + rng.randbytes(4 * min(words, rng.randrange(4)))
    packet += rng.randbytes(rng.randrange(0, 300))
    if padding:
        packet += bytes([rng.randrange(256)])
    return bytes(packet)


def remb(sender: int, ssrcs: list[int], bitrate: int = 1_000_000) -> bytes:
    """A REMB (draft-alvestrand-rmcat-remb) naming up to 255 SSRCs."""
    ssrcs = ssrcs[:255]
    exponent = 0
    mantissa = bitrate
    while mantissa >= (1 << 18):
        mantissa >>= 1
        exponent += 1
    body = struct.pack("!II4sB", sender, 0, b"REMB", len(ssrcs))
    body += bytes([(exponent << 2) | (mantissa >> 16), (mantissa >> 8) & 0xFF, mantissa & 0xFF])
    body += b"".join(struct.pack("!I", s) for s in ssrcs)
    return struct.pack("!BBH", 0x8F, 206, len(body) // 4) + body


def nack(sender: int, media: int, sequence_numbers: list[int]) -> bytes:
    """Generic NACKs (RFC 4585 §6.2.1), one FCI per 17 numbers."""
    fcis = b""
    numbers = sorted(set(s & 0xFFFF for s in sequence_numbers))
    while numbers:
        base = numbers.pop(0)
        mask = 0
        while numbers and 0 < numbers[0] - base <= 16:
            mask |= 1 << (numbers.pop(0) - base - 1)
        fcis += struct.pack("!HH", base, mask)
    body = struct.pack("!II", sender, media) + fcis
    return struct.pack("!BBH", 0x81, 205, len(body) // 4) + body


def receiver_report(sender: int, media: int, last_sr: int, delay: int) -> bytes:
    """An RR echoing `last_sr` with a DLSR of the sender's choosing."""
    block = struct.pack("!IIIIII", media, 0, 0, 0, last_sr & 0xFFFFFFFF, delay & 0xFFFFFFFF)
    return struct.pack("!BBHI", 0x81, 201, 7, sender) + block


def empty_twcc(sender: int, media: int, reference_time: int, count: int) -> bytes:
    """Transport-wide feedback with no packet status (20 bytes)."""
    body = struct.pack("!IIHH", sender, media, 0, 0) + struct.pack("!I", ((reference_time & 0xFFFFFF) << 8) | (count & 0xFF))
    return struct.pack("!BBH", 0x8F, 205, len(body) // 4) + body
