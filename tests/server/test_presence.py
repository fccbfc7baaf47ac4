"""Presence: a delegation nobody has been connected for is announced offline, and back
online when one of its students connects, whatever the timing of the two."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone

from game.models import Game, Player
from game.services import phases, presence
from game.services.log import locked
from game.session import sessions

from .conftest import seat

pytestmark = pytest.mark.django_db


def offline(game: Game) -> frozenset[str]:
    game.refresh_from_db()
    return sessions.current(game).room.offline


@pytest.fixture
def absent(game):
    """A running game whose Indonesian delegate left a minute ago."""
    player = seat(game, "Ani", "idn")
    phases.start_game(game_id=game.pk, actor="facilitator")
    Player.objects.filter(pk=player).update(last_seen=timezone.now() - timedelta(minutes=1))
    return player


def test_a_delegation_nobody_is_connected_for_goes_offline_and_comes_back(game, absent):
    presence.sweep()
    assert offline(game) == {"idn"}

    presence.connected(game_id=game.pk, player_id=absent)
    assert offline(game) == frozenset()


def test_a_delegation_seen_within_the_grace_period_stays_online(game, absent):
    Player.objects.filter(pk=absent).update(last_seen=timezone.now())
    presence.sweep()
    assert offline(game) == frozenset()


def test_a_student_who_connects_just_before_the_sweep_takes_the_lock_keeps_it_online(
    game, absent, monkeypatch
):
    """The student connects in full (counted, and their delegation not offline yet) in
    the moment between the sweep starting on the game and the sweep getting its lock."""
    arrived = []

    @contextmanager
    def connect_first(game_id):
        if not arrived:
            arrived.append(True)
            presence.connected(game_id=game_id, player_id=absent)
        with locked(game_id) as held:
            yield held

    monkeypatch.setattr("game.services.presence.locked", connect_first)
    presence.sweep()

    assert arrived
    assert offline(game) == frozenset()
