"""Who is at the other end: signed tokens for students (no account needed) and for the
projector, and the facilitator's Django login.

A student's token is a signed cookie per game, so the same browser comes back to the same
seat after a refresh, a lost connection or a server restart.
"""

from __future__ import annotations

from django.core import signing

from game.models import Game

_PLAYER_SALT = "mufakat.player"
_PROJECTOR_SALT = "mufakat.projector"
COOKIE_AGE = 60 * 60 * 24 * 14


def player_cookie(code: str) -> str:
    return f"mufakat_{code}"


def player_token(game: Game, player_id: int) -> str:
    return signing.dumps({"g": game.pk, "p": player_id}, salt=_PLAYER_SALT)


def player_from_token(token: str | None, game: Game) -> int | None:
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_PLAYER_SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("g") != game.pk:
        return None
    player = data.get("p")
    return player if isinstance(player, int) else None


def projector_key(game: Game) -> str:
    return signing.dumps(game.pk, salt=_PROJECTOR_SALT)


def projector_allowed(key: str | None, game: Game) -> bool:
    if not key:
        return False
    try:
        return signing.loads(key, salt=_PROJECTOR_SALT) == game.pk
    except signing.BadSignature:
        return False


def facilitates(user: object, game: Game) -> bool:
    """The game's owner, or a site administrator, runs it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return game.owner_id == user.pk or bool(getattr(user, "is_superuser", False))
