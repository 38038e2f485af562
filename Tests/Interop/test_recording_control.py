"""Recording control and failure: start and stop over HTTP while peers come
and go, an unwritable directory reported everywhere while the room keeps
working, and files that still decode after the server is killed."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from recording_checks import codecs, control, decode_errors, last_packet_time, manifest_files, probe
from switchboard_client import SwitchboardClient, joined_client


async def _joined(server, room: str, name: str, publish: bool = True, **options) -> SwitchboardClient:
    client = await joined_client(server.ws_url, room, name)
    if publish:
        await client.publish(**options)
    return client


def test_start_and_stop_while_peers_come_and_go(start_server, run, tmp_path):
    record_dir = tmp_path / "recordings"
    server = start_server(record_dir=record_dir)
    room = "comings"

    async def scenario():
        clients = []
        try:
            # Nobody there yet: armed, and recording starts with the room.
            status, body = await asyncio.to_thread(control, server, "POST", room)
            assert status == 202 and body["state"] == "armed", body
            ann = await _joined(server, room, "ann")
            clients.append(ann)
            event = await ann.next_message("recording")
            assert event["state"] == "started"
            status, again = await asyncio.to_thread(control, server, "POST", room)
            assert status == 200 and again["id"] == event["id"], again
            bob = await _joined(server, room, "bob", video=False)  # audio only: Ogg
            clients.append(bob)
            assert (await bob.next_message("recording"))["state"] == "started"
            await asyncio.sleep(3)
            await ann.leave()
            await asyncio.sleep(1)
            status, stopped = await asyncio.to_thread(control, server, "DELETE", room)
            assert status == 200 and stopped["state"] == "stopped", stopped
            status, missing = await asyncio.to_thread(control, server, "DELETE", room)
            assert status == 404, missing
            # A second recording of the same room, with someone new.
            status, second = await asyncio.to_thread(control, server, "POST", room)
            assert status == 201 and second["id"] != event["id"], second
            cy = await _joined(server, room, "cy")
            clients.append(cy)
            await asyncio.sleep(3)
            status, stopped = await asyncio.to_thread(control, server, "DELETE", room)
            assert status == 200 and stopped["state"] == "stopped", stopped
            return {c.label: c.id for c in clients}
        finally:
            await asyncio.gather(*(c.leave() for c in clients), return_exceptions=True)

    ids = run(scenario(), timeout=60)
    status, listing = control(server, "GET", room)
    assert status == 200 and listing["active"] is None and len(listing["recordings"]) == 2, listing
    first, second = listing["recordings"]
    assert {p["name"] for p in first["participants"]} == {"ann", "bob"}
    ann = next(p for p in first["participants"] if p["name"] == "ann")
    assert ann["left_ms"] is not None and ann["left_ms"] > ann["joined_ms"]
    files = manifest_files(first, Path(first["directory"]))
    ann_file, _ = files[ids["ann"]][0]
    bob_file, _ = files[ids["bob"]][0]
    assert codecs(probe(ann_file)) == {"audio": "opus", "video": "vp8"}
    assert bob_file.suffix == ".ogg" and codecs(probe(bob_file)) == {"audio": "opus"}
    # Bob stayed through the second recording too.
    assert {p["name"] for p in second["participants"]} == {"bob", "cy"}
    for manifest in (first, second):
        for entries in manifest_files(manifest, Path(manifest["directory"])).values():
            for path, entry in entries:
                assert entry["duration_ms"] > 500, entry
                assert decode_errors(path) == ""


def test_unwritable_directory_is_reported_and_the_room_keeps_working(start_server, run, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the recordings directory should be")
    server = start_server(record_dir=blocker / "recordings")
    room = "nodisk"

    async def scenario():
        ann = await _joined(server, room, "ann")
        bob = await _joined(server, room, "bob")
        try:
            status, body = await asyncio.to_thread(control, server, "POST", room)
            assert status == 500 and "Not a directory" in body["error"], body
            for client in (ann, bob):
                event = await client.next_message("recording")
                assert event["state"] == "failed" and "Not a directory" in event["error"], event
            before = ann.frames_from(bob.id, "video")
            await ann.wait_for(lambda: ann.frames_from(bob.id, "video") >= before + 15, 15, what="video goes on")
            assert not ann.errors and not bob.errors
        finally:
            await asyncio.gather(ann.leave(), bob.leave(), return_exceptions=True)

    run(scenario(), timeout=60)
    assert "recording failed" in server.stderr_tail(200) and "Not a directory" in server.stderr_tail(200)
    assert server.get("/healthz") == (200, "ok")


def test_files_decode_after_the_server_is_killed(start_server, run, tmp_path):
    record_dir = tmp_path / "recordings"
    server = start_server(record_dir=record_dir)
    room = "crash"
    timing: dict[str, float] = {}

    async def scenario():
        ann = await _joined(server, room, "ann")
        bob = await _joined(server, room, "bob", video=False)
        try:
            await ann.wait_for(lambda: ann.publish_pc.connectionState == "connected", 15, what="connected")
            status, body = await asyncio.to_thread(control, server, "POST", room)
            assert status == 201, body
            timing["start"] = time.monotonic()
            await asyncio.sleep(6)
            timing["kill"] = time.monotonic()
            server.kill()
        finally:
            await asyncio.gather(ann.close(), bob.close(), return_exceptions=True)

    run(scenario(), timeout=60)
    directories = list((record_dir / room).iterdir())
    assert len(directories) == 1
    manifest = json.loads((directories[0] / "manifest.json").read_text())
    assert manifest["state"] == "recording"  # never finished, yet readable
    recorded = timing["kill"] - timing["start"]
    paths = sorted(directories[0].glob("*.webm")) + sorted(directories[0].glob("*.ogg"))
    assert {p.suffix for p in paths} == {".webm", ".ogg"}, paths
    for path in paths:
        info = probe(path)
        assert decode_errors(path) == ""
        kind = "v" if "video" in codecs(info) else "a"
        assert last_packet_time(path, kind) >= recorded - 2.0, (path.name, recorded)


def test_configured_rooms_record_from_the_start_and_shutdown_finalises(start_server, run, tmp_path):
    record_dir = tmp_path / "recordings"
    config = tmp_path / "switchboard.yaml"
    config.write_text(f"recording:\n  enabled: true\n  dir: {record_dir}\n  rooms: [auto]\n")
    server = start_server(config=config)

    async def scenario():
        ann = await _joined(server, "auto", "ann")
        other = await _joined(server, "other", "bob")
        try:
            event = await ann.next_message("recording")
            assert event["state"] == "started" and event["room"] == "auto"
            await ann.wait_for(lambda: ann.publish_pc.connectionState == "connected", 15, what="connected")
            await asyncio.sleep(4)
            assert not any(m.get("type") == "recording" for m in other.messages)
            # SIGTERM with everyone still in: the recording is finished on the way out.
            assert server.stop() == 0
        finally:
            await asyncio.gather(ann.close(), other.close(), return_exceptions=True)

    run(scenario(), timeout=60)
    assert sorted(p.name for p in record_dir.iterdir()) == ["auto"]
    directory = next((record_dir / "auto").iterdir())
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["state"] == "finished" and manifest["ended"], manifest
    (path, entry), = manifest_files(manifest, directory)[manifest["participants"][0]["id"]]
    assert 3000 < entry["duration_ms"] < 5000, entry
    data = path.read_bytes()
    assert bytes.fromhex("1c53bb6b") in data, "Cues were appended"
    assert bytes.fromhex("4489") in data, "Duration was patched in"
    assert codecs(probe(path)) == {"audio": "opus", "video": "vp8"}
    assert decode_errors(path) == ""
