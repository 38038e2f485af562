"""The server under test in the server namespace of a netns_topology
Topology, bound to that namespace's veth address (the address its ICE
candidates and TURN URLs carry), on the default ports: a fresh namespace
has them all free."""
from __future__ import annotations

from server_process import ServerProcess

HTTP_PORT = 8080


class NamespacedServer(ServerProcess):
    def __init__(self, topology, binary: str, workdir: str, extra_args: tuple = ()):
        super().__init__(binary, workdir, extra_args)
        self.topology = topology
        self.base_url = f"http://{topology.server_ip}:{HTTP_PORT}"

    def start(self, deadline: float) -> str:
        """Starts it and waits for its ready line; returns the demo page's URL."""
        command = [self.binary, "serve", "--bind", self.topology.server_ip, "--http-port", str(HTTP_PORT),
                   "--workers", "1", *self.extra_args]
        self.launch(command, deadline, popen=lambda *a, **k: self.topology.popen("server", *a, **k))
        return self.base_url
