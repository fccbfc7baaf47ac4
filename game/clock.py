"""The clock of each server process: it notices passed deadlines and keeps presence fresh.

Every process runs one ticker. It asks the database which running games are past their
deadline and calls ``resolve_if_due`` for each; that function takes the game's lock and
advances only if the deadline is still due, so any number of processes (and a facilitator
clicking at the same moment) advance a phase exactly once. After a restart the first tick
picks up whatever fell due while the process was down. Between ticks it sleeps until the
next deadline it knows of (at most one tick), so results come when the time is up, not up to
a tick later.

The ticker does not wait for the games it found due: each is resolved in a task of its own,
``RESOLVING_AT_ONCE`` at a time (one) in the order of their deadlines, while the ticker
goes back to sleep until the next deadline. A round is work for the processor (the engine,
then the results encoded for the log and the broadcast); more of them side by side in one
process would only take turns with each other and with the sockets' traffic.
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

# Rounds resolved side by side in one process. One: a second, while the first waits on the
# database, takes the processor (and the interpreter's lock) from the event loop that is
# sending the first one's results. Production 25 × 40 in the same hour, five runs with one
# and seven with two (the last two of each alternating): chat p99 55–118 ms (median 75)
# against 80–243 (median 141); rounds p50 220–445 against 184–373 ms.
RESOLVING_AT_ONCE = 1

# Players with an open socket in this process, for the heartbeat.
local_players: Counter[int] = Counter()

# How often presence is refreshed (students' last_seen, delegations left empty).
PRESENCE_SECONDS = 15.0
# A wake-up for a deadline comes this long after it (timers are not exact), never sooner
# than _EARLIEST after the last tick.
_LATE = 0.002
_EARLIEST = 0.005

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


@in_database
def _due() -> tuple[list[int], float | None]:
    """The games past their deadline (earliest first), and the seconds until the next
    deadline after now."""
    now = timezone.now()
    upcoming = phases.next_deadline(now)
    return phases.due_games(now), (upcoming - now).total_seconds() if upcoming else None


@in_database
def _resolve(game_id: int) -> bool:
    return phases.resolve_if_due(game_id=game_id)


@in_database
def _keep_presence() -> None:
    presence.heartbeat(+local_players)
    presence.sweep()


async def _resolve_logged(game_id: int) -> bool:
    try:
        return await _resolve(game_id)
    except Exception:
        log.exception("the clock could not advance game %s", game_id)
        return False


async def tick() -> int:
    """Advance every game whose deadline has passed, all at once, and wait for them; returns
    how many this call advanced (tests and one-off calls; the ticker uses ``Resolver``)."""
    due, _ = await _due()
    return sum(await asyncio.gather(*(_resolve_logged(game_id) for game_id in due)))


def next_sleep(upcoming: float | None, elapsed: float = 0.0) -> float:
    """Wake at the next deadline (a round's results should not wait for the next tick), but
    at least once a tick: another process may have set a nearer one meanwhile. ``upcoming``
    was measured ``elapsed`` seconds ago."""
    if upcoming is None:
        return tick_seconds()
    return min(tick_seconds(), max(_EARLIEST, upcoming - elapsed + _LATE))


class Resolver:
    """The games this process's ticker is resolving: each once, a few at a time."""

    def __init__(self) -> None:
        self.turns = asyncio.Semaphore(RESOLVING_AT_ONCE)
        self.busy: dict[int, asyncio.Task[bool]] = {}

    def start(self, game_ids: list[int]) -> None:
        for game_id in game_ids:
            if game_id not in self.busy:
                task = asyncio.get_running_loop().create_task(self._resolve(game_id))
                self.busy[game_id] = task

    async def _resolve(self, game_id: int) -> bool:
        try:
            async with self.turns:
                return await _resolve_logged(game_id)
        finally:
            del self.busy[game_id]


async def run() -> None:
    presence_due = time.monotonic() + PRESENCE_SECONDS
    resolver = Resolver()
    delay = 0.0  # a restarted process first catches up with whatever fell due meanwhile
    while True:
        await asyncio.sleep(delay)
        try:
            started = time.monotonic()
            due, upcoming = await _due()
            resolver.start(due)
            delay = next_sleep(upcoming, time.monotonic() - started)
            if time.monotonic() >= presence_due:
                presence_due = time.monotonic() + PRESENCE_SECONDS
                await _keep_presence()
        except asyncio.CancelledError:
            raise
        except Exception:
            delay = tick_seconds()
            log.exception("clock tick failed")
