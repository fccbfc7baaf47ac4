"""Running the session: start, advance, pause, resume, extend, and the clock's own advance.

A phase's deadline is a timestamp in the log (and indexed on the game row), never a sleeping
task. Each process's clock calls ``resolve_due``, which claims the games whose deadline has
passed and that nobody else holds, and advances each under its lock only if its row still
says it is due: two processes, a restart, and a facilitator clicking "advance" at the same
instant cannot advance a phase twice. A facilitator's advance
names the phase it means to leave, so a click that arrives after the clock moved does nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from game.engine.commands import AdvancePhase, StartGame
from game.engine.errors import RuleError
from game.errors import GameError
from game.models import Game
from game.session import Session

from .bots import play_bots
from .engine import run
from .log import discard, locked, locked_due, record

log = logging.getLogger(__name__)

MAX_EXTENSION = 3600
# Games the clock advances in one transaction (one claim, one insert, one commit). Rounds
# that fall due together wait for each other's results within one batch, so it is small.
RESOLVED_TOGETHER = 4


def _duration(session: Session) -> float:
    phase = session.state.phase
    return float(getattr(session.scenario.phases, phase, 0))


def _timer_for_phase(game: Game, session: Session, actor: str) -> Session:
    """A fresh timer for the phase just entered, running or (if paused) held."""
    if session.state.phase == "finished":
        session = record(
            game, session, [("timer_set", {"deadline": None, "remaining": None})], actor
        )
        return record(game, session, [("status_changed", {"status": "finished"})], actor)
    seconds = _duration(session)
    if session.room.status == "paused":
        timer = {"deadline": None, "remaining": seconds}
    else:
        deadline = timezone.now() + timedelta(seconds=seconds)
        timer = {"deadline": deadline.isoformat(), "remaining": None}
    return record(game, session, [("timer_set", timer)], actor)


def step(game: Game, session: Session, actor: str) -> Session:
    """Leave the current phase: the engine resolves the round when leaving the decision."""
    try:
        session = run(game, session, AdvancePhase(), actor=actor)
    except RuleError as error:
        raise GameError.from_rule(error) from None
    session = _timer_for_phase(game, session, actor)
    return play_bots(game, session)


def start_game(*, game_id: int, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.status != "lobby":
            raise GameError("already_started")
        session = run(game, session, StartGame(), actor=actor)
        session = record(game, session, [("status_changed", {"status": "running"})], actor)
        session = _timer_for_phase(game, session, actor)
        return play_bots(game, session)


def advance(*, game_id: int, expected: tuple[int, str] | None, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.status not in ("running", "paused"):
            raise GameError("not_running")
        if expected is not None and expected != (session.state.round, session.state.phase):
            raise GameError("phase_moved")
        return step(game, session, actor)


def resolve_due(*, now: datetime | None = None, limit: int | None = None) -> list[int]:
    """Advance every game whose deadline has passed and that no other process holds, at
    most ``limit`` (``RESOLVED_TOGETHER``), in one transaction; the ids of the games
    advanced.

    A game is due by its row (status and deadline, which every write sets from the session
    in the same transaction). One that fails to advance is logged and left as it was, due,
    for the next call; the others are written all the same."""
    now = now or timezone.now()
    advanced = []
    with locked_due(now, limit or RESOLVED_TOGETHER) as held:
        for game, session in held:
            try:
                step(game, session, "clock")
            except Exception:
                log.exception("game %s could not advance past its deadline", game.pk)
                discard(game)
            else:
                advanced.append(game.pk)
    return advanced


def advance_if_all_submitted(game: Game, session: Session, actor: str) -> Session:
    """The facilitator's option: leave the decision phase once every country has a policy."""
    state = session.state
    if (
        session.room.advance_when_all_submitted
        and session.room.status == "running"
        and state.phase == "decision"
        and all(country in state.policies for country in state.countries)
    ):
        return step(game, session, actor)
    return session


def next_deadline(now: datetime | None = None) -> datetime | None:
    """The nearest deadline still to come among running games."""
    now = now or timezone.now()
    return (
        Game.objects.filter(status="running", deadline__gt=now)
        .order_by("deadline")
        .values_list("deadline", flat=True)
        .first()
    )


def pause(*, game_id: int, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.status != "running":
            raise GameError("not_running")
        deadline = session.room.timer.deadline
        left = (
            (datetime.fromisoformat(deadline) - timezone.now()).total_seconds() if deadline else 0
        )
        session = record(
            game,
            session,
            [
                ("status_changed", {"status": "paused"}),
                ("timer_set", {"deadline": None, "remaining": max(0.0, left)}),
            ],
            actor,
        )
        return session


def resume(*, game_id: int, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.status != "paused":
            raise GameError("not_paused")
        left = session.room.timer.remaining or 0.0
        deadline = timezone.now() + timedelta(seconds=left)
        return record(
            game,
            session,
            [
                ("status_changed", {"status": "running"}),
                ("timer_set", {"deadline": deadline.isoformat(), "remaining": None}),
            ],
            actor,
        )


def extend(*, game_id: int, seconds: int, actor: str) -> Session:
    if not 1 <= seconds <= MAX_EXTENSION:
        raise GameError("bad_extension", field="seconds")
    with locked(game_id) as (game, session):
        timer = session.room.timer
        if session.room.status == "paused":
            new = {"deadline": None, "remaining": (timer.remaining or 0.0) + seconds}
        elif session.room.status == "running" and timer.deadline:
            deadline = datetime.fromisoformat(timer.deadline) + timedelta(seconds=seconds)
            new = {"deadline": deadline.isoformat(), "remaining": None}
        else:
            raise GameError("not_running")
        return record(game, session, [("timer_set", new)], actor)


def set_option(*, game_id: int, advance_when_all_submitted: bool, actor: str) -> Session:
    with locked(game_id) as (game, session):
        session = record(
            game,
            session,
            [("option_set", {"advance_when_all_submitted": advance_when_all_submitted})],
            actor,
        )
        return advance_if_all_submitted(game, session, actor)


def finish(*, game_id: int, actor: str) -> Session:
    """End the game now (the results so far stand)."""
    with locked(game_id) as (game, session):
        if session.room.status in ("finished", "archived"):
            raise GameError("game_over")
        return record(
            game,
            session,
            [
                ("timer_set", {"deadline": None, "remaining": None}),
                ("status_changed", {"status": "finished"}),
            ],
            actor,
        )


def archive(*, game_id: int, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.status != "finished":
            raise GameError("not_running")
        return record(game, session, [("status_changed", {"status": "archived"})], actor)
