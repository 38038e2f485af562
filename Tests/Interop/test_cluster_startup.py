"""A cluster node that cannot start (a port it needs is taken) says why on
stderr and exits non-zero at once, as a single node does: it does not stay
up half-started with its heartbeat keeping it live in the cluster."""
from __future__ import annotations

import socket
import subprocess

import pytest

from cluster_support import CLUSTER_TIMINGS
from conftest import binary_path, free_port, free_ports

EXIT_WITHIN = 10.0


def start_with_taken_port(tmp_path, database_url: str | None, taken: str) -> tuple[int, str]:
    """Starts a node whose `taken` port ("media" over UDP, or "http") is
    already bound; returns its exit code and stderr."""
    http_port, media_port, stun_port = free_ports()
    kind = socket.SOCK_DGRAM if taken == "media" else socket.SOCK_STREAM
    blocker = socket.socket(socket.AF_INET, kind)
    blocker.bind(("127.0.0.1", media_port if taken == "media" else http_port))
    if kind == socket.SOCK_STREAM:
        blocker.listen()
    config = tmp_path / "node.yaml"
    config.write_text("" if database_url is None else
                      f"cluster:\n  database_url: {database_url}\n  node_id: blocked\n" + CLUSTER_TIMINGS)
    args = [str(binary_path()), "serve", "--config", str(config), "--bind", "127.0.0.1",
            "--http-port", str(http_port), "--media-port", str(media_port), "--stun-port", str(stun_port),
            "--workers", "1", "--turn-tcp-port", str(free_port(socket.SOCK_STREAM)),
            "--turn-tls-port", str(free_port(socket.SOCK_STREAM))]
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, stderr = process.communicate(timeout=EXIT_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"still running {EXIT_WITHIN} s after a failed start\n{stderr.decode(errors='replace')[-2000:]}")
    finally:
        blocker.close()
    return process.returncode, stderr.decode("utf-8", "replace")


# The error line names the part that failed, then the system's reason.
PART = {"media": "cannot start the media port", "http": "cannot start the HTTP port"}


@pytest.mark.parametrize("taken", ["media", "http"])
def test_cluster_node_with_a_taken_port_exits_non_zero(postgres, tmp_path, taken):
    code, stderr = start_with_taken_port(tmp_path, postgres.url, taken)
    assert code != 0, stderr[-2000:]
    assert PART[taken] in stderr and "Address already in use" in stderr, stderr[-2000:]


@pytest.mark.parametrize("taken", ["media", "http"])
def test_single_node_with_a_taken_port_exits_non_zero(tmp_path, taken):
    code, stderr = start_with_taken_port(tmp_path, None, taken)
    assert code != 0, stderr[-2000:]
    assert PART[taken] in stderr and "Address already in use" in stderr, stderr[-2000:]
