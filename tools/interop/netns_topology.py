"""Test networks made of network namespaces: a server and a client joined by
a veth pair, or, with `nat=True`, through a router namespace that
masquerades the client (nftables), so the server sees the router's address.

    with Topology(nat=True) as net:
        server = net.popen("server", ["switchboard", "serve", "--bind", net.server_ip, ...])
        with net.inside("client"):   # this thread's sockets and children
            ...                      # run in the client namespace

Private addresses only, no default route anywhere: nothing can leave the
namespaces. Each run gets unique namespace names (`sb<role>-<tag>`), and
destroy() (also on exit of the `with`) deletes them; remove_leftovers(tag)
sweeps what a killed run left. Needs root, iproute2 and, for the NAT,
nftables.
"""
from __future__ import annotations

import ctypes
import os
import re
import secrets
import subprocess
from contextlib import contextmanager

CLONE_NEWNET = 0x40000000
ROLES = ("server", "client", "router")
COMMAND_TIMEOUT = 15

# Server side and client side subnets. The client side is only reachable
# from the server through the router's masquerade.
SERVER_NET = "10.231.1"
CLIENT_NET = "10.231.2"

_libc = ctypes.CDLL(None, use_errno=True)


def new_tag() -> str:
    return secrets.token_hex(4)


def namespace_name(role: str, tag: str) -> str:
    return f"sb{role[:3]}-{tag}"


def remove_leftovers(tag: str):
    """Deletes the namespaces of run `tag` that still exist (a killed run)."""
    for role in ROLES:
        name = namespace_name(role, tag)
        if os.path.exists(f"/run/netns/{name}"):
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=COMMAND_TIMEOUT)


def _ip(*args: str):
    completed = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {completed.stderr.strip()}")


def _setns(path: str):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns({path}): {os.strerror(errno)}")
    finally:
        os.close(fd)


class Topology:
    """server <-> client directly, or server <-> router(NAT) <-> client."""

    def __init__(self, nat: bool = False, tag: str | None = None):
        self.nat = nat
        self.tag = tag or new_tag()
        self.names = {role: namespace_name(role, self.tag) for role in ROLES if nat or role != "router"}
        self.server_ip = f"{SERVER_NET}.1"
        self.client_ip = f"{CLIENT_NET}.2" if nat else f"{SERVER_NET}.2"
        # The address the server sees the client's packets come from.
        self.client_seen_as = f"{SERVER_NET}.2"
        self.created = []

    # MARK: setup and teardown

    def create(self) -> "Topology":
        try:
            for role, name in self.names.items():
                _ip("netns", "add", name)
                self.created.append(name)
                self.exec(role, ["ip", "link", "set", "lo", "up"])
                # IPv4 only: no link-local IPv6 candidates to reason about.
                for scope in ("all", "default"):
                    self.exec(role, ["sysctl", "-q", "-w", f"net.ipv6.conf.{scope}.disable_ipv6=1"])
            server, client = self.names["server"], self.names["client"]
            if not self.nat:
                self._link(server, "eth0", f"{self.server_ip}/24", client, "eth0", f"{self.client_ip}/24")
                return self
            router = self.names["router"]
            self._link(server, "eth0", f"{self.server_ip}/24", router, "wan0", f"{self.client_seen_as}/24")
            self._link(client, "eth0", f"{self.client_ip}/24", router, "lan0", f"{CLIENT_NET}.1/24")
            # Only the server's subnet is routed, and only from the client.
            self.exec("client", ["ip", "route", "add", f"{SERVER_NET}.0/24", "via", f"{CLIENT_NET}.1"])
            self.exec("router", ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
            self.nft("router", "add table ip nat",
                     "add chain ip nat post { type nat hook postrouting priority 100 ; }",
                     "add rule ip nat post oifname wan0 counter masquerade")
            return self
        except Exception:
            self.destroy()
            raise

    def _link(self, ns_a: str, if_a: str, address_a: str, ns_b: str, if_b: str, address_b: str):
        _ip("link", "add", "name", if_a, "netns", ns_a, "type", "veth", "peer", "name", if_b, "netns", ns_b)
        for ns, interface, address in ((ns_a, if_a, address_a), (ns_b, if_b, address_b)):
            _ip("-n", ns, "addr", "add", address, "dev", interface)
            _ip("-n", ns, "link", "set", interface, "up")

    def destroy(self):
        """Deletes the namespaces; their veths go with them."""
        for name in reversed(self.created):
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=COMMAND_TIMEOUT)
        self.created = []

    def __enter__(self) -> "Topology":
        return self.create()

    def __exit__(self, *exc_info):
        self.destroy()

    # MARK: running things inside

    def command(self, role: str, argv: list) -> list:
        return ["ip", "netns", "exec", self.names[role], *argv]

    def exec(self, role: str, argv: list, input: str | None = None) -> str:
        completed = subprocess.run(self.command(role, argv), capture_output=True, text=True,
                                   timeout=COMMAND_TIMEOUT, input=input,
                                   stdin=None if input is not None else subprocess.DEVNULL)
        if completed.returncode != 0:
            raise RuntimeError(f"{role}: {' '.join(argv)}: {completed.stderr.strip()}")
        return completed.stdout

    def popen(self, role: str, argv: list, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(self.command(role, argv), **kwargs)

    def nft(self, role: str, *commands: str):
        """nftables commands (one per string) in the namespace of `role`."""
        self.exec(role, ["nft", "-f", "-"], input="\n".join(commands) + "\n")

    def masqueraded_flows(self) -> int:
        """Connections (UDP flows included) the router translated: the nat
        chain sees the first packet of each."""
        listing = self.exec("router", ["nft", "list", "chain", "ip", "nat", "post"])
        match = re.search(r"counter packets (\d+)", listing)
        return int(match.group(1)) if match else 0

    def enter(self, role: str):
        """Moves the calling thread (and what it starts later) into `role`'s namespace."""
        _setns(f"/run/netns/{self.names[role]}")

    @contextmanager
    def inside(self, role: str):
        """The calling thread in `role`'s namespace for the block, then back."""
        own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        try:
            self.enter(role)
            yield self
        finally:
            try:
                if _libc.setns(own, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns back to the original namespace")
            finally:
                os.close(own)
