"""Bad signaling input against the real server: the error codes of
docs/protocol.md, which errors close the socket, and that nothing a client sends
disturbs anyone else."""
from __future__ import annotations

import asyncio
import json

import pytest

from switchboard_client import SwitchboardClient, SwitchboardError

VALID_ROOM = "errors"


async def connected(url: str, label: str = "probe") -> SwitchboardClient:
    return await SwitchboardClient(url, label=label).connect()


async def expect_error(client: SwitchboardClient, after: int, code: str, request=None, timeout: float = 5.0) -> dict:
    try:
        error = await client.next_message("error", after=after, timeout=timeout)
    except TimeoutError:
        raise AssertionError(f"no error {code} (request {request!r}) within {timeout} s; "
                             f"got {client.messages[after:]}, closed={client.closed.is_set()}") from None
    assert error.get("code") == code, error
    assert isinstance(error.get("message"), str), error
    if request is not None:
        assert error.get("request") == request, error
    return error


async def assert_still_open(client: SwitchboardClient) -> None:
    """An unknown type must get bad-request back: proves the socket is open
    and the connection still served."""
    assert not client.closed.is_set(), f"socket closed (code {client.close_code})"
    mark = client.mark()
    await client.send({"type": "are-you-there"})
    await expect_error(client, mark, "bad-request", request="are-you-there")
    assert not client.closed.is_set()


def test_malformed_json_is_bad_request_and_socket_stays_open(server, run):
    async def body():
        client = await connected(server.ws_url)
        try:
            for text in ("{not json", "", "[1, 2", '{"type": "join", "room": '):
                mark = client.mark()
                await client.send_raw(text)
                await expect_error(client, mark, "bad-request")
                assert not client.closed.is_set()
            joined = await client.join(VALID_ROOM, "after-garbage")
            assert joined["participant"]["name"] == "after-garbage"
            assert isinstance(joined["participant"]["id"], str) and joined["participant"]["id"]
            assert joined["participants"] == []
        finally:
            await client.close()

    run(body())


def test_unknown_type_names_the_request(server, run):
    async def body():
        client = await connected(server.ws_url)
        try:
            mark = client.mark()
            await client.send({"type": "teleport", "where": "moon"})
            await expect_error(client, mark, "bad-request", request="teleport")
            for message in ({"no": "type"}, {"type": 7}, [], "join", None):
                mark = client.mark()
                await client.send_raw(json.dumps(message))
                await expect_error(client, mark, "bad-request")
            await client.join(VALID_ROOM, "x")
            mark = client.mark()
            await client.send({"type": "teleport"})
            await expect_error(client, mark, "bad-request", request="teleport")
        finally:
            await client.close()

    run(body())


def test_out_of_order_messages(server, run):
    async def body():
        client = await connected(server.ws_url)
        try:
            mark = client.mark()
            await client.send({"type": "publish", "sdp": "v=0\r\n"})
            await expect_error(client, mark, "bad-request", request="publish")
            mark = client.mark()
            await client.send({"type": "answer", "sdp": "v=0\r\n"})
            await expect_error(client, mark, "bad-request", request="answer")

            await client.join(VALID_ROOM, "once")
            with pytest.raises(SwitchboardError) as raised:
                await client.join(VALID_ROOM, "twice")
            assert raised.value.code == "bad-request" and raised.value.request == "join", raised.value.payload
            await assert_still_open(client)
        finally:
            await client.close()

    run(body())


@pytest.mark.parametrize("join", [
    {"room": "", "name": "n"},
    {"room": "has space", "name": "n"},
    {"room": "slash/room", "name": "n"},
    {"room": "../up", "name": "n"},
    {"room": "r" * 65, "name": "n"},
    {"room": "caf\u00e9", "name": "n"},
    {"room": 42, "name": "n"},
    {"name": "n"},
    {"room": "fine", "name": ""},
    {"room": "fine", "name": "n" * 65},
    {"room": "fine"},
], ids=["empty", "space", "slash", "dots", "too-long", "non-ascii", "number", "missing",
        "empty-name", "long-name", "missing-name"])
def test_bad_join_fields(server, run, join):
    async def body():
        client = await connected(server.ws_url)
        try:
            mark = client.mark()
            await client.send(dict(join, type="join"))
            await expect_error(client, mark, "bad-request", request="join")
            assert not client.closed.is_set()
            joined = await client.join("r" * 64, "n" * 64)  # the limits themselves are valid
            assert joined["participant"]["name"] == "n" * 64
        finally:
            await client.close()

    run(body())


def test_bad_sdp_in_publish(server, run):
    async def body():
        client = await connected(server.ws_url)
        try:
            await client.join(VALID_ROOM, "sdp")
            for sdp in ("this is not sdp", "v=0\r\n",
                        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"):
                mark = client.mark()
                await client.send({"type": "publish", "sdp": sdp})
                await expect_error(client, mark, "bad-sdp", request="publish")
                assert not client.closed.is_set()
            mark = client.mark()
            await client.send({"type": "publish", "sdp": 12})
            error = await client.next_message("error", after=mark, timeout=5)
            assert error["code"] in ("bad-request", "bad-sdp") and error.get("request") == "publish", error
            # The socket and the participant still work: a real publish succeeds.
            published = await client.publish()
            assert {t["kind"] for t in published["tracks"]} == {"audio", "video"}, published
        finally:
            await client.close()

    run(body())


def test_oversized_frame_is_too_large_and_closes(server, run):
    async def body():
        client = await connected(server.ws_url)
        try:
            await client.join(VALID_ROOM, "big")
            mark = client.mark()
            await client.send({"type": "publish", "sdp": "v=0\r\n" + "a=x\r\n" * 14000})  # ~70 KiB
            await expect_error(client, mark, "too-large")
            await asyncio.wait_for(client.closed.wait(), 5)
        finally:
            await client.close()
        # The server is fine afterwards.
        other = await connected(server.ws_url)
        try:
            await other.join(VALID_ROOM, "after-big")
        finally:
            await other.close()

    run(body())


def test_room_full(start_server, run):
    server = start_server(max_participants=2)

    async def body():
        first, second, third, fourth = [SwitchboardClient(server.ws_url, label=f"c{i}") for i in range(4)]
        try:
            for client in (first, second, third, fourth):
                await client.connect()
            await first.join("small", "one")
            await second.join("small", "two")
            with pytest.raises(SwitchboardError) as raised:
                await third.join("small", "three")
            assert raised.value.code == "room-full" and raised.value.request == "join", raised.value.payload
            assert not third.closed.is_set()
            # Another room has room; the refused socket may still join it.
            await third.join("elsewhere", "three")
            assert not any(m.get("type") == "participant-joined" and m["participant"]["name"] == "three"
                           for m in first.messages + second.messages)
            # Leaving frees the place.
            await second.leave()
            await first.wait_for(lambda: len(first.left) == 1, 10, what="participant-left")
            joined = await fourth.join("small", "four")
            assert [p["name"] for p in joined["participants"]] == ["one"], joined
        finally:
            for client in (first, second, third, fourth):
                await client.close()

    run(body())


def test_healthz(server):
    status, body = server.get("/healthz")
    assert status == 200
    assert body.strip() == "ok"


def test_http_endpoints_refuse_what_they_do_not_serve(server):
    """The demo's files are served by plain name only; anything else is a
    404 and the server keeps serving."""
    status, body = server.get("/")
    assert status == 200 and "Switchboard" in body
    assert server.get("/demo/app.js")[0] == 200
    for path in ["/demo/no-such-file.js", "/demo/..%2FPackage.swift", "/demo/.hidden", "/demo/%2Fetc%2Fpasswd",
                 "/nowhere", "/rtc/extra"]:
        status, _ = server.get(path)
        assert status == 404, (path, status)
    status, metrics = server.get("/metrics")
    assert status == 200 and "switchboard_participants" in metrics
    assert server.get("/healthz")[0] == 200


GARBAGE = [
    "", "null", "[]", "42", '"join"', "{}", '{"type": null}', '{"type": 42}', '{"type": ["join"]}',
    '{"type": "join"}', '{"type": "join", "room": "errors", "name": "again"}',
    '{"type": "answer", "sdp": "not an answer"}',
    '{"type": "answer"}',
    '{"type": "candidate", "pc": "subscribe", "candidate": "candidate:garbage", "sdpMid": null, "sdpMLineIndex": null}',
    '{"type": "candidate", "pc": "publish", "candidate": "candidate:1 1 udp 1 10.9.9.9 9 typ host",'
    ' "sdpMid": "0", "sdpMLineIndex": 0}',
    '{"type": "candidate", "pc": "nowhere", "candidate": ""}',
    '{"type": "candidate"}',
    '{"type": "publish", "sdp": "v=0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n"}',
    '{"type": "publish", "sdp": null}',
    '{"type": "tracks", "participant": "x", "tracks": []}',
    '{"type": "offer", "sdp": "v=0"}',
    '{"type": "join", "room": "errors", "name": "\\ud800"}',
    '{"type": 1e999999}',
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "\x00\x01\x02",
    b"\x00\xff\x10binary",
    b"",
]


def test_garbage_from_one_client_does_not_disturb_a_call(server, run):
    async def body():
        a = SwitchboardClient(server.ws_url, label="a")
        b = SwitchboardClient(server.ws_url, label="b")
        noisy = SwitchboardClient(server.ws_url, label="noisy")
        try:
            for peer, name in ((a, "a"), (b, "b")):
                await peer.connect()
                await peer.join(VALID_ROOM, name)
            await asyncio.gather(a.publish(), b.publish())
            for peer, other in ((a, b), (b, a)):
                await peer.wait_for(lambda peer=peer, other=other: peer.frames_from(other.id, "video") >= 10,
                                    40, what=f"{peer.label}: video from {other.label}")
            await noisy.connect()
            await noisy.join(VALID_ROOM, "noisy")
            before = {peer.label: (peer.frames_from(other.id, "video"), peer.frames_from(other.id, "audio"))
                      for peer, other in ((a, b), (b, a))}
            for _ in range(3):
                for item in GARBAGE:
                    if noisy.closed.is_set():
                        break
                    await noisy.send_raw(item)
                await asyncio.sleep(0.2)
            server.assert_running()
            for peer, other in ((a, b), (b, a)):
                video, audio = before[peer.label]
                await peer.wait_for(lambda peer=peer, other=other, video=video, audio=audio:
                                    peer.frames_from(other.id, "video") >= video + 20
                                    and peer.frames_from(other.id, "audio") >= audio + 25,
                                    15, what=f"{peer.label}: media from {other.label} keeps flowing")
                assert other.id in peer.participants
                assert not peer.errors, peer.errors
                assert not peer.closed.is_set()
            await noisy.close()
            await a.wait_for(lambda: noisy.id in a.left, 15, what="participant-left for the noisy client")
            server.assert_running()
        finally:
            for peer in (a, b, noisy):
                await peer.close()

    run(body())
