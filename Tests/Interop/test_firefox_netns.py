"""Headless Firefox ESR and headless Chromium on the bundled demo page
decode each other's video, across network namespaces joined by veth pairs
(Firefox gathers nothing where loopback is the only interface): directly,
and behind a masquerading NAT with the server's STUN off, where the
ICE-lite server can only learn the browsers' translated address from their
checks.

Runs tools/interop/firefox_demo_check.py (root, iproute2, nftables,
firefox-esr, chromium); the server binary comes from SWITCHBOARD_BIN. A
screenshot of Firefox's page is kept in a temporary folder whose path is
printed.

    .venv/bin/python -m pytest -s Tests/Interop/test_firefox_netns.py
"""
import json
import os
import tempfile

import pytest

from namespace_check import netns_skip_reason, run_netns_check

CHECK_TIMEOUT = 100  # the script's own bound; the subprocess gets a margin on top
SKIP = netns_skip_reason("nft", "firefox-esr", "chromium")


@pytest.mark.timeout(CHECK_TIMEOUT + 60)
@pytest.mark.skipif(SKIP is not None, reason=SKIP or "")
@pytest.mark.parametrize("network", ["direct", "nat"])
def test_firefox_and_chromium_decode_each_other(network):
    screenshot = os.path.join(tempfile.mkdtemp(prefix="switchboard-firefox-screenshot-"), "firefox.png")
    result = run_netns_check("firefox_demo_check.py", "--screenshot", screenshot,
                             *(["--nat"] if network == "nat" else []), timeout=CHECK_TIMEOUT)

    print(f"\n[{network}] join to first decoded remote frame (ms): {result.get('join_to_first_frame_ms')}")
    print(f"[{network}] frames decoded [before, after 2 s]: {result.get('frames_decoded')}")
    print(f"[{network}] chat line of the other shown after (ms): {result.get('chat_heard_ms')}")
    if network == "nat":
        print(f"[{network}] flows the router translated: {result.get('masqueraded_flows')}")
    print(f"[{network}] screenshot of Firefox's page kept at: {screenshot}")

    assert result["ok"], f"check failed: {json.dumps(result, indent=1)}"
    assert result["exit_code"] == 0
    for name in ("firefox", "chromium"):
        before, after = result["frames_decoded"][name]
        assert after > before > 0, f"{name}: framesDecoded did not increase: {before} -> {after}"
        assert result["join_to_first_frame_ms"][name] > 0
    if network == "nat":
        assert result["masqueraded_flows"] >= 1
    assert os.path.getsize(screenshot) > 0
