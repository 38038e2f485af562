"""GStreamer interop: Debian's simple-whip-client (webrtcbin) publishes VP8
and Opus to a recorded room over WHIP; an aiortc participant of the contract
decodes both, sees it leave when the client stops, and the recording holds
its file (tools/interop/whip_gstreamer_check.py, in a loopback-only
namespace with the server)."""
from __future__ import annotations

import json
import shutil

import pytest

from namespace_check import run_check, skip_reason


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_gstreamer_whip_client_publishes_into_a_recorded_room():
    assert shutil.which("whip-client"), "whip-client missing: `make test` installs simple-whip-client"
    result = run_check("whip_gstreamer_check.py")
    print(f"\nGStreamer WHIP: {json.dumps(result)}")
    assert result["ok"], json.dumps(result, indent=1)
    assert result["frames"]["video"] >= 30 and result["frames"]["audio"] >= 30 and result["left_on_stop"]
    assert any(set(codecs.values()) == {"vp8", "opus"} for codecs in result["recording"].values()), result
