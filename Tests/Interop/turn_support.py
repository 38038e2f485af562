"""Helpers of the TURN interop tests: credentials from a `joined` message,
the server's switchboard_turn_* series, and a turnutils_peer echo peer."""
from __future__ import annotations

import re
import socket
import subprocess
import time
from contextlib import contextmanager

from switchboard_client import SwitchboardClient


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def joined_ice_servers(server, room: str = "turn", name: str = "probe"):
    """(joined payload, its iceServers, the client, still joined)."""
    client = SwitchboardClient(server.ws_url, label=name)
    await client.connect()
    joined = await client.join(room, name)
    return joined, joined["iceServers"], client


def turn_credentials(ice_servers: list[dict]) -> tuple[str, str, list[str]]:
    """(username, credential, urls) of the TURN entry of iceServers."""
    for entry in ice_servers:
        if any(url.startswith(("turn:", "turns:")) for url in entry["urls"]):
            return entry["username"], entry["credential"], entry["urls"]
    raise AssertionError(f"no TURN entry in iceServers {ice_servers}")


def turn_metrics(server) -> dict[str, float]:
    """Every switchboard_turn_* sample, keyed by name{labels}."""
    status, body = server.get("/metrics")
    assert status == 200, body
    samples = {}
    for line in body.splitlines():
        if line.startswith("switchboard_turn_"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


@contextmanager
def echo_peer(port: int):
    """coturn's turnutils_peer on 127.0.0.1:port: echoes every datagram."""
    process = subprocess.Popen(["turnutils_peer", "-L", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


LOST = re.compile(r"Total lost packets (\d+) \(([\d.]+)%\), total send dropped (\d+)")


def run_uclient(arguments: list[str], timeout: float = 30.0, require_totals: bool = True) -> tuple[str, int, int]:
    """Runs turnutils_uclient; returns (output, lost, send dropped)."""
    try:
        result = subprocess.run(["turnutils_uclient", *arguments], capture_output=True, text=True, timeout=timeout)
        output = result.stdout + result.stderr
    except subprocess.TimeoutExpired as expired:
        output = f"(timed out) {expired.stdout or ''}{expired.stderr or ''}"
        if require_totals:
            raise AssertionError(f"uclient {arguments} timed out:\n{output[-3000:]}") from None
        return output, -1, -1
    match = LOST.search(output)
    if not require_totals and not match:
        return output, -1, -1
    assert match, f"uclient {arguments} printed no totals (exit {result.returncode}):\n{output[-3000:]}"
    return output, int(match.group(1)), int(match.group(3))
