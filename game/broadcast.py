"""Telling every connected viewer of a game what was just recorded.

One channel-layer message per commit carries the new events to the game's group; each
process's hub (game.fanout) projects them for its own sockets. The layer may drop a message
(it is at-most-once when a channel is full), so events carry sequence numbers and sockets
catch up from the log on a gap.

Services run in Channels' database thread. Publishing from there goes through the server's
own event loop with a time limit, so a server that is shutting down (its loop stopped) never
leaves that thread, and so the process, waiting forever.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer

if TYPE_CHECKING:
    from game.session import Recorded

log = logging.getLogger(__name__)

PUBLISH_TIMEOUT = 5.0


def group_name(game_id: int) -> str:
    return f"game-{game_id}"


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that handed this thread its work, when we run inside the server."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop


def _publish(game_id: int, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return

    def send() -> Awaitable[None]:
        return layer.group_send(group_name(game_id), message)

    try:
        _run(send)
    except Exception:
        # The events are committed; viewers who miss them catch up from the log.
        log.exception("broadcast of %s for game %s failed", message["type"], game_id)


async def _await(send: Callable[[], Awaitable[None]]) -> None:
    await send()


def _run(send: Callable[[], Awaitable[None]]) -> None:
    loop = _server_loop()
    if loop is None:
        async_to_sync(_await)(send)  # a command or a test: no server loop to borrow
        return
    if loop.is_closed() or not loop.is_running():
        log.warning("the server is stopping; a broadcast was skipped")
        return
    asyncio.run_coroutine_threadsafe(_await(send), loop).result(timeout=PUBLISH_TIMEOUT)


def broadcast(game_id: int, events: Sequence[Recorded]) -> None:
    message = {
        "type": "game.events",
        "game": game_id,
        "events": [event.as_dict() for event in events],
    }
    _publish(game_id, message)


def announce_presence(game_id: int, player_id: int, online: bool) -> None:
    _publish(
        game_id, {"type": "game.presence", "game": game_id, "player": player_id, "online": online}
    )
