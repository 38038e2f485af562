#!/usr/bin/env python3
"""Two headless Chromium pages meet in a room of a Switchboard server through
the bundled demo page, and must see and decode each other's video.

Run it inside a loopback-only network namespace (Chromium otherwise gathers
on every interface), as the pytest wrapper
Tests/Interop/test_demo_chromium.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/chromium_demo_check.py \
        --server-binary .build/debug/switchboard --screenshot /tmp/demo.png

What it does:
  1. picks free ports on 127.0.0.1, starts `<server> serve ...` and waits for
     its ready line;
  2. starts two headless Chromium sessions (selenium + Debian's chromedriver)
     with fake camera and microphone, opens the demo page in both;
  3. "alice" joins by filling in the form and clicking Join, "bob" through
     the page's test hook (window.switchboardDemo.join);
  4. polls the hook's stats() every 100 ms until each page decodes the
     other's video (join-to-first-frame time per page), then checks that
     framesDecoded grows over 2 s on both;
  4b. with --jwt-key the server requires tokens: both pages join with join
     tokens (`switchboard token`), and alice's Record button starts and
     stops the room's recording with an admin token (`token --admin`)
     typed into the form; the REC indicator follows on both pages;
  5. saves a screenshot of alice's page, bob leaves, alice's page must drop
     bob's tile; alice leaves by clicking Leave;
  6. always stops the browsers and the server (SIGTERM, then SIGKILL).

Prints one JSON line: {"ok", "join_to_first_frame_ms": {"alice", "bob"},
"frames_decoded": {...}, "audio_packets_received": {...}, "screenshot",
"error"?...} and exits 0 when ok, 1 otherwise. Only 127.0.0.1 is contacted.
"""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bounded_check import CheckFailed, parser, run  # noqa: E402
from chromium_browser import Browser  # noqa: E402
from demo_pages import frames_over, remote_tile, start_join, states, wait_first_frames  # noqa: E402
from server_process import Server  # noqa: E402

ROOM = "demo-check"
POLL_SECONDS = 0.1
GROWTH_SECONDS = 2.0
STOP_SECONDS = 15  # left inside --timeout for stopping the browsers and the server


def run_check(args, workdir: str, result: dict, cleanup: list):
    # Leave room inside --timeout for stopping the browsers and the server.
    deadline = time.monotonic() + args.timeout - min(STOP_SECONDS, args.timeout / 4)
    extra = ()
    tokens = {"alice": "", "bob": "", "admin": ""}
    if args.jwt_key:
        config = os.path.join(workdir, "keyed.yaml")
        with open(config, "w") as file:
            file.write(f"auth:\n  jwt_key: {args.jwt_key}\n")
        extra = ("--config", config)
        tokens = {name: mint(args.server_binary, config, "--room", ROOM, "--name", name) for name in ("alice", "bob")}
        tokens["admin"] = mint(args.server_binary, config, "--admin", "--room", ROOM)
    server = Server(args.server_binary, workdir, extra)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = server.start(deadline)
    result["server"] = server.ready_line

    alice, bob = Browser("alice", workdir), Browser("bob", workdir)
    cleanup.append(("alice", alice.stop, alice.console))
    cleanup.append(("bob", bob.stop, bob.console))
    alice.start()
    bob.start()
    alice.open(base_url + "/", deadline)
    bob.open(base_url + "/", deadline)

    # alice through the form (proves the UI works), bob through the hook.
    from selenium.webdriver.common.by import By

    alice.driver.find_element(By.ID, "room").send_keys(ROOM)
    alice.driver.find_element(By.ID, "name").send_keys("alice")
    if tokens["alice"]:
        # The token fields sit in a closed <details>: open it to type.
        alice.driver.find_element(By.CSS_SELECTOR, "#join-form details summary").click()
        alice.driver.find_element(By.ID, "token").send_keys(tokens["alice"])
        alice.driver.find_element(By.ID, "admin-token").send_keys(tokens["admin"])
    joined_at = {"alice": time.monotonic()}
    alice.driver.find_element(By.ID, "join-button").click()
    joined_at["bob"] = start_join(bob, ROOM, "bob", token=tokens["bob"])

    pages = {"alice": (alice, "bob"), "bob": (bob, "alice")}
    result["join_to_first_frame_ms"] = wait_first_frames(pages, joined_at, deadline)
    # Video keeps flowing (framesDecoded grows), audio arrives, and each
    # page lists the other as a participant with a tile.
    result["frames_decoded"] = frames_over(pages, GROWTH_SECONDS)
    result["audio_packets_received"] = {name: remote_tile(page.hook("window.switchboardDemo.stats()"), other)
                                        .get("audioPacketsReceived", 0) for name, (page, other) in pages.items()}
    result["states"] = states(pages)
    for name, (browser, other) in pages.items():
        state = result["states"][name]
        if other not in state.get("remoteParticipants", []) or other not in state.get("tiles", []):
            raise CheckFailed(f"{name}: {other} missing from the page: {state}")
        if result["audio_packets_received"][name] <= 0:
            raise CheckFailed(f"{name}: no audio packets from {other}: {result['audio_packets_received']}")

    # alice's Record button starts the recording over HTTP (with the admin
    # token when the server needs one): REC shows on both pages; pressed
    # again, it stops and REC goes.
    if args.jwt_key:
        request = urllib.request.Request(f"{base_url}/rooms/{ROOM}/recording", method="POST", data=b"")
        try:
            urllib.request.urlopen(request, timeout=10)
            raise CheckFailed("the recording route answered a request without a token")
        except urllib.error.HTTPError as error:
            if error.code != 401:
                raise CheckFailed(f"the recording route answered {error.code} without a token, not 401")
    for shown in (True, False):
        alice.driver.find_element(By.ID, "record-button").click()
        for name, (browser, _) in pages.items():
            while browser.hook("document.getElementById('recording-indicator').hidden") == shown:
                if time.monotonic() > deadline:
                    raise CheckFailed(f"{name}: the recording indicator did not {'show' if shown else 'hide'}; "
                                      f"status: {browser.hook('window.switchboardDemo.state().status')}")
                time.sleep(POLL_SECONDS)
    result["recording_indicator"] = True

    if args.screenshot:
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        if not alice.driver.save_screenshot(args.screenshot):
            raise CheckFailed("could not save the screenshot")
        result["screenshot"] = os.path.abspath(args.screenshot)

    # bob leaves through the hook: alice's page must drop his tile.
    left_at = time.monotonic()
    bob.hook("(window.switchboardDemo.leave(), true)")
    while True:
        state = alice.hook("window.switchboardDemo.state()")
        if "bob" not in state.get("tiles", []) and "bob" not in state.get("remoteParticipants", []):
            result["tile_removed_ms"] = round((time.monotonic() - left_at) * 1000)
            break
        if time.monotonic() > deadline:
            raise CheckFailed(f"alice still shows bob after he left: {state}")
        time.sleep(POLL_SECONDS)
    if bob.hook("document.getElementById('join-form').hidden"):
        raise CheckFailed("bob's page did not go back to the join form after leaving")

    # alice leaves by clicking Leave.
    alice.driver.find_element(By.ID, "leave-button").click()
    while alice.hook("window.switchboardDemo.state().signaling") != "closed":
        if time.monotonic() > deadline:
            raise CheckFailed("alice's socket did not close after Leave")
        time.sleep(POLL_SECONDS)
    result["ok"] = True


def mint(binary: str, config: str, *args: str) -> str:
    """A token from `switchboard token` with the server's config."""
    command = [binary, "token", "--config", config, *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def main() -> int:
    arguments = parser(__doc__.split("\n\n")[0], timeout=60.0)
    arguments.add_argument("--screenshot", default=None, help="PNG path for a screenshot of alice's page")
    arguments.add_argument("--jwt-key", default=None, help="run the server with this auth.jwt_key (tokens required)")
    return run(arguments.parse_args(), run_check, "switchboard-demo-check-")


if __name__ == "__main__":
    sys.exit(main())
