"""Hostile media against the real server. A publisher with valid keys
floods new SSRCs that carry its MID, sends RTP with lying headers and
endless frames of one timestamp (its room is recorded), and names 300 SSRCs
in a REMB; a subscriber NACKs everything many times a second, forges its
RTT and floods empty TWCC feedback. Meanwhile a bystander pair in another
room must keep decoding, the server must live and stay within its memory,
and each defence shows in /metrics."""
from __future__ import annotations

import asyncio
import random
import re

import hostile_rtp as hostile
import pylibsrtp
from switchboard_client import SwitchboardClient

SECONDS_OF_ABUSE = 4


def rss_mib(server) -> float:
    with open(f"/proc/{server.process.pid}/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kib / 1024


def extension_id(sdp: str, uri: str) -> int:
    return int(re.search(rf"a=extmap:(\d+)(?:/\w+)? {re.escape(uri)}", sdp).group(1))


def sender_of(pc, sent: dict):
    """Sends raw packets on the one DTLS transport under BUNDLE, protected
    with the peer's own keys. What the client's libsrtp refuses to protect
    (a header too broken for it) is counted and skipped."""
    transport = pc.getTransceivers()[0].receiver.transport

    async def send(data: bytes) -> None:
        try:
            await transport._send_rtp(data)
            sent["ok"] = sent.get("ok", 0) + 1
        except (pylibsrtp.Error, ValueError):
            sent["refused by the client"] = sent.get("refused by the client", 0) + 1
    return send


async def abuse_as_publisher(mallory: SwitchboardClient, rng: random.Random) -> None:
    answer = mallory.publish_pc.remoteDescription.sdp
    mid_id = extension_id(answer, "urn:ietf:params:rtp-hdrext:sdes:mid")
    video = next(t for t in mallory.published_tracks if t["kind"] == "video")
    payload_type = int(re.search(r"m=video \d+ \S+ (\d+)", answer).group(1))
    sent: dict = {}
    send = sender_of(mallory.publish_pc, sent)
    for second in range(SECONDS_OF_ABUSE):
        # New SSRCs with the track's MID: one per layer is kept.
        for index in range(750):
            ssrc = 0x4000_0000 + second * 1000 + index
            await send(hostile.rtp(ssrc, index, index * 3000, payload_type, hostile.vp8_payload(rng, index % 30 == 0),
                                   extensions=[(mid_id, video["mid"].encode())]))
        # Lying headers, each on an SSRC of its own (the client's libsrtp
        # keeps sequence order per SSRC).
        for index in range(500):
            await send(hostile.random_header_rtp(rng, 0x7000_0000 + second * 1000 + index, payload_type))
        # One endless frame: same timestamp, no marker.
        for index in range(400):
            await send(hostile.rtp(0x4000_0000 + second * 1000 + 749, 10_000 + index, 777, payload_type,
                                   hostile.vp8_payload(rng, index == 0, 1100),
                                   extensions=[(mid_id, video["mid"].encode())]))
        await send(hostile.remb(0x1234, [0x5000_0000 + i for i in range(300)]))
        await asyncio.sleep(0.2)
    print(f"\npublisher abuse: {sent}")
    assert sent["ok"] > SECONDS_OF_ABUSE * 1200, sent


async def abuse_as_subscriber(victim: SwitchboardClient) -> None:
    offer = victim.subscribe_pc.remoteDescription.sdp
    media_ssrc = int(re.search(r"a=ssrc-group:FID (\d+) \d+", offer).group(1))
    sent: dict = {}
    send = sender_of(victim.subscribe_pc, sent)
    every = list(range(1 << 16))
    for step in range(SECONDS_OF_ABUSE * 20):
        # Every sequence number over the run, 64 to a NACK packet and 16
        # NACK packets to a datagram.
        for part in range(4):
            start = (step * 4096 + part * 1024) % (1 << 16)
            await send(b"".join(hostile.nack(0x99, media_ssrc, every[i:i + 64])
                                for i in range(start, start + 1024, 64)))
        await send(hostile.receiver_report(0x99, media_ssrc, last_sr=step * 977, delay=0xFFFF_FFFF if step % 2 else 0))
        for reference in range(40):
            await send(hostile.empty_twcc(0x99, media_ssrc, (step * 40 + reference) * 0x7F_FFFF, step))
        await send(hostile.remb(0x99, [0x6000_0000 + i for i in range(300)], bitrate=1 << 40))
        await asyncio.sleep(0.05)
    print(f"subscriber abuse: {sent}")


def test_hostile_publisher_and_subscriber_leave_the_server_and_a_bystander_room_unharmed(start_server, tmp_path, run):
    config = tmp_path / "record-abuse.yaml"
    config.write_text(f"recording:\n  enabled: true\n  rooms: [abuse]\n  dir: {tmp_path / 'rec'}\n")
    server = start_server(config=str(config))
    rng = random.Random(1234)

    async def body():
        ann, ben = SwitchboardClient(server.ws_url, label="ann"), SwitchboardClient(server.ws_url, label="ben")
        mallory, victim = SwitchboardClient(server.ws_url, label="mallory"), SwitchboardClient(server.ws_url, label="vic")
        for client, room in ((ann, "bystanders"), (ben, "bystanders"), (mallory, "abuse"), (victim, "abuse")):
            await client.connect()
            await client.join(room, client.label)
        await asyncio.gather(ann.publish(), ben.publish(), mallory.publish(), victim.publish())
        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= 10, 30, what="ann decodes ben")
        await victim.wait_for(lambda: victim.frames_from(mallory.id, "video") >= 5, 30, what="vic decodes mallory")
        before_frames = ann.frames_from(ben.id, "video")
        before_rss = rss_mib(server)

        await asyncio.gather(abuse_as_publisher(mallory, rng), abuse_as_subscriber(victim))

        await ann.wait_for(lambda: ann.frames_from(ben.id, "video") >= before_frames + 40, 30,
                           what="ann keeps decoding ben")
        await ben.wait_for(lambda: ben.frames_from(ann.id, "video") >= 40, 30, what="ben keeps decoding ann")
        grown = rss_mib(server) - before_rss
        print(f"\nRSS before the abuse {before_rss:.1f} MiB, grown by {grown:.1f} MiB")
        assert grown < 64, f"the server grew by {grown:.1f} MiB under abuse"
        for client in (ann, ben, mallory, victim):
            await client.leave()

    run(body(), timeout=150)
    assert server.metric("switchboard_publisher_ssrcs_replaced_total") >= 1000
    assert server.metric("switchboard_srtp_streams_evicted_total") >= 1000
    assert server.metric("switchboard_retransmissions_over_budget_total") > 0
    assert server.metric("switchboard_nacks_for_unsent_packets_total") > 0
    status, _ = server.get("/healthz")
    assert status == 200
