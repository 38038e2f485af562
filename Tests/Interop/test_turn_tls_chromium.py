"""Two headless Chromium pages of the bundled demo page decode each other
only through the server's embedded TURN over TLS: the pages use `?relay=1`
(iceTransportPolicy "relay") and a firewall in their namespace leaves
nothing but HTTP and TURN/TLS; getStats must show every PC on a `relay`
candidate with relayProtocol `tls`. The same pages over plain UDP give the
figure to compare join-to-first-frame with (both are printed).

Runs tools/interop/chromium_turn_tls_check.py (root, iproute2, nftables,
chromium); the server binary comes from SWITCHBOARD_BIN. The server's TLS
certificate is self-signed: Chromium runs with --ignore-certificate-errors
(without it the relay-only pages never connect).

    .venv/bin/python -m pytest -s Tests/Interop/test_turn_tls_chromium.py
"""
import json

import pytest

from namespace_check import netns_skip_reason, run_netns_check

CHECK_TIMEOUT = 100  # per run; the subprocess gets a margin on top
SKIP = netns_skip_reason("nft", "chromium")


@pytest.mark.timeout(2 * CHECK_TIMEOUT + 60)
@pytest.mark.skipif(SKIP is not None, reason=SKIP or "")
def test_chromium_pages_meet_through_turn_over_tls_only():
    results = {mode: run_netns_check("chromium_turn_tls_check.py", "--mode", mode, timeout=CHECK_TIMEOUT)
               for mode in ("udp", "turns")}

    print("\njoin to first decoded remote frame (ms):")
    for mode, result in results.items():
        print(f"  {mode:5}: {result.get('join_to_first_frame_ms')}  frames [before, after 2 s]: "
              f"{result.get('frames_decoded')}")

    for mode, result in results.items():
        assert result["ok"], f"{mode} check failed: {json.dumps(result, indent=1)}"
        assert result["exit_code"] == 0
        for name in ("alice", "bob"):
            before, after = result["frames_decoded"][name]
            assert after > before > 0, f"{mode} {name}: framesDecoded did not increase: {before} -> {after}"
    for name, pairs in results["turns"]["transports"].items():
        for pc, pair in pairs.items():
            assert pair["local"]["candidateType"] == "relay", f"{name} {pc}: {pair}"
            assert pair["local"]["relayProtocol"] == "tls", f"{name} {pc}: {pair}"
