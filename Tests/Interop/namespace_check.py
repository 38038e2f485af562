"""Runs a check script of tools/interop inside a loopback-only network
namespace (`unshare --net`, lo up), with the server binary it starts there.
Browsers and GStreamer gather candidates on every interface they see, so
they run where 127.0.0.1 is the only one. The script prints JSON result
lines; the last one is the verdict. Checks that build namespaces of their
own (netns_topology: veth pairs, a NAT) run through run_netns_check."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def venv_python() -> str:
    candidate = os.path.join(REPO, ".venv", "bin", "python")
    return candidate if os.path.exists(candidate) else sys.executable


def skip_reason():
    if os.geteuid() != 0:
        return "needs root: the check runs in a network namespace made with `unshare --net`"
    if shutil.which("unshare") is None:
        return "`unshare` (util-linux) is not installed: no loopback-only namespace"
    return None


def server_binary() -> str:
    server = os.environ.get("SWITCHBOARD_BIN", os.path.join(REPO, ".build", "debug", "switchboard"))
    assert os.access(server, os.X_OK), f"server binary {server} missing: run `swift build` or set SWITCHBOARD_BIN"
    return server


def netns_skip_reason(*programs: str):
    """Why a check with namespaces of its own cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root: the check creates network namespaces (`ip netns add`)"
    for program in ("ip", *programs):
        if shutil.which(program) is None:
            return f"`{program}` is not installed"
    return None


def run_check(script: str, *arguments: str, timeout: float = 90) -> dict:
    """Runs tools/interop/<script> with `--server-binary` and `--timeout`,
    and returns its last result line; fails with its output when there is none."""
    command = ["unshare", "--net", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_",
               *_check_command(script, timeout, arguments)]
    return _result(subprocess.run(command, capture_output=True, text=True, timeout=timeout + 30,
                                  stdin=subprocess.DEVNULL))


def run_netns_check(script: str, *arguments: str, timeout: float = 90) -> dict:
    """Like run_check, for a script that makes its own namespaces (from the
    host's namespace): it gets a unique `--tag`, and whatever namespaces of
    that tag a killed run left are deleted afterwards."""
    from netns_topology import new_tag, remove_leftovers  # tools/interop, on the path through conftest

    tag = new_tag()
    try:
        completed = subprocess.run(_check_command(script, timeout, (*arguments, "--tag", tag)), capture_output=True,
                                   text=True, timeout=timeout + 30, stdin=subprocess.DEVNULL)
    finally:
        remove_leftovers(tag)
    return _result(completed)


def _check_command(script: str, timeout: float, arguments) -> list:
    check = os.path.join(REPO, "tools", "interop", script)
    return [venv_python(), check, "--server-binary", server_binary(), "--timeout", str(int(timeout)), *arguments]


def _result(completed: subprocess.CompletedProcess) -> dict:
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result line (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1])
    result.setdefault("exit_code", completed.returncode)
    if not result.get("ok"):
        result["stderr_tail"] = completed.stderr[-3000:]
    return result
