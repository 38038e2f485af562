"""The server under test in the server namespace of a netns_topology
Topology, bound to that namespace's veth address (the address its ICE
candidates and TURN URLs carry), on the default ports: a fresh namespace
has them all free."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

HTTP_PORT = 8080
STOP_GRACE_SECONDS = 5.0


class ServerFailed(Exception):
    pass


class NamespacedServer:
    def __init__(self, topology, binary: str, workdir: str, extra_args: tuple = ()):
        self.topology = topology
        self.binary = binary
        self.extra_args = list(extra_args)
        self.log_path = os.path.join(workdir, "server.log")
        self.process = None
        self.ready_line = None
        self.base_url = f"http://{topology.server_ip}:{HTTP_PORT}"

    def start(self, deadline: float) -> str:
        """Starts it and waits for its ready line; returns the demo page's URL."""
        command = [self.binary, "serve", "--bind", self.topology.server_ip, "--http-port", str(HTTP_PORT),
                   "--workers", "1", *self.extra_args]
        self.log = open(self.log_path, "wb")
        self.process = self.topology.popen("server", command, stdout=subprocess.PIPE, stderr=self.log,
                                           stdin=subprocess.DEVNULL, start_new_session=True)
        lines = []
        threading.Thread(target=self._read_lines, args=(lines,), daemon=True).start()
        while time.monotonic() < deadline:
            ready = [line for line in lines if line.startswith("switchboard ready ")]
            if ready:
                self.ready_line = ready[0]
                return self.base_url
            if self.process.poll() is not None:
                raise ServerFailed(f"server exited with {self.process.returncode} before its ready line")
            time.sleep(0.05)
        raise ServerFailed("server printed no ready line in time")

    def _read_lines(self, lines: list):
        # Keeps draining stdout after the ready line so the server never blocks.
        for raw in self.process.stdout:
            lines.append(raw.decode("utf-8", "replace").strip())

    def stop(self):
        """SIGTERM, SIGKILL after a bound. Returns the exit code (None if killed)."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is None:
            self._signal(signal.SIGTERM)
            try:
                code = self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(STOP_GRACE_SECONDS)
        self._signal(signal.SIGKILL)  # leftovers of the group, if any
        self.log.close()
        return code

    def _signal(self, sig: int):
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def log_tail(self, lines: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""
