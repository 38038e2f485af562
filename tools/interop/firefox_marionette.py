"""Headless Firefox ESR driven over Marionette, the remote protocol built
into Firefox (no geckodriver): navigate, and run scripts in the page as the
Chromium checks do through selenium.

Marionette listens on 127.0.0.1 of the namespace Firefox runs in: start
Firefox and connect from a thread in that namespace. Frames are
`<length>:<json>`; a command is [0, id, name, params], its answer
[1, id, error, result].
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

FIREFOX = "firefox-esr"
MARIONETTE_PORT = 2828

# A fresh profile: fake camera and microphone without a prompt, autoplay
# allowed, getUserMedia on a plain-http test origin, host candidates as
# addresses (no mDNS names the server cannot resolve), and nothing that
# phones home.
PREFS = {
    "marionette.port": MARIONETTE_PORT,
    "media.navigator.permission.disabled": True,
    "media.navigator.streams.fake": True,
    "media.devices.insecure.enabled": True,
    "media.getusermedia.insecure.enabled": True,
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.update.enabled": False,
    "app.normandy.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False,
    "browser.safebrowsing.update.enabled": False,
}


class MarionetteError(Exception):
    pass


class Firefox:
    """One headless Firefox with a throwaway profile, in a process group of its own."""

    def __init__(self, name: str, workdir: str, prefs: dict | None = None):
        self.name = name
        self.profile = tempfile.mkdtemp(prefix=f"firefox-{name}-", dir=workdir)
        self.prefs = {**PREFS, **(prefs or {})}
        self.process = None
        self.sock = None
        self.next_id = 0
        self.log_path = os.path.join(workdir, f"firefox-{name}.log")

    def start(self, deadline: float):
        with open(os.path.join(self.profile, "user.js"), "w") as file:
            for key, value in self.prefs.items():
                file.write(f"user_pref({json.dumps(key)}, {json.dumps(value)});\n")
        env = dict(os.environ, HOME=self.profile, MOZ_HEADLESS="1")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [FIREFOX, "--headless", "--no-remote", "--marionette", "--profile", self.profile, "about:blank"],
                env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        while self.sock is None:
            try:
                self.sock = socket.create_connection(("127.0.0.1", MARIONETTE_PORT), timeout=2)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise MarionetteError(f"{self.name}: Marionette did not answer (exit {self.process.poll()})")
                time.sleep(0.2)
        self.sock.settimeout(30)
        self._read()  # the hello: {"applicationType": "gecko", "marionetteProtocol": 3}
        self.command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": True}}})

    # MARK: protocol

    def _read(self):
        length = b""
        while not length.endswith(b":"):
            byte = self.sock.recv(1)
            if not byte:
                raise MarionetteError(f"{self.name}: Marionette closed the connection")
            length += byte
        remaining = int(length[:-1])
        body = b""
        while remaining > 0:
            chunk = self.sock.recv(remaining)
            if not chunk:
                raise MarionetteError(f"{self.name}: Marionette closed the connection")
            body += chunk
            remaining -= len(chunk)
        return json.loads(body)

    def command(self, name: str, params: dict):
        self.next_id += 1
        data = json.dumps([0, self.next_id, name, params]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            message = self._read()
            if message[0] == 1 and message[1] == self.next_id:
                break
        if message[2]:
            raise MarionetteError(f"{self.name}: {name}: {message[2].get('error')}: {message[2].get('message')}")
        return message[3]

    # MARK: what the checks use

    def open(self, url: str, deadline: float):
        self.command("WebDriver:Navigate", {"url": url})
        while not self.script("return document.documentElement.dataset.ready === 'true'"):
            if time.monotonic() > deadline:
                raise MarionetteError(f"{self.name}: the demo page did not load its script")
            time.sleep(0.1)

    def script(self, body: str, *args):
        """Runs `body` as a function in the page; a returned promise is awaited."""
        return self.command("WebDriver:ExecuteScript", {"script": body, "args": list(args)}).get("value")

    def hook(self, expression: str, *args):
        return self.script(f"return {expression}", *args)

    def screenshot(self, path: str):
        """A PNG of the viewport."""
        encoded = self.command("WebDriver:TakeScreenshot", {"full": False, "hash": False})["value"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(encoded))

    def stop(self):
        try:
            if self.sock is not None:
                self.sock.close()
        except OSError:
            pass
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def log_tail(self, lines: int = 15) -> str:
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""
