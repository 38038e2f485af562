"""Relays between nodes over TLS (docs/cascade.md): a node whose
`cluster.advertise_url` is https:// (behind a TLS proxy, here a small one
in the test, with a certificate of a throwaway CA) is reached by the other
nodes' relays over wss, trusting `cluster.relay_ca_file`; media crosses as
before. A node that does not trust that CA pulls nothing from it."""
from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess

from switchboard_client import joined_client
from test_cluster_cascade import CASCADE, frames_named


def make_ca_and_certificate(directory) -> tuple[str, str, str]:
    """(CA pem, server certificate pem, server key pem): a throwaway CA
    and a certificate for localhost it signs (a TLS client sends a host
    name, never an address, as SNI)."""
    ca_key, ca_pem = directory / "ca.key", directory / "ca.pem"
    key, csr, pem = directory / "node.key", directory / "node.csr", directory / "node.pem"
    ext = directory / "san.ext"
    ext.write_text("subjectAltName=DNS:localhost\n")
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)  # noqa: E731
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=cascade test CA", "-keyout", str(ca_key), "-out", str(ca_pem))
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
        "-keyout", str(key), "-out", str(csr))
    run("x509", "-req", "-in", str(csr), "-CA", str(ca_pem), "-CAkey", str(ca_key), "-CAcreateserial", "-days", "1",
        "-extfile", str(ext), "-out", str(pem))
    return str(ca_pem), str(pem), str(key)


class TLSProxy:
    """Terminates TLS on `port` and forwards each connection to the node's
    plain HTTP port, counting the handshakes that completed."""

    def __init__(self, port: int, target: int, certificate: str, key: str):
        self.port, self.target, self.handshakes = port, target, 0
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(certificate, key)
        self.server = None

    async def start(self):
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, ssl=self.context)

    async def _serve(self, reader, writer):
        self.handshakes += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return

        async def pipe(source, sink):
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError, ssl.SSLError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def stop(self):
        if self.server:
            self.server.close()
            await self.server.wait_closed()


def free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_relays_reach_an_https_node_over_wss(start_node, run, tmp_path):
    ca, certificate, key = make_ca_and_certificate(tmp_path)
    proxy_port = free_tcp_port()
    b = start_node("b", extra=CASCADE + f"  advertise_url: https://localhost:{proxy_port}\n")
    a = start_node("a", extra=CASCADE + f"  relay_ca_file: {ca}\n")
    c = start_node("c", extra=CASCADE)  # trusts only the system's roots

    async def scenario():
        proxy = TLSProxy(proxy_port, b.http_port, certificate, key)
        await proxy.start()
        clients = []
        try:
            bea = await joined_client(b.ws_url, "secure", "bea", publish=True)
            clients.append(bea)
            for node, name in ((a, "al"), (c, "cy")):
                client = await joined_client(node.ws_url, "secure", name)
                clients.append(client)
            al, cy = clients[1], clients[2]
            await al.wait_for(lambda: frames_named(al, "bea", "video") >= 10, 30, "bea's video at al over wss")
            assert proxy.handshakes >= 1
            # c's relay to b cannot verify b's certificate: nothing of b reaches cy.
            await asyncio.sleep(3)
            assert frames_named(cy, "bea", "video") == 0, cy.names
        finally:
            await asyncio.gather(*(client.leave() for client in clients), return_exceptions=True)
            await proxy.stop()

    run(scenario(), timeout=90)
    for node in (a, b, c):
        node.assert_running()
