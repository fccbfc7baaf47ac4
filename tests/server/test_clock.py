"""The clock: phases past their deadline advance exactly once, whoever notices first.

Several processes racing on PostgreSQL are tested end to end in tests/e2e/."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from django.utils import timezone

from game import clock
from game.services import phases
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
    assert phases.resolve_if_due(game_id=game.pk)
    with pytest.raises(Exception) as error:
        phases.advance(game_id=game.pk, expected=(1, "briefing"), actor="f")
    assert error.value.code == "phase_moved"
    game.refresh_from_db()
    assert game.phase == "negotiation"


def test_a_clock_that_comes_second_learns_it_from_the_games_row(game):
    """Every process's clock finds the same due games. One that comes after another process
    advanced the game must not read and fold what was recorded meanwhile to find out: in a
    burst of rounds that work held up the rounds still due."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from game.session import sessions

    phases.start_game(game_id=game.pk, actor="f")
    overdue(game)
    game.refresh_from_db()
    before = sessions.current(game)  # what the second process last saw
    moment = timezone.now()
    assert phases.resolve_if_due(game_id=game.pk, now=moment)  # the first process
    sessions.forget(game.pk)
    sessions.keep(before)

    with CaptureQueriesContext(connection) as queries:
        assert not phases.resolve_if_due(game_id=game.pk, now=moment)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 and "game_gameevent" not in reads[0]
    game.refresh_from_db()
    assert sessions.current(game).seq > before.seq  # caught up when asked, not before


def test_a_paused_game_is_never_due(game):
    phases.start_game(game_id=game.pk, actor="f")
    phases.pause(game_id=game.pk, actor="f")
    assert not phases.resolve_if_due(game_id=game.pk, now=timezone.now() + timedelta(days=1))


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


async def test_the_clock_resolves_each_due_game_once_and_a_few_at_a_time(monkeypatch) -> None:
    running: set[int] = set()
    most = 0
    resolved: list[int] = []
    release = asyncio.Event()

    async def resolve(game_id: int) -> bool:
        nonlocal most
        running.add(game_id)
        most = max(most, len(running))
        await release.wait()
        running.discard(game_id)
        resolved.append(game_id)
        return True

    monkeypatch.setattr(clock, "_resolve_logged", resolve)
    resolver = clock.Resolver()

    resolver.start([1, 2, 3, 4, 5])
    resolver.start([1, 2, 3, 4, 5, 6])  # the next tick sees the same games still due
    await asyncio.sleep(0.05)
    assert len(running) == clock.RESOLVING_AT_ONCE
    release.set()
    while resolver.busy:
        await asyncio.sleep(0.01)

    assert sorted(resolved) == [1, 2, 3, 4, 5, 6]
    assert most == clock.RESOLVING_AT_ONCE
