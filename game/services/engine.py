"""Running an engine command inside a service: decide, then record what it decided."""

from __future__ import annotations

from game.engine.commands import Command, decide
from game.models import Game
from game.session import Session

from .log import record


def run(game: Game, session: Session, command: Command, *, actor: str) -> Session:
    """Raises the engine's ``RuleError`` (nothing recorded) or records the events."""
    events = decide(session.state, command)
    return record(game, session, [(event.type, dict(event.data)) for event in events], actor)
