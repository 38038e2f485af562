"""Simulcast under a bandwidth cap: headless Chromium publishes three layers
through the demo page (?simulcast=1) and an aiortc subscriber behind a relay
capped at 300 kbit/s must get a lower layer, then the full one once the cap
is lifted (tools/interop/chromium_simulcast_check.py, run inside a
loopback-only network namespace like the demo check)."""
import json

import pytest

from namespace_check import run_check, skip_reason

CHECK_TIMEOUT = 120


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_capped_subscriber_gets_a_lower_layer_then_the_full_one():
    result = run_check("chromium_simulcast_check.py", "--cap-kbps", "300", timeout=CHECK_TIMEOUT)
    print(f"\ncapped at 300 kbit/s: decoded {result.get('capped_size')}; full layer "
          f"{result.get('full_layer_after_s')} s after the cap was lifted")
    for sample in result.get("samples", []):
        print(f"  {sample}")
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}"
    assert result["exit_code"] == 0
    assert result["capped_size"][0] < 1280
