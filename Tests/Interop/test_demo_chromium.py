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
import tempfile

import pytest

from namespace_check import run_check, skip_reason

CHECK_TIMEOUT = 60  # the script's own bound; the subprocess gets a margin on top


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_two_chromium_pages_see_each_other():
    keep = tempfile.mkdtemp(prefix="switchboard-demo-screenshot-")
    screenshot = os.path.join(keep, "alice.png")
    result = run_check("chromium_demo_check.py", "--screenshot", screenshot,
                       "--jwt-key", "demo-check-key-0123456789-abcdefghijkl", timeout=CHECK_TIMEOUT)

    print(f"\njoin to first decoded remote frame (ms): {result.get('join_to_first_frame_ms')}")
    print(f"frames decoded [before, after 2 s]: {result.get('frames_decoded')}")
    print(f"screenshot kept at: {screenshot}")

    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}"
    assert result["exit_code"] == 0
    for name in ("alice", "bob"):
        before, after = result["frames_decoded"][name]
        assert after > before > 0, f"{name}: framesDecoded did not increase: {before} -> {after}"
        assert result["join_to_first_frame_ms"][name] > 0
    assert os.path.getsize(screenshot) > 0
