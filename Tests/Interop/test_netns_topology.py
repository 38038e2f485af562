"""The namespace topology the browser checks build on
(tools/interop/netns_topology.py): a UDP datagram from the client reaches
the server from the client's own address directly, from the router's
behind the NAT, and the reply finds its way back; the namespaces are gone
afterwards."""
import os
import socket
import subprocess

import pytest

from namespace_check import netns_skip_reason
from netns_topology import Topology

SKIP = netns_skip_reason("nft")
PORT = 9999
# Echoes one datagram with the sender's address in front of it.
ECHO = ("import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('{ip}', {port})); "
        "s.settimeout(10); data, peer = s.recvfrom(100); s.sendto(peer[0].encode() + b' ' + data, peer)")


@pytest.mark.timeout(60)
@pytest.mark.skipif(SKIP is not None, reason=SKIP or "")
@pytest.mark.parametrize("nat", [False, True], ids=["direct", "nat"])
def test_client_reaches_server(nat):
    with Topology(nat=nat) as net:
        names = list(net.names.values())
        echo = net.popen("server", ["python3", "-c", ECHO.format(ip=net.server_ip, port=PORT)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            with net.inside("client"):
                client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                client.settimeout(0.5)
                reply = None
                for _ in range(20):  # until the echo is bound
                    client.sendto(b"hello", (net.server_ip, PORT))
                    try:
                        reply, _ = client.recvfrom(100)
                        break
                    except socket.timeout:
                        continue
                client.close()
        finally:
            echo.kill()
            echo.wait(5)
        assert reply == net.client_seen_as.encode() + b" hello"
        if nat:
            assert net.client_ip != net.client_seen_as
            assert net.masqueraded_flows() >= 1
    for name in names:
        assert not os.path.exists(f"/run/netns/{name}")
