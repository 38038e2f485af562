"""The frame the network-namespace checks share: the common arguments, a
hard bound on the run (SIGALRM), cleanup in reverse order under a bound of
its own (browsers, the server, then the namespaces), and one JSON result
line on stdout; exit 0 when the result says ok."""
from __future__ import annotations

import argparse
import json
import shutil
import signal
import tempfile

STEP_SECONDS = 10


class Timeout(Exception):
    pass


def parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=90.0, help="bound on the whole run, in seconds")
    parser.add_argument("--tag", default=None, help="namespace name suffix (default: random)")
    return parser


def run(args, body) -> int:
    """body(args, workdir, result, cleanup): cleanup is a list of
    (label, stop function, diagnostics function or None), stopped last first."""
    result = {"ok": False}
    workdir = tempfile.mkdtemp(prefix="switchboard-netns-check-")
    cleanup = []

    def on_alarm(signum, frame):
        raise Timeout(f"the check exceeded --timeout {args.timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(args.timeout)))
    try:
        body(args, workdir, result, cleanup)
    except Exception as error:  # noqa: BLE001 - reported as the check's failure
        result["ok"] = False
        result["error"] = f"{type(error).__name__}: {error}"
    finally:
        signal.alarm(0)
        for label, stop, diagnostics in reversed(cleanup):
            # Each step under a bound of its own: a hung browser must not
            # keep the namespaces from being deleted.
            signal.alarm(STEP_SECONDS)
            try:
                if not result["ok"] and diagnostics is not None:
                    result.setdefault("diagnostics", {})[label] = _safely(diagnostics)
                stop()
            except Exception as error:  # noqa: BLE001 - keep cleaning up (Timeout included)
                result.setdefault("cleanup_errors", []).append(f"{label}: {type(error).__name__}: {error}")
            finally:
                signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


def _safely(diagnostics):
    try:
        return diagnostics()
    except Timeout:
        raise
    except Exception as error:  # noqa: BLE001 - diagnostics only
        return f"unavailable: {error}"
