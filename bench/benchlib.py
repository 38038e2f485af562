"""What the bench scripts share: a process's CPU time and memory from /proc,
free loopback ports, stopping a server, and whether other builds shared the
machine during a run."""
import os
import socket
import subprocess
import time
import urllib.request


def cpu_seconds(pid):
    """utime + stime of a process (all its threads), from /proc/<pid>/stat (proc(5))."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid):
    """VmHWM of a process, MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def rss_mib(pid):
    """VmRSS of a process now, MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_udp_base(count):
    """A first media port with `count` free consecutive UDP ports (one per worker)."""
    for base in range(41000, 60000, 37):
        sockets = []
        try:
            for port in range(base, base + count):
                probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(probe)
                probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise SystemExit("no free UDP ports for the media workers")


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def busy_builds():
    """Compiler processes of other builds running now (the host may be shared)."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() in ("swift-frontend", "swift-build", "clang", "cc1", "cc1plus", "ld"):
                        count += 1
            except OSError:
                pass
    return count


# Every bot of a bench comes from 127.0.0.1: the per-address limits that
# guard a public server (docs/security.md) would refuse most of them.
LOAD_TEST_CONFIG = """limits:
  max_connections_per_ip: 100000
  max_connections: 100000
  joins_per_minute_per_ip: 1000000
  max_participants: 100000
rooms:
  max_participants: 1000
data_channels:
  messages_per_second: 1000000
  message_burst: 1000000
"""


def load_test_config(directory):
    """Writes the bench's server config (per-address and message-rate limits lifted) into
    `directory` and returns its path, for `switchboard serve --config`."""
    path = os.path.join(directory, "bench-server.yaml")
    with open(path, "w") as handle:
        handle.write(LOAD_TEST_CONFIG)
    return path


def metric_total(port, name):
    """The sum of a Prometheus metric over all its label sets, from /metrics."""
    total = 0.0
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                total += float(line.rsplit(" ", 1)[1])
    return total


def serve(command, what="server"):
    """Starts `switchboard serve ...` (`command`, with any prefix such as
    taskset) with stdout piped, and waits for its ready line; returns the
    process and its HTTP port. A server that prints anything else is killed
    and the bench stops with what it printed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    http = next((part for part in line.split() if part.startswith("http=")), None)
    if not line.startswith("switchboard ready") or http is None:
        stop(process)
        raise SystemExit(f"{what} did not start: {line!r}")
    return process, int(http.rsplit(":", 1)[1])
