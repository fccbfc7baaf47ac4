"""Telling every connected viewer of a game what was just recorded.

One channel-layer message per commit carries the new events to the game's group; each
process's hub (game.fanout) projects them for its own sockets. The layer may drop a message
(it is at-most-once when a channel is full), so events carry sequence numbers and sockets
catch up from the log on a gap.

Services run on database threads (game.database). They hand the message to the server's
event loop and return at once: the loop publishes them in the order they came, whatever has
queued up in one round trip to Redis (game.layers), while the thread, and the row lock's next
holder, get on with their work. A
server that is shutting down (its loop stopped) drops the message; viewers catch up from the
log when they reconnect.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer

if TYPE_CHECKING:
    from game.session import Recorded

log = logging.getLogger(__name__)


def group_name(game_id: int) -> str:
    return f"game-{game_id}"


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that handed this thread its work, when we run inside the server."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop


def _publish(message: dict[str, Any]) -> None:
    loop = _server_loop()
    if loop is None:
        _publish_now(message)  # a command or a test: no server loop to hand it to
        return
    try:
        if loop.is_closed() or not loop.is_running():
            raise RuntimeError("the loop has stopped")
        loop.call_soon_threadsafe(_outbox(loop).post, message)
    except RuntimeError:  # it stopped, or closed between the check and the call
        log.warning("the server is stopping; a broadcast was skipped")


def _publish_now(message: dict[str, Any]) -> None:
    try:
        async_to_sync(_send)([message])
    except Exception:
        # The events are committed; viewers who miss them catch up from the log.
        log.exception("broadcast of %s for game %s failed", message["type"], message["game"])


async def _send(messages: list[dict[str, Any]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    addressed = [(group_name(message["game"]), message) for message in messages]
    send_many = getattr(layer, "group_send_many", None)
    if send_many is not None:
        await send_many(addressed)  # one round trip (game.layers)
        return
    for group, message in addressed:
        await layer.group_send(group, message)


class Outbox:
    """The messages a process has to publish, in the order they were committed. One task
    sends them; whatever queued up while a batch was on its way goes out as the next batch."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.task: asyncio.Task[None] | None = None

    def post(self, message: dict[str, Any]) -> None:
        """Call on the loop's thread."""
        self.pending.append(message)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.flush())

    async def flush(self) -> None:
        while self.pending:
            batch, self.pending = self.pending, []
            try:
                await _send(batch)
            except Exception:
                # Committed all the same; viewers catch up from the log on the next event.
                log.exception("a broadcast of %d message(s) failed", len(batch))


_outboxes: WeakKeyDictionary[asyncio.AbstractEventLoop, Outbox] = WeakKeyDictionary()


def _outbox(loop: asyncio.AbstractEventLoop) -> Outbox:
    """The loop's outbox; created by a database thread's first publish (setdefault keeps
    one if two threads race)."""
    found = _outboxes.get(loop)
    if found is None:
        found = _outboxes.setdefault(loop, Outbox())
    return found


def broadcast(game_id: int, events: Sequence[Recorded]) -> None:
    message = {
        "type": "game.events",
        "game": game_id,
        "events": [event.as_dict() for event in events],
    }
    _publish(message)


def announce_presence(game_id: int, player_id: int, online: bool) -> None:
    _publish({"type": "game.presence", "game": game_id, "player": player_id, "online": online})
