"""Headless Chromium publishes three simulcast layers (rid q/h/f) over WHIP:
the server learns all three and a contract participant decodes the track
(tools/interop/chromium_whip_simulcast_check.py, in a loopback-only
namespace)."""
from __future__ import annotations

import json

import pytest

from namespace_check import run_check, skip_reason


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_chromium_publishes_simulcast_over_whip():
    result = run_check("chromium_whip_simulcast_check.py")
    print(f"\nChromium WHIP simulcast: {json.dumps(result)}")
    assert result["ok"], json.dumps(result, indent=1)
    assert sorted(layer["rid"] for layer in result["layers"]) == ["f", "h", "q"] and result["frames"] >= 30
