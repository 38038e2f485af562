"""The HTTP control plane against the real server with `auth.jwt_key` set:
`/rooms/*` and `/metrics` answer 401 without a token or with a bad one, 403
to a participant's join token or an admin token of another room, and work
with an admin token from `switchboard token --admin`. The demo, /healthz
and join tokens on /rtc are unaffected; every refusal is counted."""
from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import binary_path
from switchboard_client import SwitchboardClient, SwitchboardError

KEY = "interop-test-key-0123456789-abcdefghij"


def token(config, *args: str, key: str | None = None) -> str:
    command = [str(binary_path()), "token", "--config", str(config), *args]
    if key:
        command += ["--key", key]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def call(server, method: str, path: str, bearer: str | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"{server.http_url}{path}", method=method)
    if bearer is not None:
        request.add_header("Authorization", f"Bearer {bearer}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def keyed(start_server, tmp_path):
    config = tmp_path / "keyed.yaml"
    config.write_text(f"auth:\n  jwt_key: {KEY}\nrecording:\n  dir: {tmp_path / 'rec'}\n")
    return config, start_server(config=str(config))


def test_control_routes_need_an_admin_token(keyed):
    config, server = keyed
    admin = token(config, "--admin")
    standup_admin = token(config, "--admin", "--room", "standup")
    participant = token(config, "--room", "standup", "--name", "ada")
    forged = token(config, "--admin", key="a-different-key-that-is-long-enough-0123")

    routes = [("POST", "/rooms/standup/recording"), ("GET", "/rooms/standup/recording"),
              ("DELETE", "/rooms/standup/recording"), ("GET", "/rooms/standup"), ("GET", "/metrics")]
    for method, path in routes:
        status, headers, _ = call(server, method, path)
        assert status == 401, (method, path, status)
        assert headers.get("WWW-Authenticate", "").startswith("Bearer"), headers
        assert call(server, method, path, bearer=forged)[0] == 401, (method, path)
        assert call(server, method, path, bearer="not-a-jwt")[0] == 401, (method, path)
        assert call(server, method, path, bearer=participant)[0] == 403, (method, path)
    # A room-limited admin token: its own room only, and never /metrics.
    assert call(server, "GET", "/rooms/standup/recording", bearer=standup_admin)[0] == 200
    assert call(server, "GET", "/rooms/other/recording", bearer=standup_admin)[0] == 403
    assert call(server, "GET", "/metrics", bearer=standup_admin)[0] == 403

    # Nothing above armed a recording; the admin token does.
    status, _, body = call(server, "POST", "/rooms/standup/recording", bearer=admin)
    assert status == 202 and '"armed"' in body, (status, body)
    status, _, body = call(server, "GET", "/metrics", bearer=admin)
    assert status == 200
    counted = {m.group(1): int(m.group(2)) for m in
               re.finditer(r'switchboard_admin_refusals_total\{reason="(\w+)"\} (\d+)', body)}
    assert counted == {"missing": 5, "invalid": 10, "forbidden": 7}, counted

    # Open routes stay open.
    assert call(server, "GET", "/healthz")[0] == 200
    assert call(server, "GET", "/")[0] == 200


def test_join_tokens_still_join_and_admin_tokens_do_not(keyed, run):
    config, server = keyed

    async def body():
        client = await SwitchboardClient(server.ws_url, label="ada").connect()
        try:
            with pytest.raises(SwitchboardError):
                await client.join("standup", "ada", token=token(config, "--admin", "--room", "standup"))
        finally:
            await client.close()
        client = await SwitchboardClient(server.ws_url, label="ada").connect()
        try:
            joined = await client.join("standup", "ada", token=token(config, "--room", "standup", "--name", "ada"))
            assert joined["participant"]["name"] == "ada"
        finally:
            await client.close()

    run(body())


def test_without_a_key_the_control_plane_stays_open(server):
    assert call(server, "GET", "/metrics")[0] == 200
    assert call(server, "GET", "/rooms/anyone/recording")[0] == 200


def test_the_media_send_queue_bound_and_its_drops_are_in_the_metrics(start_server, tmp_path):
    config = tmp_path / "send-queue.yaml"
    config.write_text("media:\n  send_queue_bytes: 1048576\n")
    server = start_server(config=str(config))
    status, _, body = call(server, "GET", "/metrics")
    assert status == 200
    assert "\nswitchboard_media_send_queue_bytes 1048576\n" in body
    assert '\nswitchboard_packets_dropped_total{reason="send_queue_full"} 0\n' in body
