"""The clock of each server process: it notices passed deadlines and keeps presence fresh.

Every process runs one ticker. It asks the database which running games are past their
deadline and calls ``resolve_if_due`` for each; that function takes the game's lock and
advances only if the deadline is still due, so any number of processes (and a facilitator
clicking at the same moment) advance a phase exactly once. After a restart the first tick
picks up whatever fell due while the process was down.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any
from weakref import WeakKeyDictionary

from channels.db import database_sync_to_async
from django.conf import settings

from game.services import phases, presence

log = logging.getLogger(__name__)

# Players with an open socket in this process, for the heartbeat.
local_players: Counter[int] = Counter()

_tickers: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task[None]] = WeakKeyDictionary()


def tick_seconds() -> float:
    return float(getattr(settings, "MUFAKAT_TICK_SECONDS", 1.0))


def ensure_running() -> None:
    """Start this process's ticker on the running loop, once."""
    if tick_seconds() <= 0:
        return
    loop = asyncio.get_running_loop()
    task = _tickers.get(loop)
    if task is None or task.done():
        _tickers[loop] = loop.create_task(run(), name="mufakat-clock")


class Clocked:
    """ASGI wrapper: the first request of any kind (a page, a socket, a health check)
    starts this process's clock, so a restarted server resumes its games at once."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        ensure_running()
        return await self.app(scope, receive, send)


@database_sync_to_async
def _due() -> list[int]:
    return phases.due_games()


@database_sync_to_async
def _resolve(game_id: int) -> bool:
    return phases.resolve_if_due(game_id=game_id)


@database_sync_to_async
def _keep_presence() -> None:
    presence.heartbeat(+local_players)
    presence.sweep()


async def tick() -> int:
    """Advance every game whose deadline has passed; returns how many this call advanced."""
    advanced = 0
    for game_id in await _due():
        try:
            advanced += await _resolve(game_id)
        except Exception:
            log.exception("the clock could not advance game %s", game_id)
    return advanced


async def run() -> None:
    beats = 0
    presence_every = max(1, round(15 / tick_seconds()))
    while True:
        await asyncio.sleep(tick_seconds())
        try:
            await tick()
            beats += 1
            if beats % presence_every == 0:
                await _keep_presence()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("clock tick failed")
