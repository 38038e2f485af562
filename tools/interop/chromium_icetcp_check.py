#!/usr/bin/env python3
"""Two headless Chromium pages meet in a room through the demo page and must
decode each other's video; with --block-udp every UDP packet is dropped
first, so the only way in is ICE-TCP (RFC 6544) to the server's passive
TCP candidate.

Run it inside a network namespace of its own, as the pytest wrapper
Tests/Interop/test_icetcp_chromium.py does; with --block-udp the namespace
also needs an nftables rule dropping UDP on output:

    unshare --net -- bash -c 'ip link set lo up && nft add table inet f && \
        nft add chain inet f out "{ type filter hook output priority 0 ; }" && \
        nft add rule inet f out meta l4proto udp drop && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_icetcp_check.py \
        --server-binary .build/debug/switchboard --block-udp

What it does: checks that UDP is really blocked (when asked), starts the
server (TURN left on, so Chromium could fall back to TURN over TCP: the
check proves ICE-TCP is chosen over it), joins both pages through the
page's test hook, times join to first decoded remote frame, checks that
framesDecoded grows over 2 s, reads the selected candidate pair of both
peer connections of both pages (getStats), and the server's
switchboard_ice_tcp_* series.

Prints one JSON line: {"ok", "join_to_first_frame_ms", "frames_decoded",
"paths", "ice_tcp_metrics", "error"?} and exits 0 when ok, 1 otherwise.
Only 127.0.0.1 is contacted.
"""
import os
import socket
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bounded_check import CheckFailed, parser, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from demo_pages import frames_over, start_join, wait_first_frames  # noqa: E402
from server_process import Server  # noqa: E402

ROOM = "icetcp-check"
GROWTH_SECONDS = 2.0
STOP_SECONDS = 15  # left inside --timeout for stopping the browsers and the server


def udp_is_blocked() -> bool:
    """An nftables drop on output makes sendto fail with EPERM."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.sendto(b"probe", ("127.0.0.1", 9))
        except PermissionError:
            return True
    return False


def ice_tcp_metrics(base_url: str) -> dict:
    with urllib.request.urlopen(base_url + "/metrics", timeout=5) as response:
        body = response.read().decode("utf-8", "replace")
    samples = {}
    for line in body.splitlines():
        if line.startswith("switchboard_ice_tcp_"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


def run_check(args, workdir: str, result: dict, cleanup: list):
    deadline = time.monotonic() + args.timeout - min(STOP_SECONDS, args.timeout / 4)
    if args.block_udp and not udp_is_blocked():
        raise CheckFailed("UDP is not blocked in this namespace (no nftables rule?)")
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = server.start(deadline)
    result["server"] = server.ready_line

    pages = {"alice": (Browser("alice", workdir), "bob"), "bob": (Browser("bob", workdir), "alice")}
    for browser, _ in pages.values():
        cleanup.append((browser.name, browser.stop, browser.console))
        browser.start()
        browser.open(base_url + "/", deadline)

    joined_at = {name: start_join(browser, ROOM, name) for name, (browser, _) in pages.items()}
    result["join_to_first_frame_ms"] = wait_first_frames(pages, joined_at, deadline)
    result["frames_decoded"] = frames_over(pages, GROWTH_SECONDS)

    result["paths"] = {name: browser.hook("window.switchboardDemo.transports()") for name, (browser, _) in pages.items()}
    result["ice_tcp_metrics"] = ice_tcp_metrics(base_url)
    want = "tcp" if args.block_udp else "udp"
    for name, paths in result["paths"].items():
        for pc in ("publish", "subscribe"):
            path = paths.get(pc)
            if not path or not path.get("local") or not path.get("remote"):
                raise CheckFailed(f"{name}: no selected candidate pair on the {pc} PC: {paths}")
            if path["local"]["protocol"] != want or path["remote"]["protocol"] != want:
                raise CheckFailed(f"{name}: the {pc} PC selected a {path['local']['protocol']} pair, not {want}")
            # An active TCP candidate's port is the connection's own, so
            # Chromium reports it as peer-reflexive; only relay means TURN.
            if path["local"]["candidateType"] == "relay" or path["remote"]["candidateType"] != "host":
                raise CheckFailed(f"{name}: the {pc} PC selected a relayed or non-host pair: {path}")
            if args.block_udp and path["remote"]["tcpType"] != "passive":
                raise CheckFailed(f"{name}: the server's candidate in the {pc} pair is not tcptype passive: {path}")
    if args.block_udp:
        bound = result["ice_tcp_metrics"].get("switchboard_ice_tcp_bound_total", 0)
        if bound < 2 * len(pages):
            raise CheckFailed(f"the server bound {bound} ICE-TCP connections, expected at least {2 * len(pages)}")
    result["ok"] = True


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0], timeout=60.0)
    arguments.add_argument("--block-udp", action="store_true", help="require UDP blocked and ICE-TCP selected")
    return run(arguments.parse_args(), run_check, "switchboard-icetcp-check-")


if __name__ == "__main__":
    sys.exit(main())
