"""What each viewer is told of an event (``projections.project``) against what a fresh
snapshot shows them (``projections.snapshot``).

A page keeps its view by folding the events it is sent onto one snapshot (store.js), so an
event must carry whatever the viewer's snapshot would change to: the text of a message shown
again.
"""

from __future__ import annotations

import pytest

from game.projections import Viewer, project, snapshot
from game.services import phases, talk
from game.session import Recorded, Session, recorded, sessions

from .conftest import seat

pytestmark = pytest.mark.django_db

FACILITATOR = Viewer("facilitator")
PROJECTOR = Viewer("projector")


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
