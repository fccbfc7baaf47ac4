"""Each server process keeps the fold of the games it serves, and lets go of the ones
nobody uses: a server that runs all term does not hold every lesson it ever served."""

from __future__ import annotations

import pytest

from game.services import seats, talk
from game.session import SessionCache, replay

from .conftest import seat

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def known(cache: SessionCache, game) -> bool:
    return game.pk in cache


@pytest.fixture
def lessons(facilitator, kelas6, game):
    return game, seats.create_game(owner=facilitator, scenario=kelas6, seed=8)


def test_a_game_nobody_uses_for_the_idle_time_leaves_and_comes_back_from_the_log(lessons):
    first, second = lessons
    clock = Clock()
    cache = SessionCache(idle=600, clock=clock)
    cache.current(first)

    clock.now = 599
    cache.current(second)
    assert known(cache, first)

    clock.now = 600
    cache.current(second)
    assert not known(cache, first)
    assert known(cache, second)

    talk.post_message(
        game_id=first.pk, player_id=seat(first, "Ani", "idn"), channel="plenary", text="Halo"
    )
    first.refresh_from_db()
    assert cache.current(first) == replay(first)


def test_using_a_game_keeps_it(lessons):
    first, second = lessons
    clock = Clock()
    cache = SessionCache(idle=600, clock=clock)
    for minute in range(0, 60, 5):
        clock.now = minute * 60
        cache.current(first)
        cache.current(second)
    assert known(cache, first) and known(cache, second)


def test_beyond_its_size_the_least_recently_used_game_leaves_first(lessons):
    first, second = lessons
    cache = SessionCache(size=1, clock=Clock())
    cache.current(first)
    cache.current(second)
    assert not known(cache, first)
    assert known(cache, second)
