"""Recording events: the only way a game changes.

Every service runs inside ``locked(game_id)``: one transaction holding the game's row lock
(PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writers with IMMEDIATE transactions).
``record`` appends events with the next sequence numbers, updates the game's index columns
and arranges the broadcast and the cache update for *after* the commit, so no viewer ever
hears of an event that was rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from game.broadcast import broadcast
from game.models import Game, GameEvent
from game.session import Recorded, Session, sessions


@contextmanager
def locked(game_id: int) -> Iterator[tuple[Game, Session]]:
    with transaction.atomic():
        game = Game.objects.select_for_update().get(pk=game_id)
        yield game, sessions.current(game)


def record(
    game: Game, session: Session, entries: Sequence[tuple[str, dict[str, Any]]], actor: str
) -> Session:
    """Append ``entries`` (type, data) to the log; the caller holds ``locked(game.pk)``."""
    if not entries:
        return session
    now = timezone.now()
    at = now.isoformat()
    rows = []
    events = []
    seq = game.last_seq
    for kind, data in entries:
        seq += 1
        # Data goes through JSON now, so the live fold sees exactly what a replay will.
        stored = json.loads(json.dumps(data))
        event = Recorded(seq=seq, type=kind, data=stored, actor=actor, at=at)
        session = session.apply(event)
        events.append(event)
        rows.append(GameEvent(game=game, seq=seq, type=kind, data=stored, actor=actor, at=now))
    GameEvent.objects.bulk_create(rows)
    game.last_seq = seq
    game.status = session.room.status
    game.round = session.state.round
    game.phase = session.state.phase
    game.deadline = _deadline(session)
    game.save(update_fields=["last_seq", "status", "round", "phase", "deadline", "updated"])
    final = session
    transaction.on_commit(lambda: sessions.keep(final))
    transaction.on_commit(lambda: broadcast(game.pk, events))
    return session


def _deadline(session: Session) -> datetime | None:
    deadline = session.room.timer.deadline
    return datetime.fromisoformat(deadline) if deadline else None
