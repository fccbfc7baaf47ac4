"""Games built the way a class builds them: through the same services players use."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from game.models import Game, Scenario
from game.services import seats
from game.session import sessions


@pytest.fixture(autouse=True)
def _fresh_process_state(settings):
    """Each test starts like a new server process: no cached folds, no background clock."""
    sessions.clear()
    settings.MUFAKAT_TICK_SECONDS = 0
    yield
    sessions.clear()


@pytest.fixture
def facilitator(db):
    return get_user_model().objects.create_user("guru", password="rahasia-sekali")


@pytest.fixture
def kelas6(loaded_scenarios) -> Scenario:
    return Scenario.objects.get(slug="kelas-6")


@pytest.fixture
def game(facilitator, kelas6) -> Game:
    return seats.create_game(owner=facilitator, scenario=kelas6, seed=7)


def seat(game: Game, name: str, country: str | None = None, *, civil: bool = False) -> int:
    """A student joins and (if a country is given) sits down in its delegation."""
    player = seats.join_game(code=game.code, name=name, civil=civil)
    if country is not None:
        seats.take_seat(game_id=game.pk, player_id=player.pk, country=country)
    return player.pk
