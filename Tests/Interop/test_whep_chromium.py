"""Headless Chromium on the WHEP watch page decodes a room with two
publishers, a contract participant and a WHIP publisher
(tools/interop/chromium_watch_check.py, in a loopback-only namespace)."""
from __future__ import annotations

import json

import pytest

from namespace_check import run_check, skip_reason


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_watch_page_decodes_the_room():
    result = run_check("chromium_watch_check.py")
    print(f"\nChromium watch page: {json.dumps(result)}")
    assert result["ok"], json.dumps(result, indent=1)
    assert result["decoded"]["videoStreams"] == 2 and result["state"] == "playing"
