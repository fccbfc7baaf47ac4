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

Every move runs the lock, the insert and the update, so those three are written out once
(``_Statements``) rather than built by the ORM each time: the ORM's lock, insert and update
took 0.8, 0.5 and 0.4 ms of a database thread's processor, and a chat message 2.5 ms in
all, 1.6 ms with the statements below (py-spy had put Django building these three queries
at a fifth of a busy server process). Values still go through each field's own conversion,
and the lock's row through ``Game.objects.raw``, so the backends' differences (SQLite's
datetimes and booleans) stay Django's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone

from game.broadcast import broadcast
from game.models import LIVE_DEFERRED, Game, GameEvent
from game.session import Recorded, Session, sessions

# The game row's columns that index its log.
_INDEX_COLUMNS = ("last_seq", "status", "round", "phase", "deadline", "updated")
_EVENT_COLUMNS = ("game_id", "seq", "type", "data", "actor", "at")


class _Statements:
    """The lock, the insert and the update of every move, as SQL for one backend."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        quote = connection.ops.quote_name
        games, events = Game._meta, GameEvent._meta
        read = [f for f in games.concrete_fields if f.attname not in LIVE_DEFERRED]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        self.lock = (
            f"SELECT {', '.join(quote(f.column) for f in read)} FROM {quote(games.db_table)}"
            f" WHERE {quote(games.pk.column)} = %s{lock}"
        )
        self.event_fields = [events.get_field(name) for name in _EVENT_COLUMNS]
        self.insert = (
            f"INSERT INTO {quote(events.db_table)}"
            f" ({', '.join(quote(f.column) for f in self.event_fields)}) VALUES "
        )
        self.row = "(" + ", ".join(["%s"] * len(_EVENT_COLUMNS)) + ")"
        self.index_fields = [games.get_field(name) for name in _INDEX_COLUMNS]
        self.update = (
            f"UPDATE {quote(games.db_table)} SET "
            + ", ".join(f"{quote(f.column)} = %s" for f in self.index_fields)
            + f" WHERE {quote(games.pk.column)} = %s"
        )


_statements: dict[str, _Statements] = {}


def _sql() -> _Statements:
    found = _statements.get(connection.vendor)
    if found is None:
        found = _statements[connection.vendor] = _Statements(connection)
    return found


class _Pending:
    """Events recorded in the current transaction, not yet written."""

    def __init__(self, session: Session) -> None:
        self.events: list[Recorded] = []
        self.at: list[datetime] = []  # when each was recorded
        self.start = session  # the fold before this transaction
        self.session = session


@contextmanager
def locked(game_id: int) -> Iterator[tuple[Game, Session]]:
    with transaction.atomic():
        found = list(Game.objects.raw(_sql().lock, [game_id]))
        if not found:
            raise Game.DoesNotExist(f"no game {game_id}")
        yield from _recording(found[0])


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
        pending.at.append(now)
    pending.session = session
    return session


def _write_all(games: Sequence[Game]) -> None:
    """One insert for the events of every game held, an update of each one's row, and each
    game's broadcast after the commit."""
    written = [game for game in games if game.pending.events]
    if not written:
        return
    sql = _sql()
    params: list[Any] = []
    for game in written:
        for event, when in zip(game.pending.events, game.pending.at, strict=True):
            row = (game.pk, event.seq, event.type, event.data, event.actor, when)
            params += _prepared(sql.event_fields, row)
    rows = len(params) // len(_EVENT_COLUMNS)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(sql.insert + ", ".join([sql.row] * rows), params)
        for game in written:
            session = game.pending.session
            game.status = session.room.status
            game.round = session.state.round
            game.phase = session.state.phase
            game.deadline = _deadline(session)
            game.updated = now
            values = [getattr(game, f.attname) for f in sql.index_fields]
            cursor.execute(sql.update, [*_prepared(sql.index_fields, values), game.pk])
            events = list(game.pending.events)
            transaction.on_commit(partial(_published, game.pk, session, events))


def _prepared(fields: Sequence[Field[Any, Any]], values: Sequence[Any]) -> list[Any]:
    return [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]


def _published(game_id: int, session: Session, events: list[Recorded]) -> None:
    sessions.keep(session)
    broadcast(game_id, events)


def _deadline(session: Session) -> datetime | None:
    deadline = session.room.timer.deadline
    return datetime.fromisoformat(deadline) if deadline else None
