"""Simulcast under a bandwidth cap: headless Chromium publishes three layers
through the demo page (?simulcast=1) and an aiortc subscriber behind a relay
capped at 300 kbit/s must get a lower layer, then the full one once the cap
is lifted (tools/interop/chromium_simulcast_check.py, run inside a
loopback-only network namespace like the demo check)."""
import json
import os
import subprocess

import pytest

from test_demo_chromium import REPO, skip_reason, venv_python

CHECK = os.path.join(REPO, "tools", "interop", "chromium_simulcast_check.py")
CHECK_TIMEOUT = 120


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_capped_subscriber_gets_a_lower_layer_then_the_full_one():
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    assert os.access(server, os.X_OK), f"server binary {server} missing"
    command = ["unshare", "--net", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_",
               venv_python(), CHECK, "--server-binary", server, "--cap-kbps", "300",
               "--timeout", str(CHECK_TIMEOUT)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT + 30,
                               stdin=subprocess.DEVNULL)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])
    print(f"\ncapped at 300 kbit/s: decoded {result.get('capped_size')}; full layer "
          f"{result.get('full_layer_after_s')} s after the cap was lifted")
    for sample in result.get("samples", []):
        print(f"  {sample}")
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}\n{completed.stderr[-3000:]}"
    assert completed.returncode == 0
    assert result["capped_size"][0] < 1280
