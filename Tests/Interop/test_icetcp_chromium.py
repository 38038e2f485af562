"""Two headless Chromium pages on the demo page decode each other's video
with every UDP packet dropped: the only way left is ICE-TCP (RFC 6544) to
the server's passive TCP candidate, and the selected candidate pair of
every peer connection must be TCP host to host (not TURN over TCP). The
same check over UDP runs first, and both join-to-first-frame times are
printed (run with -s to see them).

Runs tools/interop/chromium_icetcp_check.py inside a network namespace
made with `unshare --net` (loopback only), with an nftables rule there
dropping UDP on output; needs root, `unshare` and `nft` (Debian nftables).

    .venv/bin/python -m pytest -s Tests/Interop/test_icetcp_chromium.py
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(REPO, "tools", "interop", "chromium_icetcp_check.py")
CHECK_TIMEOUT = 60
BLOCK_UDP = ("nft add table inet f && "
             "nft add chain inet f out '{ type filter hook output priority 0 ; }' && "
             "nft add rule inet f out meta l4proto udp drop && ")


def venv_python() -> str:
    candidate = os.path.join(REPO, ".venv", "bin", "python")
    return candidate if os.path.exists(candidate) else sys.executable


def skip_reason():
    if os.geteuid() != 0:
        return "needs root: the check runs in a network namespace made with `unshare --net`"
    for tool, package in (("unshare", "util-linux"), ("nft", "nftables")):
        if shutil.which(tool) is None:
            return f"`{tool}` ({package}) is not installed"
    return None


def run_check(server: str, block_udp: bool) -> dict:
    setup = "ip link set lo up && " + (BLOCK_UDP if block_udp else "") + 'exec "$@"'
    command = ["unshare", "--net", "--", "bash", "-c", setup, "_", venv_python(), CHECK,
               "--server-binary", server, "--timeout", str(CHECK_TIMEOUT)] + (["--block-udp"] if block_udp else [])
    completed = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT + 30,
                               stdin=subprocess.DEVNULL)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}\n{completed.stderr[-3000:]}"
    assert completed.returncode == 0
    return result


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_joins_over_ice_tcp_when_udp_is_blocked():
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    assert os.access(server, os.X_OK), f"server binary {server} missing: run `swift build` or set SWITCHBOARD_BIN"

    udp = run_check(server, block_udp=False)
    tcp = run_check(server, block_udp=True)
    print(f"\njoin to first decoded remote frame (ms) over UDP: {udp['join_to_first_frame_ms']}")
    print(f"join to first decoded remote frame (ms) over ICE-TCP: {tcp['join_to_first_frame_ms']}")
    print(f"ICE-TCP selected pairs: {json.dumps(tcp['paths'])}")
    print(f"switchboard_ice_tcp_*: {json.dumps(tcp['ice_tcp_metrics'])}")

    for name, (before, after) in tcp["frames_decoded"].items():
        assert after > before > 0, f"{name}: framesDecoded did not increase over ICE-TCP: {before} -> {after}"
    for name, paths in tcp["paths"].items():
        for pc in ("publish", "subscribe"):
            assert paths[pc]["local"]["protocol"] == "tcp" and paths[pc]["remote"]["protocol"] == "tcp", paths
            assert paths[pc]["remote"]["tcpType"] == "passive", paths
    metrics = tcp["ice_tcp_metrics"]
    assert metrics["switchboard_ice_tcp_bound_total"] >= 4
    assert metrics['switchboard_ice_tcp_packets_total{direction="in"}'] > 100
    assert metrics['switchboard_ice_tcp_packets_total{direction="out"}'] > 100
