"""One headless Chromium under selenium and Debian's chromedriver, both in a
process group of their own, with a fake camera and microphone, on a page
with the demo's test hook (`window.switchboardDemo`)."""
from __future__ import annotations

import os
import signal
import tempfile
import time

from check_errors import CheckFailed
from server_process import signal_group

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
POLL_SECONDS = 0.1


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
            signal_group(process.pid, signal.SIGKILL)
        kill_by_profile(self.profile)


def kill_by_profile(profile: str):
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
