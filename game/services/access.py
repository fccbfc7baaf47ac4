"""Who may do what: the checks every service makes before it changes anything.

Roles follow GAME_MODEL.md: the head of a delegation submits the national policy and signs
or leaves agreements; every member drafts, proposes a policy and talks; a delegation of one
student gives that student every right (the first to sit down is head). Civil society may
talk, publish statements and draft, but not sign or submit.
"""

from __future__ import annotations

from game.errors import GameError
from game.room import Member
from game.session import Session


def member(session: Session, player_id: int) -> Member:
    found = session.room.members.get(player_id)
    if found is None:
        raise GameError("unknown_player", player=player_id)
    return found


def playing(session: Session) -> None:
    """The game is open for moves: not finished or archived."""
    if session.room.status in ("finished", "archived"):
        raise GameError("game_over")


def delegate(session: Session, player_id: int) -> Member:
    """A seated member of a delegation, in a game still being played."""
    playing(session)
    found = member(session, player_id)
    if found.role == "civil":
        raise GameError("civil_cannot")
    if found.country is None:
        raise GameError("no_country")
    return found


def head(session: Session, player_id: int) -> Member:
    found = delegate(session, player_id)
    if not found.head:
        raise GameError("head_only")
    return found


def country(session: Session, country_id: str) -> str:
    if country_id not in session.state.countries:
        raise GameError("unknown_country", field="country", country=country_id)
    return country_id


def author_of(found: Member) -> str:
    """The name an agreement's author goes by: the country, or the civil-society player."""
    return found.country if found.country else f"cs:{found.id}"
