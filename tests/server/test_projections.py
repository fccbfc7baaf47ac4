"""What each viewer is told of an event (``projections.project``) against what a fresh
snapshot shows them (``projections.snapshot``).

A page keeps its view by folding the events it is sent onto one snapshot (store.js), so an
event must carry whatever the viewer's snapshot would change to: the text of a message shown
again, the private view of a delegation a player has just joined.
"""

from __future__ import annotations

import pytest

from game.engine.state import Policy
from game.projections import Viewer, project, snapshot
from game.room import conversation
from game.services import phases, play, seats, talk
from game.session import Recorded, Session, recorded, sessions

from .conftest import seat

pytestmark = pytest.mark.django_db

FACILITATOR = Viewer("facilitator")
PROJECTOR = Viewer("projector")
COUNTRY_CHANNELS = ("delegation:", "announce:", "group:")


def player(player_id: int) -> Viewer:
    return Viewer("player", player_id)


def current(game) -> Session:
    game.refresh_from_db()
    return sessions.current(game)


def last(game, kind: str) -> Recorded:
    return next(e for e in reversed(recorded(game)) if e.type == kind)


def told(game, event: Recorded, viewer: Viewer) -> dict:
    shown = project(event, viewer, current(game))
    assert shown is not None
    return shown["data"]


def message_in(view: dict, message_id: int) -> dict:
    return next(m for m in view["messages"] if m["id"] == message_id)


def running(game) -> None:
    phases.start_game(game_id=game.pk, actor="facilitator")
    s = current(game)
    phases.advance(game_id=game.pk, expected=(s.state.round, s.state.phase), actor="facilitator")


def hide(game, message_id: int, hidden: bool) -> Recorded:
    talk.hide_message(game_id=game.pk, message_id=message_id, hidden=hidden, actor="facilitator")
    return last(game, "message_hidden")


# Hidden messages -------------------------------------------------------------------------


def test_a_hidden_message_reaches_players_without_its_text_and_comes_back_with_it(game):
    ani, budi = seat(game, "Ani", "idn"), seat(game, "Budi", "usa")
    running(game)
    talk.post_message(game_id=game.pk, player_id=ani, channel="plenary", text="kasar")
    message = last(game, "message_posted").seq

    hidden = hide(game, message, True)
    for viewer in (player(ani), player(budi), PROJECTOR):
        assert told(game, hidden, viewer) == {"message": message, "hidden": True, "text": ""}
        assert message_in(snapshot(current(game), viewer), message)["text"] == ""
    # The facilitator keeps reading it, to decide whether to show it again.
    assert told(game, hidden, FACILITATOR) == {"message": message, "hidden": True}
    assert message_in(snapshot(current(game), FACILITATOR), message)["text"] == "kasar"

    shown = hide(game, message, False)
    for viewer in (player(ani), player(budi), PROJECTOR):
        assert told(game, shown, viewer) == {"message": message, "hidden": False, "text": "kasar"}
        assert message_in(snapshot(current(game), viewer), message)["text"] == "kasar"


def test_showing_a_delegations_message_again_tells_no_one_else_its_text(game):
    ani, budi = seat(game, "Ani", "idn"), seat(game, "Budi", "usa")
    running(game)
    talk.post_message(game_id=game.pk, player_id=ani, channel="delegation", text="RAHASIA")
    message = last(game, "message_posted").seq
    hide(game, message, True)
    shown = hide(game, message, False)
    assert told(game, shown, player(ani))["text"] == "RAHASIA"
    for outsider in (player(budi), PROJECTOR):
        assert told(game, shown, outsider) == {"message": message, "hidden": False}


def test_hiding_a_help_request_hides_nothing_from_the_student_who_asked(game):
    """Only the student and the facilitator read a help channel; every delegate of a country
    is sent the same frame, so its text must not travel in the event that shows it again."""
    ani, budi = seat(game, "Ani", "idn"), seat(game, "Budi", "idn")
    talk.request_help(game_id=game.pk, player_id=ani, text="RAHASIA-BANTUAN")
    message = last(game, "message_posted").seq
    for hidden in (True, False):
        event = hide(game, message, hidden)
        for viewer in (player(ani), player(budi)):
            assert told(game, event, viewer) == {"message": message, "hidden": hidden}
        shown = message_in(snapshot(current(game), player(ani)), message)
        assert (shown["text"], shown["hidden"]) == ("RAHASIA-BANTUAN", hidden)


# Seat changes ----------------------------------------------------------------------------


@pytest.fixture
def usa_talks(game):
    """Ani heads Indonesia, Cici the United States; Budi sits with Ani. The United States
    talks in its delegation, in a group with Germany, hears an announcement and has a
    proposal; Indonesia talks in its own delegation."""
    ani, budi, cici = seat(game, "Ani", "idn"), seat(game, "Budi", "idn"), seat(game, "Cici", "usa")
    dora = seat(game, "Dora", "deu")
    running(game)
    talk.post_message(game_id=game.pk, player_id=ani, channel="delegation", text="Rapat idn")
    talk.post_message(game_id=game.pk, player_id=cici, channel="delegation", text="Rapat usa")
    talk.create_group(game_id=game.pk, player_id=cici, countries=["deu"], title="Atlantik")
    group = last(game, "group_created").data["group"]
    talk.post_message(game_id=game.pk, player_id=dora, channel=f"group:{group}", text="Halo")
    talk.announce(game_id=game.pk, text="Amerika, ayo", country="usa", actor="facilitator")
    budget = current(game).state.budget("usa")
    play.propose_policy(game_id=game.pk, player_id=cici, policy=Policy(development=budget / 2))
    talk.post_message(game_id=game.pk, player_id=cici, channel="plenary", text="Halo semua")
    return {"ani": ani, "budi": budi, "cici": cici, "dora": dora}


def country_part(view: dict) -> dict:
    """What a player sees because of the country they sit for."""
    return {
        "own": view["own"],
        "messages": [m for m in view["messages"] if m["channel"].startswith(COUNTRY_CHANNELS)],
        "groups": view["groups"],
    }


def test_a_moved_player_is_sent_the_new_delegations_view_with_the_seat(game, usa_talks):
    budi = usa_talks["budi"]
    seats.assign(game_id=game.pk, player_id=budi, country="usa", actor="facilitator")
    moved = last(game, "seat_taken")
    fresh = snapshot(current(game), player(budi))
    assert fresh["own"]["country"] == "usa" and fresh["own"]["proposals"]
    assert {m["text"] for m in country_part(fresh)["messages"]} == {
        "Rapat usa",
        "Halo",
        "Amerika, ayo",
    }
    assert told(game, moved, player(budi))["delegation"] == country_part(fresh)


def test_the_whole_delegation_gets_the_same_seat_event_and_nobody_else_its_view(game, usa_talks):
    """The fan-out encodes one frame per delegation (fanout.audience)."""
    budi = usa_talks["budi"]
    seats.assign(game_id=game.pk, player_id=budi, country="usa", actor="facilitator")
    moved = last(game, "seat_taken")
    assert told(game, moved, player(usa_talks["cici"])) == told(game, moved, player(budi))
    plain = {"player": budi, "country": "usa", "head": False}
    for viewer in (player(usa_talks["ani"]), player(usa_talks["dora"]), PROJECTOR, FACILITATOR):
        assert told(game, moved, viewer) == plain


def test_a_student_who_sits_down_is_sent_their_delegations_view(game):
    siti = seat(game, "Siti")
    seats.take_seat(game_id=game.pk, player_id=siti, country="idn")
    delegation = told(game, last(game, "seat_taken"), player(siti))["delegation"]
    assert delegation == country_part(snapshot(current(game), player(siti)))
    assert delegation["own"]["country"] == "idn"


def test_the_seat_view_stops_at_the_seat_event_later_lines_come_as_their_own_events(
    game, usa_talks
):
    budi, cici = usa_talks["budi"], usa_talks["cici"]
    seats.assign(game_id=game.pk, player_id=budi, country="usa", actor="facilitator")
    moved = last(game, "seat_taken")
    talk.post_message(game_id=game.pk, player_id=cici, channel="delegation", text="Selamat datang")
    budget = current(game).state.budget("usa")
    play.propose_policy(game_id=game.pk, player_id=budi, policy=Policy(development=budget / 3))
    delegation = told(game, moved, player(budi))["delegation"]
    assert all(m["id"] < moved.seq for m in delegation["messages"])
    assert all(p["id"] < moved.seq for p in delegation["own"]["proposals"])
    assert "Selamat datang" not in {m["text"] for m in delegation["messages"]}


def test_a_hidden_line_of_the_new_delegation_comes_without_its_text(game, usa_talks):
    budi = usa_talks["budi"]
    usa_line = next(m for m in current(game).room.messages if m.text == "Rapat usa")
    hide(game, usa_line.id, True)
    seats.assign(game_id=game.pk, player_id=budi, country="usa", actor="facilitator")
    delegation = told(game, last(game, "seat_taken"), player(budi))["delegation"]
    assert message_in(delegation, usa_line.id)["text"] == ""


def test_unseating_tells_everyone_the_same(game, usa_talks):
    budi = usa_talks["budi"]
    seats.assign(game_id=game.pk, player_id=budi, country=None, actor="facilitator")
    left = last(game, "seat_left")
    for viewer in (player(budi), player(usa_talks["ani"]), PROJECTOR):
        assert told(game, left, viewer) == {"player": budi}
    assert snapshot(current(game), player(budi))["own"] is None


# A long lesson -----------------------------------------------------------------------------


def test_a_page_that_loads_gets_the_latest_messages_of_each_channel_the_log_keeps_all(
    game, usa_talks, monkeypatch
):
    monkeypatch.setattr("game.room.KEPT_PER_CHANNEL", 2)
    for n in range(3):
        talk.announce(game_id=game.pk, text=f"Pengumuman {n}", country=None, actor="facilitator")
    session = current(game)

    for viewer in (player(usa_talks["cici"]), FACILITATOR, PROJECTOR):
        texts = [m["text"] for m in snapshot(session, viewer)["messages"]]
        assert [t for t in texts if t.startswith("Pengumuman")] == ["Pengumuman 1", "Pengumuman 2"]
        assert "Halo semua" in texts  # the plenary had one line: it is there
    assert session.room.posted["announcements"] == 3
    whole = conversation(recorded(game))
    assert [m.text for m in whole if m.channel == "announcements"] == [
        "Pengumuman 0",
        "Pengumuman 1",
        "Pengumuman 2",
    ]


def test_the_seat_view_carries_the_same_latest_lines_a_fresh_snapshot_shows(
    game, usa_talks, monkeypatch
):
    monkeypatch.setattr("game.room.KEPT_PER_CHANNEL", 1)
    cici, budi = usa_talks["cici"], usa_talks["budi"]
    talk.post_message(game_id=game.pk, player_id=cici, channel="delegation", text="Rapat lagi")
    seats.assign(game_id=game.pk, player_id=budi, country="usa", actor="facilitator")

    delegation = told(game, last(game, "seat_taken"), player(budi))["delegation"]

    assert delegation == country_part(snapshot(current(game), player(budi)))
    assert [m["text"] for m in delegation["messages"] if m["channel"] == "delegation:usa"] == [
        "Rapat lagi"
    ]
