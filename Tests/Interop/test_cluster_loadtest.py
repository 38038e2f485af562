"""`switchboard loadtest` with its bots spread over the nodes of a cluster
(`--url` once per node): with placement `redirect` the bots of each room
follow the redirects to its home; with placement `cascade` every room spans
the nodes and its tracks cross through relays. Either way every subscriber
receives every publisher's tracks, nothing lost."""
from __future__ import annotations

import json
import subprocess
import time

from cluster_support import cluster_listing
from conftest import binary_path
from test_cluster_cascade import CASCADE
from test_cluster_redirect import home_of


def load_test(nodes, tmp_path, rooms: int, publishers: int, subscribers: int, watch) -> tuple[dict, list]:
    """Runs the load test; `watch()` is sampled every half second meanwhile
    (what the nodes show while the bots are in). Returns the report and the samples."""
    report = tmp_path / "report.json"
    command = [str(binary_path()), "loadtest", *(arg for node in nodes for arg in ("--url", node.ws_url)),
               "--rooms", str(rooms), "--publishers", str(publishers), "--subscribers", str(subscribers),
               "--audio-only", "--duration", "8s", "--ramp", "20/s", "--max-loss", "1%", "--json", str(report)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples = []
    deadline = time.monotonic() + 90
    while process.poll() is None and time.monotonic() < deadline:
        samples.append(watch())
        time.sleep(0.5)
    try:
        output, _ = process.communicate(timeout=max(1, deadline - time.monotonic()))
    finally:
        process.kill()
    assert report.exists(), output[-3000:]
    assert process.returncode == 0, output[-3000:]
    return json.loads(report.read_text()), samples


def test_bots_spread_over_redirecting_nodes_reach_every_rooms_home(start_node, tmp_path):
    nodes = [start_node(name) for name in "abc"]
    report, samples = load_test(nodes, tmp_path, rooms=3, publishers=1, subscribers=2,
                                watch=lambda: {room["room"]: room["nodeID"] for room in cluster_listing(nodes[0])["rooms"]})
    assert report["receivedStreams"] == report["expectedStreams"] == 3 * 1 * 2
    assert report["audio"]["packetsLost"] == 0
    # All three rooms were claimed while the bots were in, each on one home.
    assert max(len(sample) for sample in samples) == 3, samples


def test_bots_spread_over_cascading_nodes_receive_through_relays(start_node, tmp_path):
    nodes = [start_node(name, extra=CASCADE) for name in "abc"]
    report, samples = load_test(
        nodes, tmp_path, rooms=1, publishers=2, subscribers=4,
        watch=lambda: sum(node.metric('switchboard_cluster_relay_packets_total{direction="in"}') for node in nodes))
    assert report["receivedStreams"] == report["expectedStreams"] == 2 * 4
    assert report["audio"]["packetsLost"] == 0
    # The room spanned the nodes: relays carried its tracks between them.
    assert max(samples) > 0, samples


def test_bots_rejoin_through_the_other_node_when_their_rooms_home_dies(start_node, tmp_path):
    """A room's home killed with SIGKILL a few seconds in: its bots lose
    their sockets, rejoin through the URLs in turn (with backoff) until the
    other node has taken the room over, and receive media there again."""
    nodes = [start_node(name) for name in "ab"]
    report_path = tmp_path / "report.json"
    command = [str(binary_path()), "loadtest", "--url", nodes[0].ws_url, "--url", nodes[1].ws_url,
               "--rooms", "1", "--publishers", "1", "--subscribers", "2", "--audio-only",
               "--duration", "20s", "--ramp", "20/s", "--json", str(report_path)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        home = None
        while home is None and time.monotonic() - started < 10:
            time.sleep(0.25)
            home, _ = home_of(nodes, "loadtest-0")
        assert home is not None, "the room was never claimed"
        time.sleep(max(0.0, 5 - (time.monotonic() - started)))
        home.kill()
        killed_at = time.monotonic() - started
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert report_path.exists(), output[-3000:]
    report = json.loads(report_path.read_text())
    # Every bot came back (none gave up), and the run passed.
    assert report["rejoins"] >= 3, output[-3000:]
    assert report["botsLost"] == 0, output[-3000:]
    assert process.returncode == 0, output[-3000:]
    assert "rejoins" in output, output[-3000:]
    # Media flowed again on the survivor: all three bots connected and
    # packets arriving in the run's last seconds.
    after = [sample for sample in report["timeline"] if sample["time"] > killed_at + 1]
    assert after and after[-1]["connected"] == 3, report["timeline"]
    assert all(sample["packetsInPerSecond"] > 0 for sample in after[-3:]), report["timeline"]
    # A bot's totals only grow across its rejoins: no sample goes backwards.
    assert all(0 <= sample["packetsInPerSecond"] < 1e6 and 0 <= sample["packetsOutPerSecond"] < 1e6
               for sample in report["timeline"]), report["timeline"]
