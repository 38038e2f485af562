"""Two headless Chromium pages use the bundled demo page against a real
Switchboard server that requires tokens, must decode each other's video, and
one page's Record button starts and stops the recording with an admin token.

Runs tools/interop/chromium_demo_check.py inside a loopback-only network
namespace (Chromium gathers on every interface
otherwise), so it needs root and `unshare`. The server binary comes from
SWITCHBOARD_BIN (default <repo>/.build/debug/switchboard; build it first).
The screenshot of one page is kept in a temporary folder whose path is printed.

    .venv/bin/python -m pytest -s Tests/Interop/test_demo_chromium.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(REPO, "tools", "interop", "chromium_demo_check.py")
CHECK_TIMEOUT = 60  # the script's own bound; the subprocess gets a margin on top


def venv_python() -> str:
    candidate = os.path.join(REPO, ".venv", "bin", "python")
    return candidate if os.path.exists(candidate) else sys.executable


def skip_reason():
    if os.geteuid() != 0:
        return "needs root: the check runs in a network namespace made with `unshare --net`"
    if shutil.which("unshare") is None:
        return "`unshare` (util-linux) is not installed: no loopback-only namespace for Chromium"
    return None


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_two_chromium_pages_see_each_other():
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    assert os.access(server, os.X_OK), f"server binary {server} missing: run `swift build` or set SWITCHBOARD_BIN"

    keep = tempfile.mkdtemp(prefix="switchboard-demo-screenshot-")
    screenshot = os.path.join(keep, "alice.png")
    command = ["unshare", "--net", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_",
               venv_python(), CHECK, "--server-binary", server, "--screenshot", screenshot,
               "--timeout", str(CHECK_TIMEOUT), "--jwt-key", "demo-check-key-0123456789-abcdefghijkl"]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT + 30,
                               stdin=subprocess.DEVNULL)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])

    print(f"\njoin to first decoded remote frame (ms): {result.get('join_to_first_frame_ms')}")
    print(f"frames decoded [before, after 2 s]: {result.get('frames_decoded')}")
    print(f"screenshot kept at: {screenshot}")

    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}\n{completed.stderr[-3000:]}"
    assert completed.returncode == 0
    for name in ("alice", "bob"):
        before, after = result["frames_decoded"][name]
        assert after > before > 0, f"{name}: framesDecoded did not increase: {before} -> {after}"
        assert result["join_to_first_frame_ms"][name] > 0
    assert os.path.getsize(screenshot) > 0
