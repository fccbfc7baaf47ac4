"""A live game as one value: the engine's state and the room, folded from the event log.

Each server process keeps the latest fold of the games it serves and only reads the events
recorded since (by itself or by another process), so a command costs one small query, not
a replay. ``replay`` folds a whole log from nothing: the test that the two always agree is
what makes the log the truth.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from game.engine.events import ENGINE_EVENTS, Event
from game.engine.events import apply as apply_engine
from game.engine.game import new_game
from game.engine.scenario import Scenario
from game.engine.state import State
from game.room import Room
from game.room import apply as apply_room
from game.round_history import RoundHistory

if TYPE_CHECKING:
    from game.models import Game

_CACHE_SIZE = 500
# A game nobody has acted in or watched an event of for this long leaves the cache: a
# finished lesson's fold (every round's results, the latest of its conversation) is a few
# megabytes, and a server that runs all term would otherwise hold the last 500 of them.
_IDLE_SECONDS = 15 * 60


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event as the log holds it."""

    seq: int
    type: str
    data: dict[str, Any]
    actor: str
    at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "type": self.type,
            "data": self.data,
            "actor": self.actor,
            "at": self.at,
        }


@dataclass(frozen=True)
class Session:
    game_id: int
    code: str
    in_character: bool
    scenario: Scenario
    state: State
    room: Room
    seq: int = 0

    def apply(self, event: Recorded) -> Session:
        state = self.state
        room = self.room
        if event.type in ENGINE_EVENTS:
            state = apply_engine(state, Event(event.type, event.data))
        room = apply_room(room, event.type, event.data, event.seq, event.at)
        return replace(self, state=state, room=room, seq=event.seq)

    def apply_all(self, events: Iterable[Recorded]) -> Session:
        session = self
        for event in events:
            session = session.apply(event)
        return session


def fresh(game: Game) -> Session:
    scenario = game.definition
    return Session(
        game_id=game.pk,
        code=game.code,
        in_character=game.in_character,
        scenario=scenario,
        state=replace(new_game(scenario, game.seed), history=RoundHistory()),
        room=Room(),
    )


def recorded(game: Game, after: int = 0) -> list[Recorded]:
    rows = (
        game.events.filter(seq__gt=after)
        .order_by("seq")
        .values_list("seq", "type", "data", "actor", "at")
    )
    return [Recorded(seq, kind, data, actor, at.isoformat()) for seq, kind, data, actor, at in rows]


def replay(game: Game) -> Session:
    """The game folded from its whole log, ignoring every cache."""
    return fresh(game).apply_all(recorded(game))


class SessionCache:
    """The latest fold of each recently used game in this process (least recently used
    games are dropped beyond a limit, and any game idle for ``idle`` seconds; they are
    rebuilt from the log when needed again).

    Several database threads (game.database) and the event loop use it at once: the lock
    guards the dictionary, never a database query or a fold."""

    def __init__(
        self,
        size: int = _CACHE_SIZE,
        idle: float = _IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.idle = idle
        self.clock = clock
        # game id → (its latest fold, when it was last kept), least recently kept first
        self._sessions: OrderedDict[int, tuple[Session, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _known(self, game_id: int) -> Session | None:
        with self._lock:
            entry = self._sessions.get(game_id)
        return entry[0] if entry else None

    def current(self, game: Game) -> Session:
        """Catch up with the log: the caller sees every event committed before the call."""
        session = self._known(game.pk) or fresh(game)
        if session.seq == game.last_seq:
            # The row was just read: nothing has been recorded since this fold.
            self.keep(session)
            return session
        session = session.apply_all(recorded(game, after=session.seq))
        self.keep(session)
        return session

    def keep(self, session: Session) -> None:
        """Remember a fold, unless a later one of the same game is already known."""
        with self._lock:
            known = self._sessions.get(session.game_id)
            if known is not None and known[0].seq > session.seq:
                return
            now = self.clock()
            self._sessions[session.game_id] = (session, now)
            self._sessions.move_to_end(session.game_id)
            # Least recently kept first: drop from the front while too many or idle (without
            # copying the dictionary: this runs for every command and every broadcast).
            while self._sessions:
                oldest, (_, kept) = next(iter(self._sessions.items()))
                if len(self._sessions) <= self.size and now - kept < self.idle:
                    break
                del self._sessions[oldest]

    def absorb(self, game_id: int, events: Iterable[Recorded]) -> Session | None:
        """Fold broadcast events into a known game without asking the database; None when
        they do not follow on from what this process knows (then read the log instead)."""
        session = self._known(game_id)
        if session is None:
            return None
        for event in events:
            if event.seq <= session.seq:
                continue
            if event.seq != session.seq + 1:
                return None
            session = session.apply(event)
        self.keep(session)
        return session

    def __contains__(self, game_id: int) -> bool:
        with self._lock:
            return game_id in self._sessions

    def forget(self, game_id: int) -> None:
        with self._lock:
            self._sessions.pop(game_id, None)

    def clear(self) -> None:
        with self._lock:
            self._sessions.clear()


sessions = SessionCache()
