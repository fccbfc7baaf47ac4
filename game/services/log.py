"""Recording events: the only way a game changes.

Every service runs inside ``locked(game_id)``: one transaction holding the game's row lock
(PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writers with IMMEDIATE transactions).
``record`` folds events into the session at once, so the service can decide its next step
on the new state, and keeps them until the ``with`` block ends. Then they are written in one
insert, the game's index columns in one update, and a single broadcast (with the cache
update) is arranged for *after* the commit: viewers hear of a use case's events together,
and never of events that were rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from game.broadcast import broadcast
from game.models import Game, GameEvent
from game.session import Recorded, Session, sessions


class _Pending:
    """Events recorded in the current transaction, not yet written."""

    def __init__(self, session: Session) -> None:
        self.events: list[Recorded] = []
        self.rows: list[GameEvent] = []
        self.session = session


@contextmanager
def locked(game_id: int) -> Iterator[tuple[Game, Session]]:
    with transaction.atomic():
        game = Game.objects.live().select_for_update().get(pk=game_id)
        yield from _recording(game)


@contextmanager
def locked_if_due(game_id: int, now: datetime) -> Iterator[tuple[Game, Session] | None]:
    """As ``locked``, but yields None at once unless the game's row says it is running past
    its deadline and no other transaction holds it (on PostgreSQL: ``SKIP LOCKED``). Every
    process's clock finds the same due games; the one that comes second learns from this
    one query that the game is taken or already advanced, without folding the round it
    will not resolve (5–35 ms of a database thread per game in a burst of 25 rounds)."""
    with transaction.atomic():
        game = (
            Game.objects.live()
            .select_for_update(skip_locked=True)
            .filter(pk=game_id, status="running", deadline__lte=now)
            .first()
        )
        if game is None:
            yield None
            return
        yield from _recording(game)


def _recording(game: Game) -> Iterator[tuple[Game, Session]]:
    """What both locks do with the game they hold: fold it, let the service record, then
    write what it recorded (an exception at the ``yield`` skips the write, and the
    transaction around it rolls back)."""
    session = sessions.current(game)
    game.pending = _Pending(session)
    yield game, session
    _write(game)


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
            GameEvent(game=game, seq=event.seq, type=kind, data=stored, actor=actor, at=now)
        )
    pending.session = session
    return session


def _write(game: Game) -> None:
    pending: _Pending = game.pending
    if not pending.events:
        return
    session = pending.session
    GameEvent.objects.bulk_create(pending.rows)
    game.status = session.room.status
    game.round = session.state.round
    game.phase = session.state.phase
    game.deadline = _deadline(session)
    game.save(update_fields=["last_seq", "status", "round", "phase", "deadline", "updated"])
    events = list(pending.events)
    transaction.on_commit(lambda: sessions.keep(session))
    transaction.on_commit(lambda: broadcast(game.pk, events))


def _deadline(session: Session) -> datetime | None:
    deadline = session.room.timer.deadline
    return datetime.fromisoformat(deadline) if deadline else None
