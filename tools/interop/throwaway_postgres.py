"""A throwaway PostgreSQL 15 (Debian's) for the cluster tests and benches:
initdb and pg_ctl in a temporary directory, on 127.0.0.1 only, as the
postgres user when run as root (initdb refuses root)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from server_process import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PostgresFailed(Exception):
    pass


class Postgres:
    """initdb + pg_ctl in a temporary directory, on 127.0.0.1 only, as a
    non-root user (initdb refuses root)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="sb-pg-"))
        self.data = self.dir / "data"
        self.port = free_port(socket.SOCK_STREAM)
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.dir, self.user)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = list(args)
        if self.user:
            command = ["runuser", "-u", self.user, "--"] + command
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.dir)

    def init(self) -> None:
        result = self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        if result.returncode != 0:
            raise PostgresFailed(result.stderr)

    def start(self) -> None:
        options = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        result = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                           "-w", "-t", "30", "start")
        if result.returncode != 0:
            raise PostgresFailed(result.stderr + result.stdout)

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "20", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
