"""The clock of each server process: it advances phases past their deadline, and (in a task
of its own) keeps presence fresh.

Every process runs one ticker. It claims the running games past their deadline that no other
process holds and advances them in one transaction (``phases.resolve_due``); each game's row
lock, and its row's own word that it is still due, mean any number of processes (and a
facilitator clicking at the same moment) advance a phase exactly once. After a restart the
first tick picks up whatever fell due while the process was down. Between ticks it sleeps
until the next deadline it knows of (at most one tick), so results come when the time is up,
not up to a tick later.

A process resolves one batch at a time: a round is work for the processor (the engine, then
the results encoded for the log and the broadcast), and a second batch beside the first
would only take turns with it and with the sockets' traffic. When rounds fall due faster
than one batch takes, the next batch holds all of them (up to ``RESOLVED_TOGETHER``), so a
burst costs one claim, one insert and one commit per batch rather than per game, and the
other processes' clocks take the games this one has not reached.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.utils import timezone

from game.database import in_database
from game.services import phases, presence

log = logging.getLogger(__name__)

# Players with an open socket in this process, for the heartbeat.
local_players: Counter[int] = Counter()

# How often presence is refreshed (students' last_seen, delegations left empty).
PRESENCE_SECONDS = 15.0
# A wake-up for a deadline comes this long after it (timers are not exact), never sooner
# than _EARLIEST after the last tick.
_LATE = 0.002
_EARLIEST = 0.005

_tickers: WeakKeyDictionary[asyncio.AbstractEventLoop, list[asyncio.Task[None]]] = (
    WeakKeyDictionary()
)


def tick_seconds() -> float:
    return float(getattr(settings, "MUFAKAT_TICK_SECONDS", 1.0))


def ensure_running() -> None:
    """Start this process's ticker and presence keeper on the running loop, once."""
    if tick_seconds() <= 0:
        return
    loop = asyncio.get_running_loop()
    tasks = _tickers.get(loop)
    if tasks is None or any(task.done() for task in tasks):
        for task in tasks or ():
            task.cancel()
        _tickers[loop] = [
            loop.create_task(run(), name="mufakat-clock"),
            loop.create_task(keep_presence(), name="mufakat-presence"),
        ]


class Clocked:
    """ASGI wrapper: the first request of any kind (a page, a socket, a health check)
    starts this process's clock, so a restarted server resumes its games at once."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        ensure_running()
        return await self.app(scope, receive, send)


@in_database
def _advance_due() -> tuple[list[int], float | None]:
    """Advance the games due now that nobody else holds; the ids advanced, and the seconds
    from now until the next deadline still to come."""
    advanced = phases.resolve_due()
    now = timezone.now()
    upcoming = phases.next_deadline(now)
    return advanced, (upcoming - now).total_seconds() if upcoming else None


@in_database
def _keep_presence() -> None:
    presence.heartbeat(+local_players)
    presence.sweep()


async def tick() -> int:
    """Advance every game due now that no other process holds (in batches, as the ticker
    does); how many. For tests and one-off calls."""
    total = 0
    while advanced := (await _advance_due())[0]:
        total += len(advanced)
    return total


def next_sleep(upcoming: float | None, elapsed: float = 0.0) -> float:
    """Wake at the next deadline (a round's results should not wait for the next tick), but
    at least once a tick: another process may have set a nearer one meanwhile. ``upcoming``
    was measured ``elapsed`` seconds ago."""
    if upcoming is None:
        return tick_seconds()
    return min(tick_seconds(), max(_EARLIEST, upcoming - elapsed + _LATE))


async def run() -> None:
    """Advance phases at their deadlines, for as long as the process runs."""
    delay = 0.0  # a restarted process first catches up with whatever fell due meanwhile
    while True:
        await asyncio.sleep(delay)
        try:
            started = time.monotonic()
            advanced, upcoming = await _advance_due()
            # After a batch, look again at once: more may have fallen due meanwhile.
            delay = 0.0 if advanced else next_sleep(upcoming, time.monotonic() - started)
        except asyncio.CancelledError:
            raise
        except Exception:
            delay = tick_seconds()
            log.exception("clock tick failed")


async def keep_presence() -> None:
    """Refresh presence every ``PRESENCE_SECONDS``. A task of its own: the sweep takes each
    running game's lock in turn, and must not hold up a deadline while it waits for one."""
    while True:
        await asyncio.sleep(PRESENCE_SECONDS)
        try:
            await _keep_presence()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("presence refresh failed")
