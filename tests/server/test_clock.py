"""The clock: phases past their deadline advance exactly once, whoever notices first.

Several processes racing on PostgreSQL are tested end to end in tests/e2e/."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

from game import clock
from game.services import phases, seats
from game.services.log import locked, record

pytestmark = pytest.mark.django_db(transaction=True)


def overdue(game) -> None:
    """Put the running phase's deadline a minute in the past."""
    with locked(game.pk) as (row, session):
        past = (timezone.now() - timedelta(minutes=1)).isoformat()
        record(row, session, [("timer_set", {"deadline": past, "remaining": None})], "test")


def phase_changes(game) -> int:
    return game.events.filter(type="phase_changed").count()


@pytest.mark.asyncio
async def test_a_tick_advances_every_game_past_its_deadline_and_nothing_else(game):
    from asgiref.sync import sync_to_async

    await sync_to_async(phases.start_game)(game_id=game.pk, actor="f")
    assert await clock.tick() == 0
    await sync_to_async(overdue)(game)
    assert await clock.tick() == 1
    assert await clock.tick() == 0
    await sync_to_async(game.refresh_from_db)()
    assert game.phase == "negotiation"


def test_a_click_racing_the_clock_does_not_skip_a_phase(game):
    phases.start_game(game_id=game.pk, actor="f")
    overdue(game)
    assert phases.resolve_due() == [game.pk]
    with pytest.raises(Exception) as error:
        phases.advance(game_id=game.pk, expected=(1, "briefing"), actor="f")
    assert error.value.code == "phase_moved"
    game.refresh_from_db()
    assert game.phase == "negotiation"


def test_a_clock_that_comes_second_learns_it_from_one_query(game):
    """Every process's clock looks for due games. One that comes after another process
    advanced the game must not lock it, nor read and fold what was recorded meanwhile to
    find out: in a burst of rounds that work held up the rounds still due."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from game.session import sessions

    phases.start_game(game_id=game.pk, actor="f")
    overdue(game)
    game.refresh_from_db()
    before = sessions.current(game)  # what the second process last saw
    moment = timezone.now()
    assert phases.resolve_due(now=moment) == [game.pk]  # the first process
    sessions.forget(game.pk)
    sessions.keep(before)

    with CaptureQueriesContext(connection) as queries:
        assert phases.resolve_due(now=moment) == []
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 and "game_gameevent" not in reads[0]
    game.refresh_from_db()
    assert sessions.current(game).seq > before.seq  # caught up when asked, not before


def test_a_paused_game_is_never_due(game):
    phases.start_game(game_id=game.pk, actor="f")
    phases.pause(game_id=game.pk, actor="f")
    assert phases.resolve_due(now=timezone.now() + timedelta(days=1)) == []


def test_games_due_together_advance_in_one_transaction_earliest_first(facilitator, kelas6):
    """A burst of deadlines costs one claim, one insert of every game's events and one
    commit, not one of each per game."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    games = [seats.create_game(owner=facilitator, scenario=kelas6, seed=n) for n in range(3)]
    for game in reversed(games):  # the last created falls due first
        phases.start_game(game_id=game.pk, actor="f")
        overdue(game)
    with CaptureQueriesContext(connection) as queries:
        advanced = phases.resolve_due()
    assert advanced == [game.pk for game in reversed(games)]
    sql = [q["sql"] for q in queries]
    assert sum(q.startswith('INSERT INTO "game_gameevent"') for q in sql) == 1
    assert sum(q.startswith("SELECT") and '"game_game"' in q for q in sql) == 1
    for game in games:
        game.refresh_from_db()
        assert game.phase == "negotiation" and game.deadline > timezone.now()


def test_a_batch_holds_at_most_a_few_games_and_tick_takes_the_rest(
    facilitator, kelas6, monkeypatch
):
    monkeypatch.setattr(phases, "RESOLVED_TOGETHER", 2)
    games = [seats.create_game(owner=facilitator, scenario=kelas6, seed=n) for n in range(5)]
    for game in games:
        phases.start_game(game_id=game.pk, actor="f")
        overdue(game)
    assert len(phases.resolve_due()) == 2
    assert async_to_sync(clock.tick)() == 3  # two, then one
    assert phases.resolve_due() == []


def test_a_game_that_fails_to_advance_holds_up_none_of_the_others(facilitator, kelas6, monkeypatch):
    """Its events are not written and it stays due, to be tried again; the others of the
    same batch advance."""
    broken, fine = (seats.create_game(owner=facilitator, scenario=kelas6, seed=n) for n in (1, 2))
    for game in (broken, fine):
        phases.start_game(game_id=game.pk, actor="f")
        overdue(game)
    broken.refresh_from_db()
    events_before = broken.events.count()
    real_step = phases.step

    def step(game, session, actor):
        session = real_step(game, session, actor)  # records, then fails
        if game.pk == broken.pk:
            raise RuntimeError("a bug in this game's round")
        return session

    monkeypatch.setattr(phases, "step", step)
    assert phases.resolve_due() == [fine.pk]
    row = type(broken).objects.get(pk=broken.pk)
    assert (row.last_seq, row.phase, broken.events.count()) == (
        broken.last_seq,
        "briefing",
        events_before,
    )
    monkeypatch.setattr(phases, "step", real_step)
    assert phases.resolve_due() == [broken.pk]


def test_the_clock_sleeps_until_the_next_deadline_but_never_longer_than_a_tick(settings):
    settings.MUFAKAT_TICK_SECONDS = 1.0
    assert clock.next_sleep(None) == 1.0
    assert clock.next_sleep(30.0) == 1.0
    assert 0.3 < clock.next_sleep(0.3) < 0.31
    assert 0.2 < clock.next_sleep(0.3, elapsed=0.1) < 0.21
    assert 0 < clock.next_sleep(-2.0) < 0.01  # overdue: look again at once


@pytest.mark.asyncio
async def test_a_phase_ends_at_its_deadline_not_at_the_next_tick(game, settings):
    """With a tick of ten seconds, a deadline half a second away still ends the phase
    within a couple of seconds: the clock wakes for it."""
    from asgiref.sync import sync_to_async

    settings.MUFAKAT_TICK_SECONDS = 10.0
    await sync_to_async(phases.start_game)(game_id=game.pk, actor="f")

    def soon() -> None:
        with locked(game.pk) as (row, session):
            at = (timezone.now() + timedelta(seconds=0.5)).isoformat()
            record(row, session, [("timer_set", {"deadline": at, "remaining": None})], "test")

    await sync_to_async(soon)()
    ticker = asyncio.create_task(clock.run())
    try:
        for _ in range(40):  # up to 4 s
            await asyncio.sleep(0.1)
            if await sync_to_async(phase_changes)(game) >= 2:
                break
    finally:
        ticker.cancel()
    assert await sync_to_async(phase_changes)(game) == 2  # briefing, then negotiation
