"""A server process keeps each live game's resolved rounds packed, and reads them back as the
engine made them: the packing changes what a fold costs, never what a round said."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import orjson
import pytest

from game.engine.events import ENGINE_EVENTS, Event, apply
from game.engine.game import new_game
from game.fanout import encode
from game.identity import player_cookie, player_token
from game.models import GameEvent
from game.projections import Viewer, rounds_json, snapshot
from game.round_history import RoundHistory
from game.session import replay
from game.templatetags.snapshot_script import snapshot_script

from .finished_game import current, play_game

pytestmark = pytest.mark.django_db

NORTH = {"round": 1, "world": {"gini": 0.41, "warming": 1.2}, "countries": {"n": {"score": 3}}}
SOUTH = {"round": 2, "world": {"gini": 0.39, "warming": 1.3}, "countries": {"s": {"score": 5}}}


@pytest.fixture
def played(facilitator, kelas6):
    return play_game(facilitator, kelas6, rounds=3)


def test_a_live_games_fold_keeps_its_rounds_packed(played):
    history = current(played.game).state.history

    assert isinstance(history, RoundHistory)
    assert len(history) == 3


def test_the_packed_rounds_read_back_as_the_log_recorded_them(played):
    recorded = [
        event.data
        for event in GameEvent.objects.filter(game=played.game, type="round_resolved").order_by(
            "seq"
        )
    ]
    history = current(played.game).state.history

    assert list(history) == recorded
    assert [history[i] for i in range(-3, 3)] == recorded * 2
    assert history[1:] == tuple(recorded[1:])
    assert history == recorded
    assert history == replay(played.game).state.history


def test_a_snapshot_shows_every_round_in_full(played):
    session = current(played.game)

    sent = orjson.loads(encode(snapshot(session, Viewer("facilitator"))))

    assert sent["history"] == list(session.state.history)
    assert [record["round"] for record in sent["history"]] == [1, 2, 3]


def test_the_player_page_holds_every_round_in_its_snapshot(played, client):
    client.cookies[player_cookie(played.game.code)] = player_token(played.game, played.siti)

    html = client.get(f"/play/{played.game.code}/").content.decode()

    script = re.search(r'<script id="player-snapshot" type="application/json">(.*?)</script>', html)
    assert script is not None
    view = json.loads(script.group(1))["view"]
    assert view["history"] == list(current(played.game).state.history)
    assert view["me"]["name"] == "Siti Rahmawati"


def test_adding_a_round_leaves_the_history_it_was_added_to_as_it_was():
    before = RoundHistory([NORTH])

    after = before + (SOUTH,)  # noqa: RUF005 (the fold adds with +)

    assert list(before) == [NORTH]
    assert list(after) == [NORTH, SOUTH]
    assert isinstance(after, RoundHistory)


def test_equal_rounds_are_equal_whatever_order_their_keys_came_in():
    reordered = {key: NORTH[key] for key in reversed(NORTH)}

    assert RoundHistory([NORTH]) == RoundHistory([reordered])
    assert RoundHistory([NORTH]) != RoundHistory([SOUTH])
    assert RoundHistory([NORTH]) != RoundHistory([NORTH, SOUTH])
    assert RoundHistory() == ()


def test_the_engine_folds_the_log_into_a_packed_history_as_into_a_tuple(played):
    session = current(played.game)
    events = [
        Event(e.type, e.data)
        for e in GameEvent.objects.filter(game=played.game).order_by("seq")
        if e.type in ENGINE_EVENTS
    ]
    plain = new_game(session.scenario, played.game.seed)
    packed = replace(plain, history=RoundHistory())

    for event in events:
        plain, packed = apply(plain, event), apply(packed, event)

    assert isinstance(plain.history, tuple) and isinstance(packed.history, RoundHistory)
    assert packed.as_dict() == plain.as_dict()
    assert packed == plain


def test_the_page_snapshot_cannot_close_its_script_whatever_a_round_says():
    said = "</script><script>alert('kelas')</script> & <b>"
    view = {"history": rounds_json(RoundHistory([{"news": [said]}])), "title": said}

    html = snapshot_script(view, "player-snapshot")

    assert html.startswith('<script id="player-snapshot" type="application/json">')
    assert html.count("</script>") == 1 and "<b>" not in html and "&" not in html
    body = html.removeprefix('<script id="player-snapshot" type="application/json">')
    assert json.loads(body.removesuffix("</script>")) == {
        "history": [{"news": [said]}],
        "title": said,
    }
