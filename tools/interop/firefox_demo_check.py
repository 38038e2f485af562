#!/usr/bin/env python3
"""Headless Firefox ESR and headless Chromium meet in a room through the
bundled demo page and must decode each other's video, across network
namespaces: Firefox gathers no host candidate where loopback is the only
interface, so the server and the browsers each get a namespace joined by
a veth pair (tools/interop/netns_topology.py); with --nat the browsers sit
behind a router namespace that masquerades them (nftables), and the
ICE-lite server learns their translated address from the checks.

    .venv/bin/python tools/interop/firefox_demo_check.py \
        --server-binary .build/debug/switchboard [--nat]

What it does:
  1. creates the namespaces (unique names; always deleted at the end);
  2. starts the server in the server namespace, bound to its veth address
     (with --nat without STUN: the browsers' only candidates are host ones,
     and the server answers the translated address their checks come from);
  3. moves itself into the client namespace and starts Firefox (Marionette,
     tools/interop/firefox_marionette.py) and Chromium (selenium), both
     opening the demo page at the server's address;
  4. both join through the page's hook; polls stats() until each decodes
     the other's video (join-to-first-frame per browser), then checks that
     framesDecoded grows over 2 s on both; records each browser's selected
     candidate pair and, with --nat, that the router translated flows;
     each page then sends a line in the chat box (a data channel) and must
     show the other's (Firefox's SCTP and Chromium's against the server's);
  5. saves a screenshot of Firefox's page (--screenshot), stops the browsers, the server, and deletes the namespaces.

Prints one JSON line ({"ok", "join_to_first_frame_ms", "frames_decoded",
"chat_heard_ms", "transports", "nat", "masqueraded_flows"?, "error"?}) and exits 0 when ok.
Run as root; nothing leaves the namespaces it creates.
"""
import os
import sys

from chromium_browser import Browser
from demo_pages import exchange_chat, frames_over, start_join, transports, wait_first_frames
from firefox_marionette import Firefox
from namespaced_server import NamespacedServer
from bounded_check import CheckFailed, parser, run
from netns_topology import Topology

ROOM = "firefox-check"
GROWTH_SECONDS = 2.0


def check(args, workdir: str, result: dict, cleanup: list):
    import time

    deadline = time.monotonic() + args.timeout - 15  # room for stopping everything
    topology = Topology(nat=args.nat, tag=args.tag)
    cleanup.append(("namespaces", topology.destroy, None))
    topology.create()
    result["nat"] = args.nat

    # Behind the NAT the server runs without STUN (and TURN): the browsers
    # then know only their host address, and the ICE-lite server must learn
    # the translated one from their connectivity checks.
    server = NamespacedServer(topology, args.server_binary, workdir, ("--stun-port", "0") if args.nat else ())
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = server.start(deadline)
    result["server"] = server.ready_line

    # From here on this thread and everything it starts are in the client
    # namespace: the browsers, chromedriver, and the connections to both.
    topology.enter("client")
    firefox = Firefox("firefox", workdir)
    cleanup.append(("firefox", firefox.stop, firefox.log_tail))
    # A plain-http page on a veth address is not a secure origin: Chromium
    # needs to be told, or getUserMedia is missing.
    chromium = Browser("chromium", workdir, extra_flags=(f"--unsafely-treat-insecure-origin-as-secure={base_url}",))
    cleanup.append(("chromium", chromium.stop, chromium.console))
    firefox.start(deadline)
    chromium.start()
    firefox.open(base_url + "/", deadline)
    chromium.open(base_url + "/", deadline)

    joined_at = {"firefox": start_join(firefox, ROOM, "firefox"), "chromium": start_join(chromium, ROOM, "chromium")}
    pages = {"firefox": (firefox, "chromium"), "chromium": (chromium, "firefox")}
    result["join_to_first_frame_ms"] = wait_first_frames(pages, joined_at, deadline)
    result["frames_decoded"] = frames_over(pages, GROWTH_SECONDS)
    # The demo's chat: Firefox's SCTP and Chromium's against the server's,
    # on both PCs of each (its channel on the publish PC, the other's on
    # the subscribe PC).
    result["chat_heard_ms"] = exchange_chat(pages, deadline)
    result["transports"] = {name: transports(page) for name, (page, _) in pages.items()}
    if args.screenshot:
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        firefox.screenshot(args.screenshot)
        result["screenshot"] = os.path.abspath(args.screenshot)

    # The local end of each selected pair: the host address, or behind the
    # NAT the translated one, which the browser learns (peer-reflexive) from
    # the XOR-MAPPED-ADDRESS of the server's check responses.
    expected = {("host", topology.client_ip)}
    if args.nat:
        expected.add(("prflx", topology.client_seen_as))
    for name, pairs in result["transports"].items():
        for pc in ("publish", "subscribe"):
            local = (pairs.get(pc) or {}).get("local") or {}
            if (local.get("candidateType"), local.get("address")) not in expected:
                raise CheckFailed(f"{name}'s {pc} PC sends from {local}, expected one of {sorted(expected)}")
    if args.nat:
        result["masqueraded_flows"] = topology.masqueraded_flows()
        if result["masqueraded_flows"] < 1:
            raise CheckFailed("the router translated nothing: the browsers did not go through the NAT")
    result["ok"] = True


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0])
    arguments.add_argument("--nat", action="store_true", help="put the browsers behind a masquerading router")
    arguments.add_argument("--screenshot", default=None, help="PNG path for a screenshot of Firefox's page")
    return run(arguments.parse_args(), check)


if __name__ == "__main__":
    sys.exit(main())
