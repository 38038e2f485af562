"""`switchboard loadtest` as an operator runs it, against the real server:
exit status 1 when a threshold fails (with the JSON and HTML reports
written), 2 and a clear message at once when no server answers, and on
SIGINT every bot leaves (the room empties) and the report is still printed."""
from __future__ import annotations

import json
import signal
import subprocess
import time

from conftest import binary_path, free_port


def loadtest(*args: str) -> list[str]:
    return [str(binary_path()), "loadtest", *args]


def metric(server, name: str) -> float:
    status, body = server.get("/metrics")
    assert status == 200
    for line in body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_a_server_that_is_down_is_a_clear_error_at_once():
    import socket
    port = free_port(socket.SOCK_STREAM)
    started = time.monotonic()
    result = subprocess.run(
        loadtest("--url", f"ws://127.0.0.1:{port}/rtc", "--duration", "30s"),
        capture_output=True, text=True, timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"cannot reach the server at ws://127.0.0.1:{port}/rtc" in result.stderr
    assert time.monotonic() - started < 10


def test_a_failed_threshold_exits_1_and_writes_both_reports(server, tmp_path):
    report_path = tmp_path / "report.json"
    html_path = tmp_path / "report.html"
    result = subprocess.run(
        loadtest("--url", server.ws_url, "--publishers", "1", "--subscribers", "1", "--duration", "4s",
                 "--video-kbps", "200", "--max-loss", "1%", "--max-p99-latency", "0ms",
                 "--json", str(report_path), "--html", str(html_path)),
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    progress = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert len(progress) >= 3 and "connected 2/2" in progress[-1]
    assert "FAIL: p99 latency" in result.stdout
    report = json.loads(report_path.read_text())
    assert report["receivedStreams"] == 2 and report["botsJoined"] == 2
    assert report["audio"]["packetsReceived"] > 50 and report["audio"]["packetsLost"] == 0
    assert report["video"]["framesCompleted"] > 30
    assert any("p99 latency" in failure for failure in report["thresholdFailures"])
    html = html_path.read_text()
    assert html.count("<svg") == 4
    assert "<script" not in html and "src=" not in html and "href=" not in html


def test_sigint_makes_every_bot_leave_and_still_reports(server):
    process = subprocess.Popen(
        loadtest("--url", server.ws_url, "--rooms", "2", "--publishers", "1", "--subscribers", "2",
                 "--duration", "60s", "--audio-only"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "connected 6/6" in line:
                break
        assert any("connected 6/6" in line for line in lines), "".join(lines)
        assert metric(server, "switchboard_participants") == 6
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stdout + stderr
    assert "(interrupted)" in stdout and "PASS" in stdout
    # Every bot sent `leave`: the server's rooms are empty straight away.
    deadline = time.monotonic() + 5
    while metric(server, "switchboard_participants") != 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert metric(server, "switchboard_participants") == 0
    assert metric(server, "switchboard_peer_transports") == 0


def test_simulcast_publishers_reach_every_subscriber(server, tmp_path):
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        loadtest("--url", server.ws_url, "--publishers", "1", "--subscribers", "2", "--duration", "4s",
                 "--simulcast", "--video-kbps", "300", "--max-loss", "0%", "--json", str(report_path)),
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    video = [stream for stream in report["streams"] if stream["kind"] == "video"]
    # One layer reaches each subscriber, at the clip's 30 frames per second.
    assert len(video) == 2
    assert all(stream["statistics"]["framesCompleted"] > 60 for stream in video)
    assert all(stream["statistics"]["freezes"] == 0 for stream in video)
