"""Headless Chromium (its own SCTP, dcSCTP) and an aiortc participant
exchange data channel messages through the real server: Runs
tools/interop/chromium_datachannel_check.py in a loopback-only network
namespace (needs root and `unshare`; skipped otherwise)."""
from __future__ import annotations

import json

import pytest

from namespace_check import run_check, skip_reason


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_and_aiortc_exchange_data_channel_messages():
    result = run_check("chromium_datachannel_check.py")
    assert result["ok"], f"check failed: {json.dumps(result, indent=1)[:4000]}"
