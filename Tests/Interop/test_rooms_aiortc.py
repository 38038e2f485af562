"""Multi-party rooms against the real server, with aiortc peers
(tools/interop/switchboard_client.py): every peer publishes synthetic audio
and video and must decode what every other peer of its room publishes."""
from __future__ import annotations

import asyncio
import re
import time

from switchboard_client import SwitchboardClient

VIDEO_FRAMES = 20   # decoded video frames wanted from each other participant
AUDIO_FRAMES = 25   # decoded 20 ms audio frames (half a second)
MEDIA_TIMEOUT = 40.0


async def open_peers(url: str, room: str, names: list[str], publish: bool = True) -> list[SwitchboardClient]:
    peers = [SwitchboardClient(url, label=name) for name in names]
    for peer, name in zip(peers, names):
        await peer.connect()
        await peer.join(room, name)
    if publish:
        await asyncio.gather(*(peer.publish(audio=True, video=True) for peer in peers))
    return peers


async def close_all(peers: list[SwitchboardClient]) -> None:
    await asyncio.gather(*(peer.leave() for peer in peers), return_exceptions=True)


def describe(peer: SwitchboardClient) -> str:
    return (f"{peer.label} ({peer.id}): frames {peer.frames_by_participant()}, "
            f"participants {sorted(peer.participants)}, offers {len(peer.offers)}, "
            f"answered {peer.answered_offers}, unattributed {peer.unattributed_frames}, "
            f"errors {peer.errors}, client errors {peer.negotiation_errors}")


async def expect(peer: SwitchboardClient, predicate, timeout: float, what: str):
    try:
        return await peer.wait_for(predicate, timeout, what=what)
    except TimeoutError:
        raise AssertionError(f"{what} within {timeout} s; {describe(peer)}") from None


async def expect_media_from(peer: SwitchboardClient, others: list[str], timeout: float = MEDIA_TIMEOUT,
                            video: int = VIDEO_FRAMES, audio: int = AUDIO_FRAMES) -> None:
    """Both kinds from EACH of `others` (counted per participant)."""
    await expect(peer, lambda: all(peer.frames_from(o, "video") >= video and peer.frames_from(o, "audio") >= audio
                                   for o in others),
                 timeout, f"{peer.label}: {video} video and {audio} audio frames from each of {others}")


def assert_consistent(peer: SwitchboardClient, everyone: list[SwitchboardClient]) -> None:
    """Track ids are the same in `published`, `tracks`/`joined` and `offer`,
    and a participant never receives its own tracks."""
    assert not peer.negotiation_errors, describe(peer)
    assert not peer.errors, describe(peer)
    for offer in peer.offers:
        assert all(t.get("participant") != peer.id for t in offer.get("tracks") or []), \
            f"{peer.label} was offered its own tracks: {offer.get('tracks')}"
    for other in everyone:
        if other is peer:
            continue
        published = {t["id"] for t in other.published_tracks}
        assert len(published) == 2 and {t["kind"] for t in other.published_tracks} == {"audio", "video"}, \
            other.published_tracks
        announced = {t["id"] for t in peer.participants[other.id]["tracks"]}
        received = {s.track_id for s in peer.stats.values() if s.participant == other.id}
        offered = {t["id"] for t in peer.subscribe_tracks.values() if t.get("participant") == other.id}
        assert published == announced == offered == received, (
            f"{peer.label} sees {other.label}'s tracks as announced {announced}, offered {offered}, "
            f"received {received}; published {published}")


def test_three_peers_receive_both_kinds_from_each_other(server, run):
    async def body():
        peers = await open_peers(server.ws_url, "trio", ["alice", "bob", "carol"])
        try:
            for peer in peers:
                others = [p.id for p in peers if p is not peer]
                await expect_media_from(peer, others)
            for peer in peers:
                assert set(peer.participants) == {p.id for p in peers if p is not peer}, describe(peer)
                assert {p["name"] for p in peer.participants.values()} == \
                    {p.label for p in peers if p is not peer}
                assert_consistent(peer, peers)
        finally:
            await close_all(peers)
        server.assert_running()

    run(body())


def test_late_joiner_receives_and_is_received(server, run):
    async def body():
        peers = await open_peers(server.ws_url, "late", ["p1", "p2", "p3"])
        late = SwitchboardClient(server.ws_url, label="late")
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer], video=10, audio=10)
            await late.connect()
            joined = await late.join("late", "late")
            listed = {p["id"]: p for p in joined["participants"]}
            assert set(listed) == {p.id for p in peers}, joined
            for peer in peers:
                assert {t["id"] for t in listed[peer.id]["tracks"]} == {t["id"] for t in peer.published_tracks}, \
                    f"joined lists {listed[peer.id]} for {peer.label}, which published {peer.published_tracks}"
            assert isinstance(joined.get("iceServers"), list)
            await late.publish()

            everyone = peers + [late]
            await expect_media_from(late, [p.id for p in peers])
            for peer in peers:
                await expect_media_from(peer, [late.id])
                joined_events = [m for m in peer.messages if m.get("type") == "participant-joined"
                                 and m["participant"]["id"] == late.id]
                assert len(joined_events) == 1, describe(peer)
                assert any(m.get("type") == "tracks" and m.get("participant") == late.id for m in peer.messages)
            for peer in everyone:
                assert_consistent(peer, everyone)
        finally:
            await close_all(peers + [late])

    run(body())


def test_leaver_and_abrupt_disconnect_disappear(server, run):
    async def body():
        a, b, c = peers = await open_peers(server.ws_url, "leavers", ["a", "b", "c"])
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer], video=10, audio=10)
            c_id = c.id
            c_tracks = {t["id"] for t in c.published_tracks}
            old_mids = {peer.label: {mid for mid, t in peer.subscribe_tracks.items() if t["id"] in c_tracks}
                        for peer in (a, b)}
            assert all(len(m) == 2 for m in old_mids.values()), old_mids
            offers_before = {peer.label: len(peer.offers) for peer in (a, b)}

            await c.leave()
            assert c.closed.is_set(), "the server did not close the socket after leave"

            for peer in (a, b):
                await expect(peer, lambda peer=peer: c_id in peer.left, 10, f"{peer.label}: participant-left for c")
                assert c_id not in peer.participants
                assert not any(t.get("participant") == c_id for t in peer.remote_tracks.values())
                # A renegotiation that drops c's tracks, answered.
                await expect(peer, lambda peer=peer: len(peer.offers) > offers_before[peer.label]
                             and not (c_tracks & {t["id"] for t in peer.offers[-1].get("tracks") or []})
                             and peer.negotiation_idle,
                             15, f"{peer.label}: an offer without c's tracks")

            # c's frames stop (on its old m-lines too, unless reused).
            await asyncio.sleep(1.0)
            snapshot = {peer.label: (peer.frames_from(c_id, "video"), peer.frames_from(c_id, "audio"),
                                     {mid: peer.mid_frames.get(mid, 0) for mid in old_mids[peer.label]
                                      if mid not in peer.subscribe_tracks})
                        for peer in (a, b)}
            progress = {peer.label: peer.frames_from((b if peer is a else a).id, "video") for peer in (a, b)}
            await asyncio.sleep(2.0)
            for peer in (a, b):
                now = (peer.frames_from(c_id, "video"), peer.frames_from(c_id, "audio"),
                       {mid: peer.mid_frames.get(mid, 0) for mid in snapshot[peer.label][2]})
                assert now == snapshot[peer.label], f"{peer.label} still gets c's media: {snapshot} -> {now}"
                other = b if peer is a else a
                assert peer.frames_from(other.id, "video") > progress[peer.label] + 10, \
                    f"{peer.label} stopped receiving {other.label} after c left: {describe(peer)}"

            # Abrupt disconnect: b's socket is dropped without leave.
            b_id = b.id
            b_tracks = {t["id"] for t in b.published_tracks}
            await b.close()
            await expect(a, lambda: b_id in a.left, 15, "a: participant-left after b's abrupt disconnect")
            assert b_id not in a.participants
            await expect(a, lambda: not (b_tracks & {t["id"] for t in (a.offers[-1].get("tracks") or [])})
                         and a.negotiation_idle, 15, "a: an offer without b's tracks")
            assert not a.negotiation_errors, describe(a)
        finally:
            await close_all(peers)
        server.assert_running()

    run(body())


def referenced_ids(value, key=None) -> set:
    """Participant and track ids a message names (fields `id` and
    `participant`, at any depth; SDP text is not looked into)."""
    if isinstance(value, dict):
        return set().union(set(), *(referenced_ids(v, k) for k, v in value.items() if k != "sdp"))
    if isinstance(value, list):
        return set().union(set(), *(referenced_ids(v, key) for v in value))
    return {value} if key in ("id", "participant") and isinstance(value, str) else set()


def test_rooms_are_isolated(server, run):
    async def body():
        room_a = await open_peers(server.ws_url, "room-A", ["a1", "a2"])
        room_b = await open_peers(server.ws_url, "room_B", ["b1", "b2"])
        try:
            for group in (room_a, room_b):
                for peer in group:
                    await expect_media_from(peer, [p.id for p in group if p is not peer])
            await asyncio.sleep(1.0)
            for group, strangers in ((room_a, room_b), (room_b, room_a)):
                foreign_ids = {p.id for p in strangers} | {t["id"] for p in strangers for t in p.published_tracks}
                for peer in group:
                    assert set(peer.participants) == {p.id for p in group if p is not peer}, describe(peer)
                    assert {s.participant for s in peer.stats.values()} == {p.id for p in group if p is not peer}
                    assert peer.unattributed_frames == 0, describe(peer)
                    seen = set().union(*(referenced_ids(m) for m in peer.messages))
                    leaked = foreign_ids & seen
                    assert not leaked, f"{peer.label} saw ids of the other room: {leaked}"
                    assert_consistent(peer, group)
        finally:
            await close_all(room_a + room_b)

    run(body())


METRIC_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def parse_metrics(text: str) -> tuple[list[tuple[str, str, float]], dict[str, str]]:
    """(samples as (name, labels, value), name -> TYPE)."""
    samples, types = [], {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            parts = line.split()
            if len(parts) >= 4:
                types[parts[2]] = parts[3]
            continue
        if not line or line.startswith("#"):
            continue
        match = METRIC_LINE.match(line)
        if match:
            samples.append((match.group(1), match.group(2) or "", float(match.group(3))))
    return samples, types


def gauges(samples, types, word: str) -> list[tuple[str, str, float]]:
    """The switchboard_ gauges about `word`: switchboard_<word>* when such
    exist, else any gauge (by TYPE, or not a counter by name) containing it."""
    chosen = [s for s in samples if s[0].startswith(f"switchboard_{word}")
              and types.get(s[0], "gauge") == "gauge" and not s[0].endswith("_total")]
    if chosen:
        return chosen
    return [s for s in samples if s[0].startswith("switchboard_") and word in s[0]
            and types.get(s[0], "gauge") == "gauge" and not s[0].endswith(("_total", "_created"))]


def test_metrics_count_participants_and_return_to_zero(server, run):
    async def body():
        peers = await open_peers(server.ws_url, "metrics", ["m1", "m2", "m3"])
        try:
            for peer in peers:
                await expect_media_from(peer, [p.id for p in peers if p is not peer], video=10, audio=10)
            status, text = await asyncio.to_thread(server.get, "/metrics")
            assert status == 200, text
            samples, types = parse_metrics(text)
            names = {s[0] for s in samples}
            assert names and all(n.startswith("switchboard_") for n in names), sorted(names)
            participants = gauges(samples, types, "participants")
            assert participants, f"no participants gauge among {sorted(names)}"
            assert max(s[2] for s in participants) >= 3, participants
            tracks = gauges(samples, types, "tracks")
            if tracks:
                assert max(s[2] for s in tracks) >= 6, tracks
        finally:
            await close_all(peers)

        deadline = time.monotonic() + 15
        while True:
            status, text = await asyncio.to_thread(server.get, "/metrics")
            samples, types = parse_metrics(text)
            participants = gauges(samples, types, "participants")
            tracks = gauges(samples, types, "tracks")
            if status == 200 and participants and all(s[2] == 0 for s in participants + tracks):
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"after everyone left, gauges are not 0: participants {participants}, "
                                     f"tracks {tracks}")
            await asyncio.sleep(0.5)

    run(body())
