"""The demo page rejoins with backoff when its server goes away and comes
back (tools/interop/chromium_rejoin_check.py, in a loopback-only network
namespace)."""
import json

import pytest

from namespace_check import run_check, skip_reason

CHECK_TIMEOUT = 90


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_the_demo_page_rejoins_after_the_server_restarts():
    result = run_check("chromium_rejoin_check.py", timeout=CHECK_TIMEOUT)
    print(f"\nserver restart to the page's first frame again (ms): {result.get('restart_to_first_frame_ms')}")
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}"
    assert "In room" in result["status"]
