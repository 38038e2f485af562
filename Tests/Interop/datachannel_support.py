"""What the data channel interop tests share: the channels each aiortc
participant opens, the messages it sends, a room of them, and waiting for
every forwarded channel (docs/protocol.md, "Data channels")."""
from __future__ import annotations

import asyncio
import os
import re
from typing import Any

from switchboard_client import SwitchboardClient

LARGE = 256 * 1024  # the default a=max-message-size
TIMEOUT = 40.0

CHANNELS = [
    {"label": "chat", "ordered": True},
    {"label": "fast", "ordered": False},
    {"label": "lossy", "ordered": False, "max_retransmits": 2},
]


def messages_of(sender: str) -> list:
    """What `sender` sends on each channel: text and binary, small, empty and large."""
    return [
        f"hello from {sender}",
        f"{sender} é ✓".encode() + bytes(range(256)),
        "",
        b"",
        (sender[0] * LARGE),
        os.urandom(LARGE),
        f"last from {sender}",
    ]


async def open_room(url: str, room: str, names: list[str], audio: bool = False) -> list[SwitchboardClient]:
    """`audio`: the first participant publishes audio besides its channels."""
    peers = [SwitchboardClient(url, label=name) for name in names]
    for peer, name in zip(peers, names):
        await peer.connect()
        await peer.join(room, name)
    await asyncio.gather(*(peer.publish(audio=audio and index == 0, video=False, data_channels=CHANNELS)
                           for index, peer in enumerate(peers)))
    return peers


def describe(peer: SwitchboardClient) -> str:
    return (f"{peer.label} ({peer.id}): own {[(l, c.readyState) for l, c in peer.data_channels.items()]}, "
            f"received {[(l, c.readyState) for l, c in peer.received_channels.items()]}, "
            f"messages {[(l, len(m)) for l, m in peer.data_messages.items()]}, closed {peer.closed_channels}, "
            f"errors {peer.errors}, client errors {peer.negotiation_errors}")


async def expect(peer: SwitchboardClient, predicate, what: str, timeout: float = TIMEOUT):
    try:
        return await peer.wait_for(predicate, timeout, what=what)
    except TimeoutError:
        raise AssertionError(f"{what} within {timeout} s; {describe(peer)}") from None


async def expect_forwarded_channels(peers: list[SwitchboardClient], labels: list[str]) -> None:
    """Every peer's own channels open, and every other peer's forwarded to it."""
    for peer in peers:
        await expect(peer, lambda p=peer: all(c.readyState == "open" for c in p.data_channels.values()),
                     f"{peer.label}: own channels open")
    for peer in peers:
        wanted = [f"{other.id}/{label}" for other in peers if other is not peer for label in labels]
        await expect(peer, lambda p=peer, w=wanted: all(
            l in p.received_channels and p.received_channels[l].readyState == "open" for l in w),
            f"{peer.label}: forwarded channels {wanted}")


async def send_and_receive_all(peers: list[SwitchboardClient], labels=("chat", "fast")) -> dict:
    """Every peer sends `messages_of` its label on each of `labels`; waits
    until every other peer has as many on `<sender id>/<label>`. Returns
    what each sent, by participant id."""
    sent = {peer.id: messages_of(peer.label) for peer in peers}
    for peer in peers:
        for label in labels:
            for message in sent[peer.id]:
                peer.data_channels[label].send(message)
    for peer in peers:
        for other in peers:
            if other is peer:
                continue
            for label in labels:
                key, count = f"{other.id}/{label}", len(sent[other.id])
                await expect(peer, lambda p=peer, k=key, n=count: len(p.data_messages.get(k, [])) >= n,
                             f"{peer.label}: {count} messages on {key}")
    return sent


def metric(server: Any, name: str, reason: str) -> int:
    """A `reason`-labelled series of /metrics (0 when absent)."""
    _, metrics = server.get("/metrics")
    found = re.search(rf'^{name}\{{reason="{reason}"\}} (\d+)', metrics, re.M)
    return int(found.group(1)) if found else 0
