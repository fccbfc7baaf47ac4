"""The hub's frames: what a socket is sent is exactly its viewer's projection of the events,
however the text was put together (game.fanout.Frames)."""

from __future__ import annotations

import json

import pytest

from game.fanout import Frames, encode
from game.projections import Viewer, project, same_for_every_player
from game.session import recorded, replay

from .finished_game import play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(facilitator, kelas6):
    return play_game(facilitator, kelas6, rounds=2)


def viewers(played) -> list[Viewer]:
    return [
        Viewer("facilitator"),
        Viewer("projector"),
        Viewer("player", played.siti),
        Viewer("player", played.budi),
        Viewer("player", played.press),
    ]


def test_every_viewer_is_sent_exactly_its_projection_of_each_batch(played) -> None:
    session = replay(played.game)
    events = recorded(played.game)
    frames = Frames(session)
    # Batches of different lengths, so events are shared between frames in several ways.
    batches = [events[i : i + size] for size in (1, 3, 7) for i in range(0, len(events), size)]
    for viewer in viewers(played):
        for batch in batches:
            shown = [p for e in batch if (p := project(e, viewer, session)) is not None]
            expected = encode(shown) if shown else None
            assert frames.text(viewer, batch) == expected, (viewer, batch[0].type)


def test_a_round_result_is_encoded_once_for_every_player_and_the_projector(played) -> None:
    session = replay(played.game)
    result = next(e for e in recorded(played.game) if e.type == "round_resolved")
    frames = Frames(session)
    for viewer in viewers(played)[1:]:
        frames.text(viewer, [result])
    assert list(frames.events) == [(result.seq,)]


def test_events_said_to_be_the_same_for_every_player_are(played) -> None:
    session = replay(played.game)
    players_and_projector = viewers(played)[1:]
    public = [e for e in recorded(played.game) if same_for_every_player(e.type)]
    assert {"round_resolved", "phase_changed", "agreement_signed"} <= {e.type for e in public}
    for event in public:
        seen = {json.dumps(project(event, v, session)) for v in players_and_projector}
        assert len(seen) == 1, event.type
