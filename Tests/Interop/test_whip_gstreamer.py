"""GStreamer interop: Debian's simple-whip-client (webrtcbin) publishes VP8
and Opus to a recorded room over WHIP; an aiortc participant of the contract
decodes both, sees it leave when the client stops, and the recording holds
its file (tools/interop/whip_gstreamer_check.py, in a loopback-only
namespace with the server)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_demo_chromium import REPO, skip_reason, venv_python

CHECK = os.path.join(REPO, "tools", "interop", "whip_gstreamer_check.py")


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_gstreamer_whip_client_publishes_into_a_recorded_room():
    assert shutil.which("whip-client"), "whip-client missing: `make test` installs simple-whip-client"
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    command = ["unshare", "--net", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_",
               venv_python(), CHECK, "--server-binary", server, "--timeout", "90"]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])
    print(f"\nGStreamer WHIP: {json.dumps(result)}")
    assert result["ok"], json.dumps(result, indent=1)
    assert result["frames"]["video"] >= 30 and result["frames"]["audio"] >= 30 and result["left_on_stop"]
    assert any(set(codecs.values()) == {"vp8", "opus"} for codecs in result["recording"].values()), result
