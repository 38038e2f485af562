"""A recorded room whose home is killed with SIGKILL, against real binaries
and a throwaway PostgreSQL 15 on 127.0.0.1: the claim's `recording` flag
makes the node taking the room over record it by itself in its own record
dir (a new part), and the dead node's files keep what they had and still
pass ffprobe."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from cluster_support import cluster_listing
from recording_checks import codecs, control, manifest_files, probe
from switchboard_client import SwitchboardClient, joined_client
from test_cluster_redirect import home_of

ROOM = "taped"


def claim_of(node, room: str) -> dict | None:
    return next((c for c in cluster_listing(node)["rooms"] if c["room"] == room), None)


async def until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.2)


def test_the_new_home_records_a_new_part_after_the_old_home_is_killed(start_node, run, tmp_path):
    dirs = {name: tmp_path / f"recordings-{name}" for name in ("a", "b")}
    nodes = [start_node(name, extra=f"recording:\n  dir: {dirs[name]}\n") for name in ("a", "b")]
    state: dict = {}

    async def scenario():
        alice = await joined_client(nodes[0].ws_url, ROOM, "alice", publish=True)
        await alice.wait_for(lambda: alice.publish_pc.connectionState == "connected", 15, what="connected")
        home, claim = home_of(nodes, ROOM)
        other = next(n for n in nodes if n is not home)
        state["home"], state["other"] = home, other
        status, body = await asyncio.to_thread(control, home, "POST", ROOM)
        assert status == 201, body
        await until(lambda: claim_of(other, ROOM)["recording"], 5, "the claim never said recording")
        await asyncio.sleep(4)
        home.kill()
        await alice.close()

        started = time.monotonic()
        while True:
            carol = SwitchboardClient(other.ws_url, label="carol")
            await carol.connect()
            try:
                await carol.join(ROOM, "carol", timeout=5)
                break
            except Exception:  # noqa: BLE001 - refused, redirected to the dead home, or slow
                await carol.close()
                assert time.monotonic() - started < 15, "the room was not taken over within 15 s"
                await asyncio.sleep(0.5)
        assert carol.redirects == []
        taken = claim_of(other, ROOM)
        assert taken["epoch"] == claim["epoch"] + 1 and taken["recording"], taken
        event = await carol.next_message("recording")
        assert event["state"] == "started", event
        await carol.publish()
        await carol.wait_for(lambda: carol.publish_pc.connectionState == "connected", 15, what="connected")
        status, listing = await asyncio.to_thread(control, other, "GET", ROOM)
        assert listing["active"] == event["id"], listing
        assert other.metric("switchboard_cluster_recordings_resumed_total") == 1
        await asyncio.sleep(4)
        status, stopped = await asyncio.to_thread(control, other, "DELETE", ROOM)
        assert status == 200 and stopped["state"] == "stopped", stopped
        await until(lambda: not claim_of(other, ROOM)["recording"], 5, "stopping did not clear the flag")
        state["carol"] = carol.id
        await carol.leave()

    run(scenario(), timeout=90)
    home_name = "a" if state["home"] is nodes[0] else "b"
    other_name = "b" if home_name == "a" else "a"
    # The new part, in the new home's own directory.
    status, listing = control(state["other"], "GET", ROOM)
    assert status == 200 and len(listing["recordings"]) == 1, listing
    part = listing["recordings"][0]
    assert part["continuation"] is True, part
    assert Path(part["directory"]).is_relative_to(dirs[other_name]), part
    files = manifest_files(part, Path(part["directory"]))
    carol_file, entry = files[state["carol"]][0]
    assert codecs(probe(carol_file)) == {"audio": "opus", "video": "vp8"}
    assert entry["duration_ms"] > 1000, entry
    # The dead home's part: never finished, still readable.
    old = list((dirs[home_name] / ROOM).iterdir())
    assert len(old) == 1, old
    assert "continuation" not in json.loads((old[0] / "manifest.json").read_text())
    paths = sorted(old[0].glob("*.webm"))
    assert paths, list(old[0].iterdir())
    for path in paths:
        assert "video" in codecs(probe(path)), path


def test_a_recording_that_fails_clears_the_claims_flag(start_node, run, tmp_path):
    """A room recorded by the configuration whose recording cannot start
    (its directory is a file): the claim said recording when the recorder
    attached, and says so no more once the recording has failed, so a node
    taking the room over would not record it."""
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    node = start_node("a", extra=f"recording:\n  enabled: true\n  rooms: [\"*\"]\n  dir: {blocked}\n")

    async def scenario():
        alice = await joined_client(node.ws_url, ROOM, "alice")
        # Written twice, in order: recording, then not.
        await until(lambda: node.metric("switchboard_cluster_recording_flags_total") >= 2, 10,
                    "the flag was not written twice")
        claim = claim_of(node, ROOM)
        assert claim is not None and claim["recording"] is False, claim
        assert node.metric("switchboard_cluster_recording_flag_failures_total") == 0
        status, listing = await asyncio.to_thread(control, node, "GET", ROOM)
        assert status == 200 and listing.get("active") is None, listing
        await alice.leave()

    run(scenario(), timeout=60)
