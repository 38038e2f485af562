"""`switchboard loadtest --target janus` against Debian's Janus VideoRoom,
started with bench/janus/start-janus on 127.0.0.1 only (ICE-lite,
WebSockets only) and bounded in time: the bots join a VideoRoom room,
publish VP8 and Opus, subscribe through one multistream handle, and every
stream arrives. Skipped only when janus is not installed (`make test`
installs it)."""
from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import binary_path, free_port

ROOT = Path(__file__).resolve().parents[2]
START_JANUS = ROOT / "bench" / "janus" / "start-janus"

pytestmark = pytest.mark.skipif(shutil.which("janus") is None, reason="janus is not installed")


@pytest.fixture
def janus(tmp_path):
    port = free_port(socket.SOCK_STREAM)
    log = open(tmp_path / "janus.log", "w")
    process = subprocess.Popen(
        [str(START_JANUS), "--port", str(port), "--dir", str(tmp_path / "janus"), "--max-seconds", "120"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError("janus did not start:\n" + (tmp_path / "janus.log").read_text()[-3000:])
            time.sleep(0.2)
    yield f"ws://127.0.0.1:{port}"
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_bots_publish_and_subscribe_through_janus(janus, tmp_path):
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        [str(binary_path()), "loadtest", "--target", "janus", "--url", janus, "--publishers", "1",
         "--subscribers", "2", "--duration", "8s", "--video-kbps", "200", "--json", str(report_path)],
        capture_output=True, text=True, timeout=90)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    assert report["botsJoined"] == 3, result.stdout + result.stderr
    assert report["receivedStreams"] == 4, result.stdout + result.stderr
    assert report["audio"]["packetsReceived"] > 50
    assert report["video"]["framesCompleted"] > 30
