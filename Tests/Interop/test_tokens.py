"""Join tokens against the real server: with `auth.jwt_key` set, `join`
needs a JWT (HS256, claims room/name/exp) such as `switchboard token`
prints; a missing, forged, expired or mismatched token gets `unauthorized`
and the socket is closed."""
from __future__ import annotations

import asyncio
import subprocess

import pytest

from conftest import binary_path
from switchboard_client import SwitchboardClient, SwitchboardError

KEY = "interop-test-key-0123456789-abcdefghij"


def token(config, room: str, name: str, ttl: str = "1h", key: str | None = None) -> str:
    command = [str(binary_path()), "token", "--config", str(config), "--room", room, "--name", name, "--ttl", ttl]
    if key:
        command += ["--key", key]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout.strip()


@pytest.fixture
def keyed(start_server, tmp_path):
    config = tmp_path / "keyed.yaml"
    config.write_text(f"auth:\n  jwt_key: {KEY}\n")
    return config, start_server(config=str(config))


def test_valid_token_joins(keyed, run):
    config, server = keyed

    async def body():
        client = await SwitchboardClient(server.ws_url, label="ada").connect()
        try:
            joined = await client.join("standup", "ada", token=token(config, "standup", "ada"))
            assert joined["participant"]["name"] == "ada"
        finally:
            await client.close()

    run(body())


@pytest.mark.parametrize("case", ["missing", "forged", "expired", "other-room", "other-name"])
def test_bad_tokens_are_unauthorized_and_close(keyed, run, case):
    config, server = keyed
    value = {
        "missing": None,
        "forged": lambda: token(config, "standup", "ada", key="a-different-key-that-is-long-enough-0123"),
        "expired": lambda: token(config, "standup", "ada", ttl="1ms"),
        "other-room": lambda: token(config, "elsewhere", "ada"),
        "other-name": lambda: token(config, "standup", "bob"),
    }[case]
    value = value() if callable(value) else value

    async def body():
        if case == "expired":
            await asyncio.sleep(1.1)  # exp has a one-second resolution
        client = await SwitchboardClient(server.ws_url, label="ada").connect()
        try:
            with pytest.raises(SwitchboardError) as raised:
                await client.join("standup", "ada", token=value)
            assert raised.value.code == "unauthorized", raised.value.payload
            await asyncio.wait_for(client.closed.wait(), 5)
        finally:
            await client.close()

    run(body())
