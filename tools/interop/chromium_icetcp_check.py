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
import argparse
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_demo_check import (  # noqa: E402 - the sibling module
    STOP_GRACE_SECONDS, Browser, CheckFailed, Server, Timeout, _kill_by_profile, _signal_group, remote_tile)

ROOM = "icetcp-check"
POLL_SECONDS = 0.1
GROWTH_SECONDS = 2.0


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
    deadline = time.monotonic() + args.timeout - min(2 * STOP_GRACE_SECONDS, args.timeout / 4)
    if args.block_udp and not udp_is_blocked():
        raise CheckFailed("UDP is not blocked in this namespace (no nftables rule?)")
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server))
    base_url = server.start(deadline)
    result["server"] = server.ready_line

    pages = {"alice": (Browser("alice", workdir), "bob"), "bob": (Browser("bob", workdir), "alice")}
    for browser, _ in pages.values():
        cleanup.append(("browser", browser))
        browser.start()
        browser.open(base_url + "/", deadline)

    joined_at = {}
    for name, (browser, _) in pages.items():
        joined_at[name] = time.monotonic()
        browser.hook("(window.switchboardDemo.join(arguments[0], arguments[1])"
                     ".catch((e) => { window.__joinError = String(e); }), true)", ROOM, name)

    first_frame_ms = {}
    while len(first_frame_ms) < len(pages):
        if time.monotonic() > deadline:
            states = {name: browser.hook("window.switchboardDemo.state()") for name, (browser, _) in pages.items()}
            raise CheckFailed(f"no decoded remote video in time (got {sorted(first_frame_ms)}); states: {states}")
        for name, (browser, other) in pages.items():
            if name in first_frame_ms:
                continue
            error = browser.hook("window.__joinError || null")
            if error:
                raise CheckFailed(f"{name}: join failed: {error}")
            tile = remote_tile(browser.hook("window.switchboardDemo.stats()"), other)
            if tile and tile.get("framesDecoded", 0) > 0:
                first_frame_ms[name] = round((time.monotonic() - joined_at[name]) * 1000)
        time.sleep(POLL_SECONDS)
    result["join_to_first_frame_ms"] = first_frame_ms

    before = {name: remote_tile(b.hook("window.switchboardDemo.stats()"), o) for name, (b, o) in pages.items()}
    time.sleep(GROWTH_SECONDS)
    after = {name: remote_tile(b.hook("window.switchboardDemo.stats()"), o) for name, (b, o) in pages.items()}
    result["frames_decoded"] = {name: [before[name]["framesDecoded"], after[name]["framesDecoded"]] for name in pages}
    for name in pages:
        if after[name]["framesDecoded"] <= before[name]["framesDecoded"]:
            raise CheckFailed(f"{name}: framesDecoded did not grow: {result['frames_decoded']}")

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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=60.0, help="bound on the whole run, in seconds")
    parser.add_argument("--block-udp", action="store_true", help="require UDP blocked and ICE-TCP selected")
    args = parser.parse_args()

    result = {"ok": False, "join_to_first_frame_ms": None, "frames_decoded": None, "paths": None}
    workdir = tempfile.mkdtemp(prefix="switchboard-icetcp-check-")
    cleanup = []

    def on_alarm(signum, frame):
        raise Timeout(f"the check exceeded --timeout {args.timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(args.timeout)))
    try:
        run_check(args, workdir, result, cleanup)
    except (CheckFailed, Timeout) as error:
        result["error"] = str(error)
    except Exception as error:  # noqa: BLE001 - reported as the check's failure
        result["error"] = f"{type(error).__name__}: {error}"
    finally:
        signal.alarm(int(3 * STOP_GRACE_SECONDS) + 10)
        try:
            for kind, item in reversed(cleanup):
                if kind == "browser":
                    if not result["ok"] and item.driver is not None:
                        result.setdefault("console", {})[item.name] = item.console()
                    item.stop()
            for kind, item in cleanup:
                if kind == "server":
                    result["server_exit"] = item.stop()
                    if not result["ok"]:
                        result["server_log_tail"] = item.log_tail()
        except Timeout:
            for kind, item in cleanup:
                if kind == "server" and item.process is not None:
                    _signal_group(item.process.pid, signal.SIGKILL)
                elif kind == "browser":
                    process = getattr(item.service, "process", None)
                    if process is not None:
                        _signal_group(process.pid, signal.SIGKILL)
                    _kill_by_profile(item.profile)
        finally:
            signal.alarm(0)
            shutil.rmtree(workdir, ignore_errors=True)

    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
