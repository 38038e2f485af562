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
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ROOM = "demo-check"
POLL_SECONDS = 0.1
GROWTH_SECONDS = 2.0
STOP_GRACE_SECONDS = 5.0


class CheckFailed(Exception):
    pass


class Timeout(Exception):
    pass


# MARK: ports and server


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports():
    """HTTP (TCP), media and STUN (UDP) ports, all different."""
    http = free_port(socket.SOCK_STREAM)
    media = free_port(socket.SOCK_DGRAM)
    stun = free_port(socket.SOCK_DGRAM)
    while stun == media:
        stun = free_port(socket.SOCK_DGRAM)
    return http, media, stun


class Server:
    """The server under test in its own process group; stderr goes to a log file."""

    def __init__(self, binary: str, workdir: str, extra_args: tuple = ()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.log_path = os.path.join(workdir, "server.log")
        self.process = None
        self.ready_line = None

    def start(self, deadline: float):
        http, media, stun = free_ports()
        self.http_port = http
        command = [self.binary, "serve", "--bind", "127.0.0.1", "--http-port", str(http),
                   "--media-port", str(media), "--stun-port", str(stun), "--workers", "1",
                   "--record-dir", os.path.join(os.path.dirname(self.log_path), "recordings")] + self.extra_args
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        lines = []
        reader = threading.Thread(target=self._read_lines, args=(lines,), daemon=True)
        reader.start()
        while time.monotonic() < deadline:
            ready = [line for line in lines if line.startswith("switchboard ready ")]
            if ready:
                self.ready_line = ready[0]
                return f"http://127.0.0.1:{http}"
            if self.process.poll() is not None:
                raise CheckFailed(f"server exited with {self.process.returncode} before its ready line")
            time.sleep(0.05)
        raise CheckFailed("server printed no ready line in time")

    def _read_lines(self, lines: list):
        # Appends lines as they come (the waiter reads the list); keeps
        # draining stdout afterwards so the server never blocks on it.
        for raw in self.process.stdout:
            lines.append(raw.decode("utf-8", "replace").strip())

    def stop(self):
        """SIGTERM to the group, SIGKILL after a bound. Returns the exit code (None if killed)."""
        if self.process is None:
            return None
        code = None
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                code = self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_GRACE_SECONDS)
        else:
            code = self.process.returncode
        _signal_group(self.process.pid, signal.SIGKILL)  # leftovers of the group, if any
        self.log.close()
        return code

    def log_tail(self, lines: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""


def _signal_group(pid: int, sig: int):
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


# MARK: browsers


class Browser:
    """One headless Chromium under chromedriver, both in a process group of their own."""

    def __init__(self, name: str, workdir: str, extra_flags: tuple = ()):
        self.name = name
        self.extra_flags = list(extra_flags)
        self.profile = tempfile.mkdtemp(prefix=f"chromium-{name}-", dir=workdir)
        self.driver = None
        self.service = None

    def start(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in [
            "--headless=new", "--no-sandbox",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns",
            f"--user-data-dir={self.profile}",
            "--window-size=1280,800", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-domain-reliability",
            *self.extra_flags,
        ]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.service = Service(executable_path=CHROMEDRIVER, popen_kw={"start_new_session": True},
                               log_output=os.path.join(os.path.dirname(self.profile), f"chromedriver-{self.name}.log"))
        self.driver = webdriver.Chrome(service=self.service, options=options)
        self.driver.set_page_load_timeout(15)
        self.driver.set_script_timeout(15)

    def open(self, url: str, deadline: float):
        self.driver.get(url)
        # app.js is a module: wait until it ran and installed the hook.
        while time.monotonic() < deadline:
            if self.driver.execute_script("return document.documentElement.dataset.ready === 'true'"):
                return
            time.sleep(POLL_SECONDS)
        raise CheckFailed(f"{self.name}: the demo page did not load its script")

    def hook(self, expression: str, *args):
        return self.driver.execute_script(f"return {expression}", *args)

    def console(self, lines: int = 15):
        try:
            entries = self.driver.get_log("browser")
        except Exception:  # noqa: BLE001 - diagnostics only
            return []
        return [entry.get("message", "") for entry in entries[-lines:]]

    def stop(self):
        if self.driver is not None:
            # quit() asks chromedriver to close Chromium; bounded by the alarm
            # of the caller, and backed by killing the group below.
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - we kill it anyway
                pass
        process = getattr(self.service, "process", None)
        if process is not None:
            _signal_group(process.pid, signal.SIGKILL)
        _kill_by_profile(self.profile)


def _kill_by_profile(profile: str):
    """Chromium processes that left chromedriver's group: found by our unique profile dir."""
    needle = f"--user-data-dir={profile}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if needle in cmdline.read():
                    os.kill(int(entry), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass


# MARK: the check


def remote_tile(stats, name):
    for tile in stats or []:
        if tile.get("participantName") == name:
            return tile
    return None


def run_check(args, workdir: str, result: dict, cleanup: list):
    # Leave room inside --timeout for stopping the browsers and the server.
    deadline = time.monotonic() + args.timeout - min(2 * STOP_GRACE_SECONDS, args.timeout / 4)
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
    cleanup.append(("server", server))
    base_url = server.start(deadline)
    result["server"] = server.ready_line

    alice, bob = Browser("alice", workdir), Browser("bob", workdir)
    cleanup.append(("browser", alice))
    cleanup.append(("browser", bob))
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
    joined_at["bob"] = time.monotonic()
    bob.hook("(window.switchboardDemo.join(arguments[0], arguments[1], arguments[2])"
             ".catch((e) => { window.__joinError = String(e); }), true)", ROOM, "bob", tokens["bob"])

    pages = {"alice": (alice, "bob"), "bob": (bob, "alice")}
    first_frame_ms = {}
    while len(first_frame_ms) < 2:
        if time.monotonic() > deadline:
            raise CheckFailed(f"no decoded remote video in time (got {sorted(first_frame_ms)}); "
                              f"states: {_states(pages)}")
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

    # Video keeps flowing: framesDecoded grows over GROWTH_SECONDS.
    before = {name: remote_tile(b.hook("window.switchboardDemo.stats()"), other) for name, (b, other) in pages.items()}
    time.sleep(GROWTH_SECONDS)
    after = {name: remote_tile(b.hook("window.switchboardDemo.stats()"), other) for name, (b, other) in pages.items()}
    result["frames_decoded"] = {name: [before[name]["framesDecoded"], after[name]["framesDecoded"]] for name in pages}
    result["audio_packets_received"] = {name: [before[name]["audioPacketsReceived"], after[name]["audioPacketsReceived"]]
                                        for name in pages}
    result["states"] = _states(pages)
    for name, (browser, other) in pages.items():
        state = result["states"][name]
        if other not in state.get("remoteParticipants", []) or other not in state.get("tiles", []):
            raise CheckFailed(f"{name}: {other} missing from the page: {state}")
        grown = after[name]["framesDecoded"] - before[name]["framesDecoded"]
        if grown <= 0:
            raise CheckFailed(f"{name}: framesDecoded did not grow over {GROWTH_SECONDS} s: {result['frames_decoded']}")

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


def _states(pages):
    return {name: browser.hook("window.switchboardDemo.state()") for name, (browser, _) in pages.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--screenshot", default=None, help="PNG path for a screenshot of alice's page")
    parser.add_argument("--timeout", type=float, default=60.0, help="bound on the whole run, in seconds")
    parser.add_argument("--jwt-key", default=None, help="run the server with this auth.jwt_key (tokens required)")
    args = parser.parse_args()

    result = {"ok": False, "join_to_first_frame_ms": None, "frames_decoded": None, "screenshot": None}
    workdir = tempfile.mkdtemp(prefix="switchboard-demo-check-")
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
        # Cleanup gets its own bound: the main alarm may be what brought us here.
        signal.alarm(int(3 * STOP_GRACE_SECONDS) + 10)
        try:
            for kind, item in reversed(cleanup):
                if kind == "browser":
                    if not result["ok"] and item.driver is not None:
                        result.setdefault("console", {})[item.name] = item.console()
                    item.stop()
            for kind, item in cleanup:
                if kind == "server":
                    code = item.stop()
                    result["server_exit"] = code
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
