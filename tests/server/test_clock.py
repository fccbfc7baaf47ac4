"""The clock: phases past their deadline advance exactly once, whoever notices first.

Several processes racing on PostgreSQL are tested end to end in tests/e2e/."""

from __future__ import annotations

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


def test_a_paused_game_is_never_due(game):
    phases.start_game(game_id=game.pk, actor="f")
    phases.pause(game_id=game.pk, actor="f")
    assert not phases.resolve_if_due(game_id=game.pk, now=timezone.now() + timedelta(days=1))
