"""A cascade relay that ends by itself while its far node is live with
members (here: its signaling connection cut by a TCP proxy in front of the
far node) is opened again at once, with backoff, not at the next
heartbeat; /metrics counts the reopening and media flows again."""
from __future__ import annotations

import socket
import threading
import time

from switchboard_client import joined_client
from test_cluster_cascade import CASCADE, frames_named, relay_of

# Heartbeats far apart: a relay back within REOPEN_WITHIN was reopened by
# itself, not by a heartbeat's decision.
SLOW_TIMINGS = "  heartbeat_interval: 10s\n  stale_after: 30s\n  query_timeout: 1s\n  claim_grace: 5s\n"
REOPEN_WITHIN = 2.0


class CuttableProxy:
    """Forwards TCP connections on its own port to `target_port`;
    `cut()` closes every connection open through it."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.target_port = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for end in sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self) -> None:
        self.listener.close()
        self.cut()


def test_a_relay_cut_off_is_reopened_at_once(postgres, start_server, tmp_path, run):
    proxy = CuttableProxy()
    try:
        def node(name: str, extra: str = ""):
            config = tmp_path / f"{name}.yaml"
            config.write_text(f"cluster:\n  database_url: {postgres.url}\n  node_id: {name}\n"
                              + SLOW_TIMINGS + CASCADE + extra)
            return start_server(config=str(config))

        # b reaches a only through the proxy: a advertises the proxy's port.
        a = node("a", f"  advertise_url: http://127.0.0.1:{proxy.port}\n")
        proxy.target_port = a.http_port
        b = node("b")

        async def scenario():
            alice = await joined_client(a.ws_url, "standup", "alice", publish=True)
            bob = await joined_client(b.ws_url, "standup", "bob")
            await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= 10, 30, "alice's video at bob")
            assert relay_of(a, "standup", "b", "out"), "no relay serving a's tracks to b"
            assert b.metric("switchboard_cluster_relays_reopened_total") == 0

            proxy.cut()
            cut_at = time.monotonic()
            await bob.wait_for(lambda: not relay_of(a, "standup", "b", "out"), 5, "the cut relay leaving a")
            await bob.wait_for(lambda: relay_of(a, "standup", "b", "out"), REOPEN_WITHIN,
                               f"the relay back within {REOPEN_WITHIN} s")
            assert time.monotonic() - cut_at < REOPEN_WITHIN + 0.5
            assert b.metric("switchboard_cluster_relays_reopened_total") >= 1
            # Media crosses again: alice's frames keep arriving at bob.
            before = frames_named(bob, "alice", "video")
            await bob.wait_for(lambda: frames_named(bob, "alice", "video") >= before + 10, 15,
                               "alice's video at bob after the reopening")
            await alice.leave()
            await bob.leave()

        run(scenario(), timeout=90)
    finally:
        proxy.close()
