"""Recording events: the only way a game changes.

Every service runs inside ``locked(game_id)``: one transaction holding the game's row lock
(PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writers with IMMEDIATE transactions).
``record`` folds events into the session at once, so the service can decide its next step
on the new state, and keeps them until the ``with`` block ends. Then they are written in one
insert, the game's index columns in one update, and a single broadcast (with the cache
update) is arranged for *after* the commit: viewers hear of a use case's events together,
and never of events that were rolled back.

The clock holds several games at once (``locked_due``): every game past its deadline that no
other transaction holds, claimed in one query and written in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from game.broadcast import broadcast
from game.models import Game, GameEvent
from game.session import Recorded, Session, sessions

# The game row's columns that index its log.
_INDEX_COLUMNS = ["last_seq", "status", "round", "phase", "deadline", "updated"]


class _Pending:
    """Events recorded in the current transaction, not yet written."""

    def __init__(self, session: Session) -> None:
        self.events: list[Recorded] = []
        self.rows: list[GameEvent] = []
        self.start = session  # the fold before this transaction
        self.session = session


@contextmanager
def locked(game_id: int) -> Iterator[tuple[Game, Session]]:
    with transaction.atomic():
        game = Game.objects.live().select_for_update().get(pk=game_id)
        yield from _recording(game)


@contextmanager
def locked_due(now: datetime, limit: int) -> Iterator[list[tuple[Game, Session]]]:
    """The running games past their deadline at ``now`` that no other transaction holds,
    earliest deadline first, at most ``limit``: held together, written together.

    Every process's clock looks for due games; each game goes to the first to ask, and the
    others' query skips it (on PostgreSQL ``SKIP LOCKED``; SQLite has one writer at a time),
    so no process folds or locks a game another is resolving. What the caller recorded for
    a game it then ``discard``-s is not written."""
    with transaction.atomic():
        games = list(
            Game.objects.live()
            .select_for_update(skip_locked=True)
            .filter(status="running", deadline__lte=now)
            .order_by("deadline")[:limit]
        )
        held = []
        for game in games:
            session = sessions.current(game)
            game.pending = _Pending(session)
            held.append((game, session))
        yield held
        _write_all(games)


def discard(game: Game) -> None:
    """Forget what was recorded for ``game`` in this transaction: its row and log are left
    as they were. For a caller of ``locked_due`` whose work on one game failed."""
    pending: _Pending = game.pending
    game.last_seq -= len(pending.events)
    game.pending = _Pending(pending.start)


def _recording(game: Game) -> Iterator[tuple[Game, Session]]:
    """What both locks do with the game they hold: fold it, let the service record, then
    write what it recorded (an exception at the ``yield`` skips the write, and the
    transaction around it rolls back)."""
    session = sessions.current(game)
    game.pending = _Pending(session)
    yield game, session
    _write_all([game])


def record(
    game: Game, session: Session, entries: Sequence[tuple[str, dict[str, Any]]], actor: str
) -> Session:
    """Append ``entries`` (type, data) to the log; the caller holds ``locked(game.pk)``."""
    now = timezone.now()
    at = now.isoformat()
    pending: _Pending = game.pending
    for kind, data in entries:
        game.last_seq += 1
        # Data goes through JSON now, so the live fold sees exactly what a replay will.
        stored = orjson.loads(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS))
        event = Recorded(seq=game.last_seq, type=kind, data=stored, actor=actor, at=at)
        session = session.apply(event)
        pending.events.append(event)
        pending.rows.append(
            # By id, not ``game=game``: a row that held the game (which holds the pending rows)
            # would make every command a reference cycle for the garbage collector.
            GameEvent(game_id=game.pk, seq=event.seq, type=kind, data=stored, actor=actor, at=now)
        )
    pending.session = session
    return session


def _write_all(games: Sequence[Game]) -> None:
    """One insert for the events of every game held, an update of each one's row, and each
    game's broadcast after the commit. (Django's ``bulk_update`` compiles a CASE per column
    and row: a batch of four twenty-country rounds took 20 ms of a thread's CPU with it,
    14 ms with four updates.)"""
    written = [game for game in games if game.pending.events]
    if not written:
        return
    GameEvent.objects.bulk_create([row for game in written for row in game.pending.rows])
    now = timezone.now()
    for game in written:
        session = game.pending.session
        game.status = session.room.status
        game.round = session.state.round
        game.phase = session.state.phase
        game.deadline = _deadline(session)
        game.updated = now
        transaction.on_commit(partial(_published, game.pk, session, list(game.pending.events)))
        game.save(update_fields=_INDEX_COLUMNS)


def _published(game_id: int, session: Session, events: list[Recorded]) -> None:
    sessions.keep(session)
    broadcast(game_id, events)


def _deadline(session: Session) -> datetime | None:
    deadline = session.room.timer.deadline
    return datetime.fromisoformat(deadline) if deadline else None
