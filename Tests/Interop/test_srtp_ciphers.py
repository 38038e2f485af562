"""SRTP between two cipher implementations: a server that keeps libsrtp2's
own ciphers (SWITCHBOARD_SRTP_CIPHERS=libsrtp; NSS in Debian's build) and
load-test bots on the OpenSSL ones Switchboard registers in their place.
For each profile the bots offer alone, publishers' media reaches every
subscriber decoded: both directions decrypt what the other implementation
encrypted, SRTCP included. (The server offers only these two profiles;
AES-256-GCM meets Debian's libsrtp2 in test_loadtest_janus.py, whose Janus
prefers it.) The server's start-up log names the ciphers it runs."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import binary_path


@pytest.mark.parametrize("profile", ["aes128gcm", "aes128cm"])
def test_bots_on_openssl_ciphers_and_a_server_on_libsrtps_decode_each_other(start_server, tmp_path, profile):
    server = start_server(environment={"SWITCHBOARD_SRTP_CIPHERS": "libsrtp"})
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        [str(binary_path()), "loadtest", "--url", server.ws_url, "--publishers", "1", "--subscribers", "2",
         "--duration", "3s", "--srtp-profile", profile, "--video-kbps", "300", "--max-loss", "0%",
         "--json", str(report_path)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    video = [stream for stream in report["streams"] if stream["kind"] == "video"]
    audio = [stream for stream in report["streams"] if stream["kind"] == "audio"]
    assert len(video) == 2 and len(audio) == 2
    assert all(stream["statistics"]["framesCompleted"] > 30 for stream in video)
    assert "srtp: libsrtp2's own ciphers (SWITCHBOARD_SRTP_CIPHERS=libsrtp)" in server.stderr_tail(200)


def test_the_server_names_the_openssl_ciphers_at_start_up(server):
    assert "srtp: AES-GCM, AES-CM and HMAC-SHA1 on OpenSSL" in server.stderr_tail(200)
