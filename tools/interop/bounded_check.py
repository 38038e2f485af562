"""The frame every check script shares: the common arguments, a hard bound
on the run (SIGALRM), cleanup in reverse order of registration under a
bound of its own per step (clients, browsers, the server, then the
namespaces), and one JSON result line on stdout; exit 0 when the result
says ok.

A check is `body(args, workdir, result, cleanup)`, plain or async. It
registers what it starts in `cleanup` as (label, stop, diagnostics or None);
`stop` may be async (an aiortc client's leave), and is then awaited before
the event loop closes. On failure each diagnostics function's answer lands
in result["diagnostics"][label]."""
from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import shutil
import signal
import tempfile

from check_errors import CheckFailed, Timeout

STEP_SECONDS = 10

__all__ = ["CheckFailed", "Timeout", "parser", "run"]


def parser(description: str, timeout: float = 90.0) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=timeout, help="bound on the whole run, in seconds")
    parser.add_argument("--tag", default=None, help="namespace name suffix (default: random)")
    return parser


def run(args, body, prefix: str = "switchboard-check-") -> int:
    result = {"ok": False}
    workdir = tempfile.mkdtemp(prefix=prefix)
    cleanup = []

    def on_alarm(signum, frame):
        raise Timeout(f"the check exceeded --timeout {args.timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(args.timeout)))
    try:
        if inspect.iscoroutinefunction(body):
            asyncio.run(_run_async(body, args, workdir, result, cleanup))
        else:
            body(args, workdir, result, cleanup)
    except Exception as error:  # noqa: BLE001 - reported as the check's failure
        result["ok"] = False
        known = isinstance(error, (CheckFailed, Timeout))
        result["error"] = str(error) if known else f"{type(error).__name__}: {error}"
    finally:
        signal.alarm(0)
        for label, stop, diagnostics in reversed(cleanup):
            if inspect.iscoroutinefunction(stop):
                continue  # stopped inside the event loop (or the loop is gone)
            _stop_step(result, label, stop, diagnostics)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


async def _run_async(body, args, workdir, result, cleanup):
    try:
        await body(args, workdir, result, cleanup)
    finally:
        for label, stop, diagnostics in reversed(cleanup):
            if inspect.iscoroutinefunction(stop):
                try:
                    await asyncio.wait_for(stop(), STEP_SECONDS)
                except (Exception, asyncio.CancelledError) as error:  # noqa: BLE001 - keep cleaning up
                    result.setdefault("cleanup_errors", []).append(f"{label}: {type(error).__name__}: {error}")


def _stop_step(result, label, stop, diagnostics):
    # Each step under a bound of its own: a hung browser must not keep the
    # server from stopping or the namespaces from being deleted.
    signal.alarm(STEP_SECONDS)
    try:
        if not result["ok"] and diagnostics is not None:
            result.setdefault("diagnostics", {})[label] = _safely(diagnostics)
        code = stop()
        if label == "server":
            result["server_exit"] = code
    except Exception as error:  # noqa: BLE001 - keep cleaning up (Timeout included)
        result.setdefault("cleanup_errors", []).append(f"{label}: {type(error).__name__}: {error}")
    finally:
        signal.alarm(0)


def _safely(diagnostics):
    try:
        return diagnostics()
    except Timeout:
        raise
    except Exception as error:  # noqa: BLE001 - diagnostics only
        return f"unavailable: {error}"


def inside_loop(stop):
    """A plain stop function that must run while the check's event loop
    still runs (it closes asyncio transports), registered as async."""
    async def stop_inside_loop():
        return stop()
    return stop_inside_loop
