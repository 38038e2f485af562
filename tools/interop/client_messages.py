"""The message half of the aiortc interop client (switchboard_client.py):
reading the signaling socket, keeping the room's state from the server's
messages, waiting for them, and requests that expect an answer."""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Callable, Optional

import websockets


class SwitchboardError(Exception):
    """An `error` message from the server (or a refused request)."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.code = payload.get("code")
        self.request = payload.get("request")
        super().__init__(f"{self.code}: {payload.get('message')} (request {self.request!r})")


class ClientMessages:
    """Mixed into SwitchboardClient, whose state (`ws`, `messages`, the
    participants and tracks, the offer queue) these methods keep."""

    async def _read_loop(self) -> None:
        try:
            async for raw in self.ws:
                try:
                    message = json.loads(raw)
                except ValueError:
                    message = {"type": "<unparsable>", "raw": raw}
                if not isinstance(message, dict):
                    message = {"type": "<not-an-object>", "raw": raw}
                self.messages.append(message)
                self._handle(message)
                self._notify()
        except websockets.ConnectionClosed:
            pass
        except Exception as error:  # noqa: BLE001 - recorded, the tests look at it
            self.negotiation_errors.append(f"read loop: {type(error).__name__}: {error}")
        finally:
            self.close_code = getattr(self.ws, "close_code", None)
            self.closed.set()
            self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "joined":
            self.participant = message.get("participant")
            for other in message.get("participants") or []:
                self.participants[other["id"]] = dict(other, tracks=list(other.get("tracks") or []))
                self.names[other["id"]] = other.get("name", "?")
                for track in other.get("tracks") or []:
                    self.remote_tracks[track["id"]] = track
        elif kind == "participant-joined":
            other = message["participant"]
            self.participants[other["id"]] = dict(other, tracks=list(other.get("tracks") or []))
            self.names[other["id"]] = other.get("name", "?")
        elif kind == "participant-left":
            other = message["participant"]
            other_id = other["id"] if isinstance(other, dict) else other
            self.participants.pop(other_id, None)
            self.left.append(other_id)
            for track_id in [t for t, v in self.remote_tracks.items() if v.get("participant") == other_id]:
                self.remote_tracks.pop(track_id)
        elif kind == "tracks":
            other_id = message["participant"]
            tracks = list(message.get("tracks") or [])
            if other_id in self.participants:
                self.participants[other_id]["tracks"] = tracks
            for track_id in [t for t, v in self.remote_tracks.items() if v.get("participant") == other_id]:
                self.remote_tracks.pop(track_id)
            for track in tracks:
                self.remote_tracks[track["id"]] = track
        elif kind == "offer":
            self._offers.put_nowait(message)
        elif kind == "published":
            self.published_tracks = list(message.get("tracks") or [])
        elif kind == "error":
            self.errors.append(message)

    # -- waiting ------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0,
                       what: str = "condition") -> Any:
        """Waits until predicate() is truthy (checked on every message and at
        least every 50 ms, so frame counters are seen too); returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.label or 'client'}: timed out after {timeout} s waiting for {what}")
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), min(0.05, remaining))
            except asyncio.TimeoutError:
                pass

    def mark(self) -> int:
        """An index into `messages`, for `next_message(after=...)`."""
        return len(self.messages)

    async def next_message(self, type_: Optional[str] = None, *, after: int = 0,
                           timeout: float = 10.0) -> dict:
        """The first message at index >= after (of the given type, if any)."""
        def find():
            for message in self.messages[after:]:
                if type_ is None or message.get("type") == type_:
                    return message
            return None
        return await self.wait_for(find, timeout, what=f"a {type_ or 'any'} message")

    async def _request(self, message: dict, answer_type: str, timeout: float,
                       also: tuple = ()) -> dict:
        start = self.mark()
        await self.send(message)

        def find():
            for reply in self.messages[start:]:
                if reply.get("type") == answer_type or reply.get("type") in also:
                    return reply
                if reply.get("type") == "error" and reply.get("request") in (message["type"], None):
                    return reply
            if self.closed.is_set():
                return {"type": "error", "code": "closed", "message": "socket closed",
                        "request": message["type"]}
            return None
        reply = await self.wait_for(find, timeout, what=f"{answer_type}")
        if reply.get("type") == "error":
            raise SwitchboardError(reply)
        return reply
