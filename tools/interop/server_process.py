"""The server under test as a process of its own: started in a new process
group with stderr in a log file, ready when it prints its ready line, and
stopped with SIGTERM, then SIGKILL after a bound. `Server` runs on
127.0.0.1 on free ports (checks in a loopback-only namespace);
namespaced_server.NamespacedServer runs in a netns_topology namespace."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

from check_errors import CheckFailed

STOP_GRACE_SECONDS = 5.0


def signal_group(pid: int, sig: int):
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class ServerProcess:
    def __init__(self, binary: str, workdir: str, extra_args: tuple = ()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "server.log")
        self.process = None
        self.ready_line = None

    def launch(self, command: list, deadline: float, popen=subprocess.Popen):
        """Starts `command` through `popen` and waits for the ready line."""
        self.log = open(self.log_path, "ab")
        self.process = popen(command, stdout=subprocess.PIPE, stderr=self.log,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        lines = []
        threading.Thread(target=self._read_lines, args=(lines,), daemon=True).start()
        while time.monotonic() < deadline:
            ready = [line for line in lines if line.startswith("switchboard ready ")]
            if ready:
                self.ready_line = ready[0]
                return
            if self.process.poll() is not None:
                raise CheckFailed(f"server exited with {self.process.returncode} before its ready line")
            time.sleep(0.05)
        raise CheckFailed("server printed no ready line in time")

    def _read_lines(self, lines: list):
        # Keeps draining stdout after the ready line so the server never blocks.
        for raw in self.process.stdout:
            lines.append(raw.decode("utf-8", "replace").strip())

    def stop(self):
        """SIGTERM to the group, SIGKILL after a bound. Returns the exit code (None if killed)."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is None:
            signal_group(self.process.pid, signal.SIGTERM)
            try:
                code = self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_GRACE_SECONDS)
        signal_group(self.process.pid, signal.SIGKILL)  # leftovers of the group, if any
        self.log.close()
        return code

    def log_tail(self, lines: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports():
    """HTTP (TCP), media and STUN (UDP) ports, all different."""
    http = free_port(socket.SOCK_STREAM)
    media = free_port(socket.SOCK_DGRAM)
    stun = free_port(socket.SOCK_DGRAM)
    while stun == media:
        stun = free_port(socket.SOCK_DGRAM)
    return http, media, stun


class Server(ServerProcess):
    """On 127.0.0.1, free ports, one worker, recordings in the workdir."""

    def start(self, deadline: float) -> str:
        http, media, stun = free_ports()
        self.http_port = http
        command = [self.binary, "serve", "--bind", "127.0.0.1", "--http-port", str(http),
                   "--media-port", str(media), "--stun-port", str(stun), "--workers", "1",
                   "--record-dir", os.path.join(self.workdir, "recordings")] + self.extra_args
        self.command = command
        self.launch(command, deadline)
        return f"http://127.0.0.1:{http}"

    def restart(self, deadline: float) -> None:
        """Stops it and starts it again on the same ports (a server that went
        away and came back)."""
        self.stop()
        self.launch(self.command, deadline)
