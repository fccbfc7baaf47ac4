"""A finished kelas-6 game for the after-game pages, played the way a class plays it.

Two students head Indonesia and Germany, a third reports as the press, bots play the other
four countries. The students talk in the plenary and in a private channel (naming each other),
sign a climate pledge that Germany never keeps, the press publishes a statement, the teacher
hides one message, the two human delegations drop offline once, and the game runs to its end.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.agreements import AgreementDraft, Terms, Threshold
from game.models import Game
from game.services import phases, play, presence, seats, talk
from game.session import sessions

from .conftest import seat

BOTS = {"usa": "free-rider", "ind": "cooperator", "nga": "reciprocator", "ner": "cooperator"}
NAMES = ("Siti Rahmawati", "Budi Santoso", "Wulandari")


@dataclass(frozen=True)
class Played:
    game: Game
    siti: int
    budi: int
    press: int


def current(game: Game):
    game.refresh_from_db()
    return sessions.current(game)


def advance(game: Game) -> None:
    state = current(game).state
    phases.advance(game_id=game.pk, expected=(state.round, state.phase), actor="facilitator")


def play_game(owner, scenario, *, seed: int = 7, rounds: int | None = None) -> Played:
    """Play to the end, or (``rounds``) stop once that many rounds are resolved."""
    game = seats.create_game(owner=owner, scenario=scenario, seed=seed, bots=BOTS)
    siti = seat(game, NAMES[0], "idn")
    budi = seat(game, NAMES[1], "deu")
    press = seat(game, NAMES[2], civil=True)
    phases.start_game(game_id=game.pk, actor="facilitator")
    advance(game)  # briefing → negotiation
    talk.post_message(game_id=game.pk, player_id=siti, channel="plenary", text="Halo semua!")
    talk.create_group(game_id=game.pk, player_id=siti, countries=["deu"], title="Iklim")
    talk.post_message(
        game_id=game.pk, player_id=siti, channel="group:g1", text="Budi, mari kita tanda tangan"
    )
    talk.post_message(
        game_id=game.pk, player_id=budi, channel="group:g1", text="Setuju, Siti Rahmawati."
    )
    talk.post_message(
        game_id=game.pk, player_id=press, channel="statements", text="=Jerman harus menepati janji"
    )
    hidden = talk.post_message(
        game_id=game.pk, player_id=budi, channel="plenary", text="pesan yang disembunyikan"
    ).seq
    talk.hide_message(game_id=game.pk, message_id=hidden, hidden=True, actor="facilitator")
    draft = AgreementDraft(
        title="Dana iklim",
        issue="climate",
        threshold=Threshold(members=2),
        terms={"developed": Terms(min_mitigation=0.2), "emerging": Terms(min_mitigation=0.1)},
    )
    play.draft_agreement(game_id=game.pk, player_id=siti, draft=draft)
    play.open_agreement(game_id=game.pk, player_id=siti, agreement="A1")
    play.sign_agreement(game_id=game.pk, player_id=siti, agreement="A1")
    play.sign_agreement(game_id=game.pk, player_id=budi, agreement="A1")
    presence.sweep()  # nobody of Indonesia or Germany is connected: both go offline
    while current(game).room.status == "running" and (
        rounds is None or len(current(game).state.history) < rounds
    ):
        advance(game)
    game.refresh_from_db()
    return Played(game, siti, budi, press)
