#!/usr/bin/env python3
"""Two headless Chromium pages of the bundled demo page decode each other's
video, either straight over UDP (--mode udp) or only through the server's
embedded TURN over TLS (--mode turns): the pages are opened with
`?relay=1` (iceTransportPolicy "relay") and a firewall in the browsers'
namespace drops every UDP packet and TCP to the plain TURN port, leaving
HTTP and TURN/TLS (5349). The server makes a self-signed certificate for
TLS, which Chromium accepts with --ignore-certificate-errors.

    .venv/bin/python tools/interop/chromium_turn_tls_check.py \
        --server-binary .build/debug/switchboard --mode turns

The server runs in a namespace of its own, bound to a veth address, and
the browsers in another (tools/interop/netns_topology.py): a TURN relay
then reaches the server's media address without loopback exceptions.
Both pages join; the check waits until each decodes the other
(join-to-first-frame per page), checks that framesDecoded grows over 2 s,
and, with --mode turns, that every PC's selected local candidate is
`relay` with relayProtocol `tls` (getStats, through the page's
transports() hook).

Prints one JSON line ({"ok", "mode", "join_to_first_frame_ms",
"frames_decoded", "transports", "error"?}) and exits 0 when ok. Run as
root; nothing leaves the namespaces it creates.
"""
import sys
import time

from chromium_browser import Browser
from demo_pages import frames_over, start_join, transports, wait_first_frames
from namespaced_server import HTTP_PORT, NamespacedServer
from bounded_check import CheckFailed, parser, run
from netns_topology import Topology

ROOM = "turn-tls-check"
GROWTH_SECONDS = 2.0
TURN_TLS_PORT = 5349


def firewall(topology: Topology):
    """In the browsers' namespace: no UDP at all, TCP only to HTTP and TURN/TLS."""
    topology.nft("client", "add table inet wall",
                 "add chain inet wall out { type filter hook output priority 0 ; }",
                 "add rule inet wall out oifname lo accept",
                 "add rule inet wall out meta l4proto udp counter drop",
                 f"add rule inet wall out tcp dport != {{ {HTTP_PORT}, {TURN_TLS_PORT} }} counter reject with tcp reset")


def check(args, workdir: str, result: dict, cleanup: list):
    deadline = time.monotonic() + args.timeout - 15  # room for stopping everything
    relayed = args.mode == "turns"
    result["mode"] = args.mode
    topology = Topology(tag=args.tag)
    cleanup.append(("namespaces", topology.destroy, None))
    topology.create()

    server = NamespacedServer(topology, args.server_binary, workdir, ("--turn-tls-port", str(TURN_TLS_PORT)))
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = server.start(deadline)
    result["server"] = server.ready_line
    if relayed:
        firewall(topology)

    # This thread, chromedriver and Chromium all live in the client namespace.
    topology.enter("client")
    flags = (f"--unsafely-treat-insecure-origin-as-secure={base_url}",
             *(("--ignore-certificate-errors",) if relayed else ()))
    pages = {}
    for name, other in (("alice", "bob"), ("bob", "alice")):
        browser = Browser(name, workdir, extra_flags=flags)
        cleanup.append((name, browser.stop, browser.console))
        browser.start()
        browser.open(base_url + ("/?relay=1" if relayed else "/"), deadline)
        pages[name] = (browser, other)

    joined_at = {name: start_join(page, ROOM, name) for name, (page, _) in pages.items()}
    result["join_to_first_frame_ms"] = wait_first_frames(pages, joined_at, deadline)
    result["frames_decoded"] = frames_over(pages, GROWTH_SECONDS)
    result["transports"] = {name: transports(page) for name, (page, _) in pages.items()}

    for name, pairs in result["transports"].items():
        for pc in ("publish", "subscribe"):
            local = (pairs.get(pc) or {}).get("local") or {}
            found = (local.get("candidateType"), local.get("relayProtocol"))
            wanted = ("relay", "tls") if relayed else ("host", None)
            if found != wanted:
                raise CheckFailed(f"{name}'s {pc} PC uses {local}, not a {wanted} candidate")
    result["ok"] = True


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0])
    arguments.add_argument("--mode", choices=["udp", "turns"], default="turns",
                           help="udp: direct; turns: only through TURN over TLS")
    return run(arguments.parse_args(), check)


if __name__ == "__main__":
    sys.exit(main())
