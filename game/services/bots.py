"""Bots in a live game: the moves a bot-played country makes when a phase begins or an
agreement changes, as engine commands recorded like any player's."""

from __future__ import annotations

from game.engine.bots import policy_for, wants_to_sign
from game.engine.commands import Command, SignAgreement, SubmitPolicy
from game.engine.errors import RuleError
from game.models import Game
from game.session import Session

from .engine import run


def bot_moves(session: Session) -> list[Command]:
    state = session.state
    moves: list[Command] = []
    if state.phase == "negotiation":
        for agreement in state.agreements.values():
            for country, strategy in session.room.bots.items():
                if wants_to_sign(state, country, strategy, agreement):
                    moves.append(SignAgreement(country, agreement.id))
    elif state.phase == "decision":
        for country, strategy in session.room.bots.items():
            if country not in state.policies:
                moves.append(SubmitPolicy(country, policy_for(state, country, strategy)))
    return moves


def play_bots(game: Game, session: Session) -> Session:
    """Let every bot move; a move that became illegal meanwhile is skipped, not an error."""
    for command in bot_moves(session):
        try:
            session = run(game, session, command, actor="bot")
        except RuleError:
            continue
    return session
