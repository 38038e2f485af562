"""What the recording tests share: the HTTP control calls and the checks of
recorded files with the real ffprobe and ffmpeg (Debian's ffmpeg package)."""
from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path


def control(server, method: str, room: str, timeout: float = 10.0) -> tuple[int, dict]:
    """(status, JSON body) of METHOD /rooms/{room}/recording."""
    request = urllib.request.Request(f"{server.http_url}/rooms/{room}/recording", method=method,
                                     data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"{}")
        except ValueError:
            return error.code, {"raw": body.decode("utf-8", "replace")}


def probe(path: Path) -> dict:
    """ffprobe -show_streams -show_format as JSON; fails the test when ffprobe does."""
    result = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"ffprobe {path}: {result.stderr}"
    return json.loads(result.stdout)


def probe_text(path: Path) -> str:
    """ffprobe's human-readable summary (for the closing note)."""
    result = subprocess.run(["ffprobe", "-hide_banner", str(path)], capture_output=True, text=True, timeout=30)
    return result.stderr


def decode_errors(path: Path) -> str:
    """ffmpeg decoding every frame to nothing; returns what it printed at
    error level (empty: every frame decoded)."""
    result = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"ffmpeg exit {result.returncode} on {path}: {result.stderr}"
    return result.stderr.strip()


def last_packet_time(path: Path, stream: str) -> float:
    """The presentation time (s) of the last packet of stream `v` or `a`."""
    result = subprocess.run(["ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                             "packet=pts_time", "-of", "csv=p=0", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    times = [float(line) for line in result.stdout.split() if line.strip() not in ("", "N/A")]
    return max(times) if times else 0.0


def manifest_files(manifest: dict, directory: Path) -> dict[str, list[tuple[Path, dict]]]:
    """participant id -> [(file path, file entry)] from a manifest."""
    return {participant["id"]: [(directory / entry["path"], entry) for entry in participant["files"]]
            for participant in manifest["participants"]}


def codecs(info: dict) -> dict[str, str]:
    """codec_type -> codec_name of a probe."""
    return {stream["codec_type"]: stream["codec_name"] for stream in info["streams"]}
