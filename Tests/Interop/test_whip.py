"""WHIP ingest (RFC 9725) against the real server: an aiortc WHIP publisher,
with its candidates in the offer or trickled by PATCH, is a room participant
that contract subscribers see join, decode and see leave on DELETE; and every
malformed or unauthorised request gets its status, counted in /metrics."""
from __future__ import annotations

import asyncio
import re
import socket
import subprocess

import pytest
from aioice import stun

from conftest import binary_path
from switchboard_client import SwitchboardClient
from whip_client import SDP, TRICKLE, WHIPPublisher, http

KEY = "interop-whip-key-0123456789-abcdefghijk"
FRAMES = 20


def token(config, *args: str) -> str:
    command = [str(binary_path()), "token", "--config", str(config), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout.strip()


async def _publish_and_watch(server, room: str, trickle: bool) -> dict:
    viewer = SwitchboardClient(server.ws_url, label=f"{room}-viewer")
    publisher = WHIPPublisher(server.http_url, room, name="whip-cam")
    try:
        await viewer.connect()
        await viewer.join(room, "viewer")
        posted = asyncio.get_running_loop().time()
        patch_status = await publisher.start(trickle=trickle)
        await publisher.connected()
        joined = await viewer.next_message("participant-joined")
        whip_id = joined["participant"]["id"]
        await viewer.wait_for(lambda: viewer.frames_by_participant().get(whip_id, {}).get("video", 0) > 0, 20,
                              what="the first video frame from the WHIP publisher")
        first_frame = asyncio.get_running_loop().time() - posted

        def decoded():
            counts = viewer.frames_by_participant().get(whip_id, {})
            return counts if counts.get("video", 0) >= FRAMES and counts.get("audio", 0) >= FRAMES else None

        counts = await viewer.wait_for(decoded, 20, what=f"{FRAMES} video and audio frames from the WHIP publisher")
        mark = viewer.mark()
        delete_status = await publisher.delete()
        left = await viewer.next_message("participant-left", after=mark)
        status_after, _, _ = http("DELETE", publisher.location)
        return {"first_frame_s": round(first_frame, 3), "patch": patch_status, "delete": delete_status, "left": left["participant"]["id"] == whip_id,
                "counts": counts, "headers": publisher.response_headers, "delete_again": status_after}
    finally:
        await publisher.close()
        await viewer.close()


@pytest.mark.parametrize("trickle", [False, True], ids=["candidates-in-offer", "trickled"])
def test_aiortc_whip_publisher_is_a_room_participant(start_server, run, trickle):
    server = start_server()
    result = run(_publish_and_watch(server, "whip-room", trickle), timeout=60)
    print(f"\nWHIP publisher seen by a contract subscriber: {result['counts']}, "
          f"POST to its first frame there {result['first_frame_s']} s")
    headers = result["headers"]
    assert re.fullmatch(r"/whip/whip-room/[0-9a-f]{32}", headers["location"]), headers
    assert headers["etag"].startswith('"') and headers["content-type"] == SDP
    assert f'<stun:127.0.0.1:{server.stun_port}>; rel="ice-server"' in headers["link"], headers
    # TURN with credentials for this participant (RFC 9725 §4.6).
    assert re.search(rf'<turn:127\.0\.0\.1:{server.stun_port}\?transport=udp>; rel="ice-server"; '
                     r'username="\d+:[^"]+"; credential="[^"]+"; credential-type="password"', headers["link"]), headers
    assert headers["access-control-allow-origin"] == "*"
    assert result["patch"] == (204 if trickle else 0)
    assert result["delete"] == 200 and result["left"] and result["delete_again"] == 404


@pytest.fixture
def keyed(start_server, tmp_path):
    config = tmp_path / "keyed.yaml"
    config.write_text(f"auth:\n  jwt_key: {KEY}\n")
    return config, start_server(config=str(config))


def _refusals(server, admin: str) -> dict[str, int]:
    status, _, text = http("GET", f"{server.http_url}/metrics", headers={"Authorization": f"Bearer {admin}"})
    assert status == 200
    return {m.group(1): int(float(m.group(2)))
            for m in re.finditer(r'^switchboard_whip_refusals_total\{reason="([a-z_]+)"\} (\S+)$', text, re.M)}


async def _session(server, room: str, bearer: str) -> WHIPPublisher:
    publisher = WHIPPublisher(server.http_url, room, token=bearer)
    await publisher.start()
    return publisher


def test_whip_error_matrix(keyed, run):
    config, server = keyed
    admin = token(config, "--admin")
    good = token(config, "--room", "matrix", "--name", "cam")
    other_room = token(config, "--room", "elsewhere", "--name", "cam")
    forged = token(config, "--room", "matrix", "--name", "cam", "--key", "a-different-key-that-is-long-enough-0123")
    url = f"{server.http_url}/whip/matrix"
    offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    bearer = {"Authorization": f"Bearer {good}"}

    def post(body, headers):
        return http("POST", url, body, headers)[0]

    before = _refusals(server, admin)
    statuses = {
        "unsupported_media_type": post(offer, {"Content-Type": "text/plain", **bearer}),
        "missing_token": post(offer, {"Content-Type": SDP}),
        "invalid_token": post(offer, {"Content-Type": SDP, "Authorization": f"Bearer {forged}"}),
        "other_room": post(offer, {"Content-Type": SDP, "Authorization": f"Bearer {other_room}"}),
        "bad_sdp": post("this is not SDP", {"Content-Type": SDP, **bearer}),
        "no_media": post(offer, {"Content-Type": SDP, **bearer}),
        "too_large": post("v=0\r\n" + "a=x\r\n" * 40_000, {"Content-Type": SDP, **bearer}),
        "unknown_session": http("DELETE", f"{url}/{'0' * 32}")[0],
    }
    unauthorized = http("POST", url, offer, {"Content-Type": SDP})
    assert unauthorized[1].get("www-authenticate") == "Bearer"
    assert statuses == {
        "unsupported_media_type": 415, "missing_token": 401, "invalid_token": 403, "other_room": 403,
        "bad_sdp": 400, "no_media": 400, "too_large": 413, "unknown_session": 404,
    }, statuses

    async def resource_checks() -> dict:
        publisher = await _session(server, "matrix", good)
        try:
            location, etag = publisher.location, publisher.etag
            fragment = "a=ice-ufrag:{}\r\na=ice-pwd:{}\r\n".format(
                re.search(r"a=ice-ufrag:(\S+)", publisher.pc.localDescription.sdp).group(1), "x" * 22)
            restart = "a=ice-ufrag:restart1\r\na=ice-pwd:restartrestartrestart12\r\n"
            bad_restart = "a=ice-ufrag:restart2\r\na=ice-pwd:short\r\n"
            return {
                "trickle": http("PATCH", location, fragment, {"Content-Type": TRICKLE, "If-Match": etag})[0],
                "wrong_type": http("PATCH", location, fragment, {"Content-Type": SDP})[0],
                "stale": http("PATCH", location, fragment, {"Content-Type": TRICKLE, "If-Match": '"stale"'})[0],
                "restart_without_if_match": http("PATCH", location, restart, {"Content-Type": TRICKLE})[0],
                "bad_restart": http("PATCH", location, bad_restart, {"Content-Type": TRICKLE, "If-Match": "*"})[0],
                "restart": http("PATCH", location, restart, {"Content-Type": TRICKLE, "If-Match": "*"})[0],
                "old_tag_after_restart": http("PATCH", location, fragment, {"Content-Type": TRICKLE,
                                                                             "If-Match": etag})[0],
                "preflight": http("OPTIONS", location)[0],
                "delete": await publisher.delete(),
            }
        finally:
            await publisher.close()

    resource = run(resource_checks(), timeout=30)
    assert resource == {"trickle": 204, "wrong_type": 415, "stale": 412, "restart_without_if_match": 428,
                        "bad_restart": 400, "restart": 200, "old_tag_after_restart": 412, "preflight": 204,
                        "delete": 200}, resource
    after = _refusals(server, admin)
    grown = {reason for reason in after if after[reason] > before.get(reason, 0)}
    assert {"unsupported_media_type", "missing_token", "invalid_token", "bad_sdp", "too_large", "unknown_session",
            "precondition_failed", "bad_request"} <= grown, (before, after)


def _binding_answered(port: int, server_ufrag: str, server_pwd: str, client_ufrag: str) -> bool:
    """A Binding request as a controlling ICE agent would send it, keyed with
    `server_pwd` (aioice's STUN); whether a success answer signed with it came."""
    request = stun.Message(message_method=stun.Method.BINDING, message_class=stun.Class.REQUEST)
    request.attributes["USERNAME"] = f"{server_ufrag}:{client_ufrag}"
    request.attributes["PRIORITY"] = 1853824767
    request.attributes["ICE-CONTROLLING"] = 0x1122334455667788
    request.add_message_integrity(server_pwd.encode())
    request.add_fingerprint()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(0.5)
        sock.sendto(bytes(request), ("127.0.0.1", port))
        # A lite agent answers, and probes a new address with a request of its own.
        for _ in range(4):
            try:
                data, _ = sock.recvfrom(2048)
                answer = stun.parse_message(data)
            except (socket.timeout, ValueError):
                return False
            if answer.message_class == stun.Class.RESPONSE and answer.transaction_id == request.transaction_id:
                return answer.check_message_integrity(server_pwd.encode())
    return False


def test_whip_ice_restart_by_patch(start_server, run):
    """PATCH with new credentials and If-Match: * restarts ICE (RFC 9725
    §4.4.1): 200 with the server's new ufrag, password and candidate and a
    new ETag; checks with the new credentials are answered on the media port
    and checks with the old ones are not, while media keeps flowing."""
    server = start_server()

    async def scenario() -> dict:
        viewer = SwitchboardClient(server.ws_url, label="restart-viewer")
        publisher = WHIPPublisher(server.http_url, "restart", name="cam")
        try:
            await viewer.connect()
            await viewer.join("restart", "viewer")
            await publisher.start()
            await publisher.connected()
            answer = publisher.pc.remoteDescription.sdp
            old_ufrag = re.search(r"a=ice-ufrag:(\S+)", answer).group(1)
            old_pwd = re.search(r"a=ice-pwd:(\S+)", answer).group(1)
            client_ufrag = re.search(r"a=ice-ufrag:(\S+)", publisher.pc.localDescription.sdp).group(1)
            old_answered_before = await asyncio.to_thread(
                _binding_answered, server.media_port, old_ufrag, old_pwd, client_ufrag)
            fragment = "a=ice-ufrag:newClient1\r\na=ice-pwd:newClientPasswordNewClient\r\n"
            status, headers, body = await asyncio.to_thread(
                http, "PATCH", publisher.location, fragment, {"Content-Type": TRICKLE, "If-Match": "*"})
            new_ufrag = re.search(r"a=ice-ufrag:(\S+)", body).group(1)
            new_pwd = re.search(r"a=ice-pwd:(\S+)", body).group(1)

            def frames():
                return sum(counts.get("video", 0) for counts in viewer.frames_by_participant().values())

            before = frames()
            await asyncio.sleep(1.0)
            return {
                "old_answered_before": old_answered_before, "status": status, "type": headers.get("content-type"), "etag_changed": headers.get("etag") != publisher.etag,
                "candidate": "a=candidate:" in body and "a=end-of-candidates" in body and "a=ice-lite" in body,
                "new_ufrag_differs": new_ufrag != old_ufrag,
                "new_answered": await asyncio.to_thread(_binding_answered, server.media_port, new_ufrag, new_pwd,
                                                        "newClient1"),
                "old_answered": await asyncio.to_thread(_binding_answered, server.media_port, old_ufrag, old_pwd,
                                                        client_ufrag),
                "frames_after": frames() - before,
            }
        finally:
            await publisher.close()
            await viewer.close()

    result = run(scenario(), timeout=60)
    assert result["status"] == 200 and result["type"] == TRICKLE and result["etag_changed"], result
    assert result["candidate"] and result["new_ufrag_differs"], result
    assert result["old_answered_before"] and result["new_answered"] and not result["old_answered"], result
    assert result["frames_after"] >= 5, result


def test_whip_posts_count_against_the_join_rate_of_their_address(start_server, tmp_path):
    """`limits.joins_per_minute_per_ip` covers WHIP as it covers `join`:
    past it a POST is 429, counted, whatever its body."""
    config = tmp_path / "limited.yaml"
    config.write_text("limits:\n  joins_per_minute_per_ip: 3\n")
    server = start_server(config=str(config))
    statuses = [http("POST", f"{server.http_url}/whip/limited", "not sdp", {"Content-Type": SDP})[0]
                for _ in range(6)]
    # The first goes through to the SDP check; the rate then refuses the rest.
    assert statuses[0] == 400 and statuses[-1] == 429, statuses
    status, _, text = http("GET", f"{server.http_url}/metrics")
    assert re.search(r'^switchboard_whip_refusals_total\{reason="rate_limited"\} [1-9]', text, re.M), text[-2000:]
