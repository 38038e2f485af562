#!/usr/bin/env python3
"""GStreamer's WHIP client (Debian's simple-whip-client, webrtcbin) publishes
videotestsrc (VP8) and audiotestsrc (Opus) into a room that is being recorded;
an aiortc participant of the signaling contract must decode its video and
audio, see it leave when the client stops (it DELETEs its session), and the
room's recording must hold its VP8 and Opus.

Run it inside a loopback-only network namespace, as
Tests/Interop/test_whip_gstreamer.py does:

    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ \
        .venv/bin/python tools/interop/whip_gstreamer_check.py --server-binary .build/debug/switchboard

Prints one JSON line (frames, the time from starting the client to the first
decoded frame, the recording's files and codecs) and exits 0 when ok. Only
127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bounded_check import CheckFailed, run  # noqa: E402
from server_process import Server  # noqa: E402
from switchboard_client import SwitchboardClient  # noqa: E402

ROOM = "gst-whip"
FRAMES = 30
HERE = os.path.dirname(os.path.abspath(__file__))
VIDEO = ("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 ! videoconvert ! "
         "vp8enc deadline=1 target-bitrate=300000 ! rtpvp8pay pt=96 ssrc=1 ! queue ! "
         "application/x-rtp,media=video,encoding-name=VP8,payload=96")
AUDIO = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! queue ! opusenc ! "
         "rtpopuspay pt=111 ssrc=2 ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111")


def build_shim(workdir: str) -> str:
    library = os.path.join(workdir, "gst_whip_shim.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", library, os.path.join(HERE, "gst_whip_shim.c"), "-ldl"],
                   check=True, capture_output=True, timeout=60)
    return library


def recording(base_url: str, method: str) -> dict:
    request = urllib.request.Request(f"{base_url}/rooms/{ROOM}/recording", method=method,
                                     data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read() or b"{}")


def probe_codecs(path: str) -> dict:
    result = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", path],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise CheckFailed(f"ffprobe {path}: {result.stderr.strip()}")
    return {s["codec_type"]: s["codec_name"] for s in json.loads(result.stdout)["streams"]}


class WHIPClient:
    """whip-client in its own process group, stopped with SIGINT (it then DELETEs)."""

    def __init__(self, url: str, shim: str, log_path: str):
        self.log = open(log_path, "wb")
        env = dict(os.environ, LD_PRELOAD=shim, GST_DEBUG="0")
        self.process = subprocess.Popen(["whip-client", "-u", url, "-V", VIDEO, "-A", AUDIO, "-l", "4", "-o"],
                                        stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        env=env, start_new_session=True)
        self.log_path = log_path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.log.close()

    def tail(self) -> str:
        with open(self.log_path, "rb") as log:
            return b"".join(log.readlines()[-15:]).decode("utf-8", "replace")


async def check(args, workdir: str, result: dict, cleanup: list) -> None:
    shim = build_shim(workdir)
    server = Server(args.server_binary, workdir)
    cleanup.append(("server", server.stop, server.log_tail))
    base_url = await asyncio.to_thread(server.start, time.monotonic() + 30)
    assert recording(base_url, "POST")["state"] == "armed"

    viewer = SwitchboardClient(base_url.replace("http://", "ws://") + "/rtc", label="gst-viewer")
    cleanup.append(("viewer", viewer.leave, None))
    await viewer.connect()
    await viewer.join(ROOM, "viewer")

    started = time.monotonic()
    client = WHIPClient(f"{base_url}/whip/{ROOM}?name=gstreamer", shim, os.path.join(workdir, "whip-client.log"))
    try:
        joined = await viewer.next_message("participant-joined", timeout=20)
        publisher = joined["participant"]["id"]

        def first_video():
            return viewer.frames_by_participant().get(publisher, {}).get("video", 0) > 0

        await viewer.wait_for(first_video, 20, what="the first video frame from GStreamer")
        result["first_frame_s"] = round(time.monotonic() - started, 3)

        def enough():
            counts = viewer.frames_by_participant().get(publisher, {})
            return counts if counts.get("video", 0) >= FRAMES and counts.get("audio", 0) >= FRAMES else None

        result["frames"] = await viewer.wait_for(enough, 20, what=f"{FRAMES} video and audio frames")
        mark = viewer.mark()
        await asyncio.to_thread(client.stop)
        await viewer.next_message("participant-left", after=mark, timeout=10)
        result["left_on_stop"] = True
    except Exception:
        result["whip_client_log"] = client.tail()
        raise
    finally:
        await asyncio.to_thread(client.stop)

    # Stopped while the viewer is still in: a room that empties ends its recording by itself,
    # and a DELETE racing that answers 404.
    stopped = await asyncio.to_thread(recording, base_url, "DELETE")
    await viewer.leave()
    directory = stopped["directory"]
    with open(os.path.join(directory, "manifest.json")) as file:
        manifest = json.load(file)
    files = [entry["path"] for participant in manifest["participants"] if participant["id"] == publisher
             for entry in participant["files"]]
    if not files:
        raise CheckFailed(f"the recording has no file of the GStreamer participant: {manifest}")
    result["recording"] = {path: probe_codecs(os.path.join(directory, path)) for path in files}
    codecs = {codec for probe in result["recording"].values() for codec in probe.values()}
    if not {"vp8", "opus"} <= codecs:
        raise CheckFailed(f"the recording lacks VP8 or Opus: {result['recording']}")
    result["ok"] = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--timeout", type=float, default=90)
    return run(parser.parse_args(), check, "whip-gst-")


if __name__ == "__main__":
    sys.exit(main())
