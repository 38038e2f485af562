"""Headless Chromium publishes three simulcast layers (rid q/h/f) over WHIP:
the server learns all three and a contract participant decodes the track
(tools/interop/chromium_whip_simulcast_check.py, in a loopback-only
namespace)."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from test_demo_chromium import REPO, skip_reason, venv_python

CHECK = os.path.join(REPO, "tools", "interop", "chromium_whip_simulcast_check.py")


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_publishes_simulcast_over_whip():
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    command = ["unshare", "--net", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_",
               venv_python(), CHECK, "--server-binary", server, "--timeout", "90"]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])
    print(f"\nChromium WHIP simulcast: {json.dumps(result)}")
    assert result["ok"], json.dumps(result, indent=1)
    assert sorted(layer["rid"] for layer in result["layers"]) == ["f", "h", "q"] and result["frames"] >= 30
