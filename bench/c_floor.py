"""The C reference forwarder (sfu_sim.c of the shared perf folder beside
the repository): built and run by the benches that report a ratio to it."""
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_PERF = os.path.join(os.path.dirname(ROOT), "shared", "perf")
FANOUT = 10


def build_c_floor(workdir):
    source = os.path.join(SHARED_PERF, "sfu_sim.c")
    if not os.path.exists(source):
        raise SystemExit(f"the C floor is missing: no {source} (expected shared/perf beside the repository)")
    binary = os.path.join(workdir, "sfu_sim")
    subprocess.run(["gcc", "-O2", "-o", binary, source, "-lsrtp2"], check=True)
    return binary


def run_c_floor(binary, seconds=6):
    """sfu_sim's own figure: forwarder thread CPU per outgoing packet."""
    out = subprocess.run([binary, str(FANOUT), "gcm", str(seconds)], capture_output=True, text=True,
                         timeout=seconds + 30, check=True).stdout
    match = re.search(r"([\d.]+) us per outgoing pkt", out)
    if match is None:
        raise SystemExit(f"unexpected sfu_sim output: {out!r}")
    rate = int(re.search(r"out=(\d+) pkt/s", out).group(1))
    busy = float(re.search(r"cpu\d+ busy (\d+)%", out).group(1)) / 100
    return {"usPerOutgoingPacket": float(match.group(1)), "outPacketsPerSecond": rate,
            "coreMicrosecondsPerOutgoingPacket": round(busy * 1e6 / rate, 2), "line": out.strip()}
