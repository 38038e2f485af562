"""Fixtures that start the real Switchboard binary on free loopback ports.

The binary comes from $SWITCHBOARD_BIN, default <repo>/.build/debug/switchboard
(see server-interface: `switchboard serve --bind 127.0.0.1 --http-port H
--media-port M --stun-port S --workers 1 ...`, one ready line on stdout).
A missing binary fails the tests (it never skips them), and a server that
crashed, exited early or would not stop on SIGTERM fails the test that used it.
"""
from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "interop"))

# The cluster tests' `postgres` and `start_node` fixtures.
pytest_plugins = ["cluster_support"]

# With several workers the media field lists each worker's address.
READY = re.compile(r"^switchboard ready http=(\S+) media=([^\s,]+):(\d+)(?:,\S+)? stun=(\S+):(\d+)\s*$")
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0


def binary_path() -> Path:
    return Path(os.environ.get("SWITCHBOARD_BIN", REPO / ".build" / "debug" / "switchboard"))


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bindable(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_ports(workers: int = 1) -> tuple[int, int, int]:
    """(http, media, stun): distinct, the first TCP, the others UDP; the
    media port free over TCP too (ICE-TCP listens on its number), so an
    ephemeral TCP port of another connection does not collide with it.
    Each further worker takes the next media port: free both ways too."""
    while True:
        ports = (free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM))
        media = range(ports[1], ports[1] + workers)
        if (len(set(ports)) == 3 and all(p not in media for p in (ports[0], ports[2]))
                and bindable(ports[1], socket.SOCK_STREAM)
                and all(bindable(p, socket.SOCK_DGRAM) and bindable(p, socket.SOCK_STREAM) for p in media[1:])):
            return ports


@dataclass
class Server:
    process: subprocess.Popen
    http_port: int
    media_port: int
    stun_port: int
    stderr_path: Path
    stdout_path: Path
    args: list[str]
    stopped_by_us: bool = False
    killed_by_test: bool = False
    problems: list[str] = field(default_factory=list)
    # The extra flags it was started with (turn_tcp_port, turn_tls_port, ...).
    options: dict = field(default_factory=dict)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.http_port}/rtc"

    @property
    def ports(self) -> dict[str, int]:
        return {"http": self.http_port, "media": self.media_port, "stun": self.stun_port}

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, str]:
        """(status, body) of an HTTP GET on the server."""
        try:
            with urllib.request.urlopen(self.http_url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def metric(self, name: str) -> float:
        """The sum of a /metrics series over its label sets (`name` may also
        carry the labels of one set); 0 when absent."""
        status, text = self.get("/metrics")
        assert status == 200, text
        pattern = rf"^{re.escape(name)}(?:\{{[^}}]*\}})? (\S+)$"
        return sum(float(match.group(1)) for match in re.finditer(pattern, text, re.M))

    def stderr_tail(self, lines: int = 60) -> str:
        try:
            text = self.stderr_path.read_text("utf-8", "replace")
        except OSError:
            return "(no stderr file)"
        return "\n".join(text.splitlines()[-lines:])

    def assert_running(self) -> None:
        code = self.process.poll()
        if code is not None:
            raise AssertionError(f"switchboard exited during the test with code {code}\n"
                                 f"--- stderr tail ---\n{self.stderr_tail()}")

    def kill(self) -> None:
        """SIGKILL now (a crash, for tests of what survives one); the
        teardown then expects the server to be gone."""
        self.killed_by_test = True
        self.process.kill()
        self.process.wait()

    def stop(self) -> Optional[int]:
        """SIGTERM, then SIGKILL after 5 s. Returns the exit code."""
        if self.process.poll() is None:
            self.stopped_by_us = True
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.problems.append(f"did not exit within {STOP_TIMEOUT} s of SIGTERM: killed")
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _start(tmp: Path, options: dict) -> Server:
    binary = binary_path()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(f"switchboard binary not found at {binary}: build it with `swift build` "
                    f"(or point SWITCHBOARD_BIN at it)", pytrace=False)
    # `environment={...}` adds variables to the server's environment; every
    # other option becomes a command-line flag.
    options = dict(options)
    environment = {**os.environ, **options.pop("environment", {})}
    http_port, media_port, stun_port = free_ports(int(options.get("workers") or 1))
    args = [str(binary), "serve", "--bind", "127.0.0.1", "--http-port", str(http_port),
            "--media-port", str(media_port), "--stun-port", str(stun_port), "--workers", "1"]
    # The TURN TCP and TLS listeners (3478, 5349 by default) on free ports
    # too, so servers never collide; a test may give its own.
    options = dict(options)
    for key in ("turn_tcp_port", "turn_tls_port"):
        if key not in options:
            while (port := free_port(socket.SOCK_STREAM)) in (http_port, media_port, *options.values()):
                pass
            options[key] = port
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        args += [flag] if value is True else [flag, str(value)]
    stderr_path = tmp / f"switchboard-{http_port}.stderr"
    stdout_path = tmp / f"switchboard-{http_port}.stdout"
    stderr_file = open(stderr_path, "wb")
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=stderr_file, cwd=tmp, env=environment)
    stderr_file.close()
    server = Server(process, http_port, media_port, stun_port, stderr_path, stdout_path, args)
    server.options = options

    ready = threading.Event()
    ready_line: list[str] = []

    def drain() -> None:
        # Reads the ready line, then keeps the pipe empty (into a file).
        with open(stdout_path, "wb") as out:
            for line in process.stdout:
                out.write(line)
                out.flush()
                if not ready.is_set() and line.startswith(b"switchboard ready"):
                    ready_line.append(line.decode("utf-8", "replace"))
                    ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(READY_TIMEOUT) or not ready_line:
        code = process.poll()
        server.stop()
        pytest.fail(f"switchboard did not print its ready line within {READY_TIMEOUT} s "
                    f"(exit code {code}; args {' '.join(args)})\n--- stderr tail ---\n{server.stderr_tail()}",
                    pytrace=False)
    match = READY.match(ready_line[0].strip())
    if not match:
        server.stop()
        pytest.fail(f"unexpected ready line: {ready_line[0]!r}", pytrace=False)
    http, media_host, media, stun_host, stun = match.groups()
    if (http != server.http_url or int(media) != media_port or int(stun) != stun_port
            or media_host != "127.0.0.1" or stun_host != "127.0.0.1"):
        server.stop()
        pytest.fail(f"ready line {ready_line[0].strip()!r} does not match the ports asked for "
                    f"{server.ports}", pytrace=False)
    return server


@pytest.fixture
def start_server(request, tmp_path):
    """Factory: start_server(max_participants=2, consent_timeout=5, ...) starts
    one server with those extra flags; every server is stopped at teardown and
    the test fails if one crashed or did not stop cleanly."""
    servers: list[Server] = []
    request.node._switchboard_servers = servers

    def factory(**options) -> Server:
        server = _start(tmp_path, options)
        servers.append(server)
        return server

    yield factory

    failures = []
    for server in servers:
        if server.killed_by_test:
            continue
        mine = []
        exited_on_its_own = server.process.poll() is not None and not server.stopped_by_us
        code = server.stop()
        if exited_on_its_own:
            mine.append(f"switchboard exited by itself during the test (code {code})")
        elif code not in (0, -signal.SIGTERM):
            mine.append(f"switchboard exit code {code} after SIGTERM (expected 0)")
        mine += server.problems
        if mine:
            failures += mine
            failures.append(f"args: {' '.join(server.args)}\n--- stderr tail ---\n{server.stderr_tail()}")
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.fixture
def run():
    """run(coroutine, timeout=60): runs it in a fresh event loop, bounded."""
    def runner(coroutine, timeout: float = 60.0):
        return asyncio.run(asyncio.wait_for(coroutine, timeout))
    return runner


@pytest.fixture
def server(start_server) -> Server:
    """One server with default options."""
    return start_server()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for server in getattr(item, "_switchboard_servers", []):
            report.sections.append((f"switchboard stderr tail (http port {server.http_port})",
                                    server.stderr_tail()))
