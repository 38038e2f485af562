"""Recording a room of aiortc peers end to end: the files pass ffprobe with
the right codecs and duration, ffmpeg decodes every frame without an error,
audio and video start together, and loss on the publisher's path leaves a
recording that still decodes end to end."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from recording_checks import codecs, control, decode_errors, last_packet_time, manifest_files, probe, probe_text
from switchboard_client import SwitchboardClient
from udp_impairment_relay import Impairment, ImpairmentRelay, rewrite_candidates

RECORD_SECONDS = 10.0


async def _connected(client: SwitchboardClient) -> None:
    await client.wait_for(lambda: client.publish_pc is not None and client.publish_pc.connectionState == "connected",
                          15, what="publish PC connected")


def _recording_of(server, room: str, record_dir: Path) -> tuple[dict, Path]:
    status, listing = control(server, "GET", room)
    assert status == 200, listing
    assert len(listing["recordings"]) == 1, listing
    manifest = listing["recordings"][0]
    directory = Path(manifest["directory"])
    assert directory.parent == record_dir / room
    on_disk = json.loads((directory / "manifest.json").read_text())
    assert on_disk["state"] == "finished" and on_disk["id"] == manifest["id"]
    return on_disk, directory


def test_three_peers_record_ten_seconds(start_server, run, tmp_path):
    record_dir = tmp_path / "recordings"
    server = start_server(record_dir=record_dir)
    room = "rec3"
    timing: dict[str, float] = {}

    async def scenario():
        peers = [SwitchboardClient(server.ws_url, label=name) for name in ("ann", "bob", "cy")]
        try:
            for peer, name in zip(peers, ("ann", "bob", "cy")):
                await peer.connect()
                await peer.join(room, name)
            await asyncio.gather(*(peer.publish() for peer in peers))
            await asyncio.gather(*(_connected(peer) for peer in peers))
            # The call is up (everyone decodes everyone) before recording starts.
            for peer in peers:
                for other in peers:
                    if other is not peer:
                        await peer.wait_for(lambda p=peer, o=other: p.frames_from(o.id, "video") >= 15, 20,
                                            what="video from the others")
            mark = [peer.mark() for peer in peers]
            status, body = await asyncio.to_thread(control, server, "POST", room)
            timing["start"] = time.monotonic()
            assert status == 201, body
            for peer, index in zip(peers, mark):
                event = await peer.next_message("recording", after=index)
                assert event["state"] == "started" and event["room"] == room and event["id"] == body["id"]
            await asyncio.sleep(RECORD_SECONDS)
            timing["stop"] = time.monotonic()
            status, stopped = await asyncio.to_thread(control, server, "DELETE", room)
            assert status == 200 and stopped["state"] == "stopped", stopped
            for peer in peers:
                await peer.wait_for(lambda p=peer: any(m.get("type") == "recording" and m.get("state") == "stopped"
                                                       for m in p.messages), 5, what="recording stopped event")
            # Forwarding was never disturbed: everyone still decodes everyone.
            for peer in peers:
                for other in peers:
                    if other is not peer:
                        assert peer.frames_from(other.id, "video") > 100
            return {peer.id: peer.label for peer in peers}
        finally:
            await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)

    names = run(scenario(), timeout=60)
    manifest, directory = _recording_of(server, room, record_dir)
    files = manifest_files(manifest, directory)
    assert set(files) == set(names)
    truth = timing["stop"] - timing["start"]
    for participant, entries in files.items():
        assert len(entries) == 1, entries
        path, entry = entries[0]
        assert path.name.startswith(names[participant] + "-" + participant) and path.suffix == ".webm"
        assert {t["kind"]: t["codec"] for t in entry["tracks"]} == {"audio": "opus", "video": "vp8"}
        assert entry["start_ms"] < 300, f"{path.name} starts {entry['start_ms']} ms after the recording"
        info = probe(path)
        assert codecs(info) == {"audio": "opus", "video": "vp8"}, info
        video = next(s for s in info["streams"] if s["codec_type"] == "video")
        assert (video["width"], video["height"]) == (320, 240)
        assert info["format"]["format_name"].startswith("matroska")
        duration = float(info["format"]["duration"])
        assert abs(duration - truth) <= 0.05 * truth, f"{path.name}: {duration} s recorded of {truth:.2f} s"
        starts = {s["codec_type"]: float(s.get("start_time", 0)) for s in info["streams"]}
        assert abs(starts["audio"] - starts["video"]) <= 0.1, starts
        assert decode_errors(path) == ""
    print("\n" + probe_text(files[next(iter(files))][0][0]))


def test_five_percent_loss_on_the_publisher_path_still_decodes(start_server, run, tmp_path):
    record_dir = tmp_path / "recordings"
    server = start_server(record_dir=record_dir)
    room = "lossy"

    async def scenario():
        relay = await ImpairmentRelay(("127.0.0.1", server.media_port), upstream=Impairment(loss=0.05),
                                      seed=5).start()
        rewrite = lambda sdp: rewrite_candidates(sdp, relay.port)  # noqa: E731
        publisher = SwitchboardClient(server.ws_url, label="lossy", remote_sdp_filter=rewrite)
        viewer = SwitchboardClient(server.ws_url, label="viewer")
        try:
            for peer in (publisher, viewer):
                await peer.connect()
                await peer.join(room, peer.label)
            status, body = await asyncio.to_thread(control, server, "POST", room)
            assert status == 201, body
            await publisher.publish()
            await viewer.wait_for(lambda: viewer.frames_from(publisher.id, "video") >= 1, 20, what="video")
            await asyncio.sleep(8)
            status, stopped = await asyncio.to_thread(control, server, "DELETE", room)
            assert status == 200 and stopped["state"] == "stopped", stopped
            assert relay.counters()["upstream"]["dropped_loss"] > 20
            return publisher.id
        finally:
            await asyncio.gather(publisher.leave(), viewer.leave(), return_exceptions=True)
            relay.close()

    publisher_id = run(scenario(), timeout=60)
    manifest, directory = _recording_of(server, room, record_dir)
    files = manifest_files(manifest, directory)
    path, _ = files[publisher_id][0]
    info = probe(path)
    assert codecs(info) == {"audio": "opus", "video": "vp8"}
    duration = float(info["format"]["duration"])
    assert duration > 6.0, info["format"]
    # Losses cost frames up to the next keyframe, never the rest of the file.
    assert last_packet_time(path, "v") > duration - 1.5
    assert decode_errors(path) == ""
