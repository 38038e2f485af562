"""A throwaway PostgreSQL 15 on 127.0.0.1 and nodes of a Switchboard
cluster using it: the `postgres` and `start_node` fixtures (registered by
conftest.py through `pytest_plugins`) and helpers for the cluster tests."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Short cluster timings keep the test bounded (the defaults are 2 s / 10 s / 3 s).
CLUSTER_TIMINGS = "  heartbeat_interval: 500ms\n  stale_after: 3s\n  query_timeout: 1s\n  claim_grace: 5s\n"


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
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        options = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        result = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                           "-w", "-t", "30", "start")
        assert result.returncode == 0, result.stderr + result.stdout

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "20", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed (apt-get install postgresql; `make test` does it)", pytrace=False)
    database = Postgres()
    try:
        database.init()
        database.start()
        yield database
    finally:
        # Whatever happened: no server is left behind.
        database.stop()
        database.remove()


@pytest.fixture
def start_node(postgres, start_server, tmp_path):
    # postgres first: torn down last, after the nodes stopped with it up.
    """start_node("a") starts a switchboard node of the cluster; `extra`
    adds lines to its `cluster:` section (two-space indented)."""
    def factory(node_id: str, database_url: str | None = None, extra: str = ""):
        config = tmp_path / f"{node_id}.yaml"
        config.write_text("cluster:\n"
                          f"  database_url: {database_url or postgres.url}\n"
                          f"  node_id: {node_id}\n" + CLUSTER_TIMINGS + extra)
        return start_server(config=str(config))
    return factory


def cluster_listing(node) -> dict:
    status, body = node.get("/cluster")
    assert status == 200, body
    return json.loads(body)
