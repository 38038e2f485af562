"""The demo page's chat box over data channels: headless Chromium and an
aiortc participant exchange text through the server, each on the channel
the server opens labelled "<sender id>/chat" (tools/interop/chromium_chat_check.py,
in a loopback-only network namespace)."""
import json

import pytest

from namespace_check import run_check, skip_reason

CHECK_TIMEOUT = 60


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_chats_with_an_aiortc_participant():
    result = run_check("chromium_chat_check.py", timeout=CHECK_TIMEOUT)
    print(f"\nchat open after join (ms): {result.get('open_ms')}; aiortc -> page (ms): {result.get('round_trip_ms')}")
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}"
    assert result["aiortc_received"][0] == "hello from chromium"
