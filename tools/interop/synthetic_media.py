"""Synthetic media for the aiortc interop client: a moving bar of video
and a sine tone, so that decoded frames can be counted and told apart."""
from __future__ import annotations

import asyncio
import fractions
import math
import time
from typing import Optional

import numpy
from aiortc import AudioStreamTrack, VideoStreamTrack
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame, VideoFrame

VIDEO_WIDTH = 320
VIDEO_HEIGHT = 240
VIDEO_FPS = 15
VIDEO_CLOCK = 90000
AUDIO_RATE = 48000
AUDIO_SAMPLES = 960  # 20 ms


class MovingBarVideoTrack(VideoStreamTrack):
    """320x240 at 15 fps: a gradient, a white bar moving left to right, and the
    frame counter in binary as 16 blocks along the top edge."""

    def __init__(self) -> None:
        super().__init__()
        self._index = 0
        self._start: Optional[float] = None
        x = numpy.linspace(0, 255, VIDEO_WIDTH, dtype=numpy.uint8)
        self._background = numpy.zeros((VIDEO_HEIGHT, VIDEO_WIDTH, 3), dtype=numpy.uint8)
        self._background[:, :, 0] = x
        self._background[:, :, 2] = x[::-1]

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._index / VIDEO_FPS
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        image = self._background.copy()
        bar = (self._index * 8) % VIDEO_WIDTH
        image[:, bar:bar + 16, :] = 255
        for bit in range(16):
            on = (self._index >> bit) & 1
            image[0:12, bit * 20:bit * 20 + 18, :] = 255 if on else 0
        frame = VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = self._index * (VIDEO_CLOCK // VIDEO_FPS)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self._index += 1
        return frame


class SineAudioTrack(AudioStreamTrack):
    """A 440 Hz sine tone, 48 kHz mono, 20 ms frames."""

    def __init__(self, frequency: float = 440.0) -> None:
        super().__init__()
        self._frequency = frequency
        self._samples = 0
        self._start: Optional[float] = None

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._samples / AUDIO_RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (numpy.arange(AUDIO_SAMPLES) + self._samples) / AUDIO_RATE
        pcm = (numpy.sin(2 * math.pi * self._frequency * t) * 8000).astype(numpy.int16)
        frame = AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._samples
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._samples += AUDIO_SAMPLES
        return frame
