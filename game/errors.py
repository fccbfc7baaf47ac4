"""Errors a player or facilitator can cause, said in their language with the field at fault.

Engine rule errors carry their own texts in both languages; the server's own errors
(permissions, spam, a finished game) are translated through Django's catalogs.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from game.engine.errors import RuleError

MESSAGES = {
    "bad_json": _("The message is not valid JSON."),
    "too_large": _("The message is too large ({size} bytes; at most {limit})."),
    "unknown_type": _("Unknown message type '{type}'."),
    "invalid": _("{path}: {problem}"),
    "not_allowed": _("You cannot do this as {role}."),
    "head_only": _("Only the head of the delegation can do this."),
    "no_country": _("Join a delegation first."),
    "unknown_country": _("There is no country '{country}' in this game."),
    "unknown_player": _("There is no player {player} in this game."),
    "unknown_message": _("There is no message {message}."),
    "unknown_group": _("There is no conversation '{group}' for you."),
    "unknown_proposal": _("There is no proposal {proposal} for your delegation this round."),
    "unknown_code": _("No game has the code '{code}'. Check it with your teacher."),
    "lobby_locked": _("The teacher has locked the lobby; ask them to seat you."),
    "delegation_full": _("The delegation of {country} is full ({size} players)."),
    "game_over": _("This game has finished."),
    "not_running": _("The game is not running."),
    "not_paused": _("The game is not paused."),
    "already_started": _("The game has already started."),
    "phase_moved": _("The phase has already changed; nothing was done."),
    "muted": _("The teacher has muted you for now."),
    "rate_limited": _("You are sending messages too fast; wait {seconds} seconds."),
    "empty_message": _("The message is empty."),
    "bad_extension": _("Extend by 1 to 3600 seconds."),
    "name_invalid": _("Choose a name of 1 to 40 characters."),
    "civil_cannot": _("Civil society can draft proposals but not sign or submit policies."),
    "group_members": _("A conversation needs at least two countries, including your own."),
    "csrf": _("The page's security token is missing or old; reload the page and try again."),
    "not_in_game": _("You are not in this game yet: join it with its code first."),
    "facilitator_only": _("Only this game's facilitator can run it."),
    "projector_key": _("This projector link is not valid; copy it again from the console."),
}


class GameError(Exception):
    """Something a viewer asked for that cannot happen; nothing was changed."""

    def __init__(
        self,
        code: str,
        /,
        field: str | None = None,
        *,
        text: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        self.code = code
        self.field = field
        self.params = params
        self.text = text
        self.ref: str | None = None
        super().__init__(self.message("en"))

    @classmethod
    def from_rule(cls, error: RuleError) -> GameError:
        return cls(
            error.code,
            error.field,
            text={"id": error.message("id"), "en": error.message("en")},
            **error.params,
        )

    def message(self, language: str) -> str:
        if self.text is not None:
            return self.text.get(language, self.text["en"])
        with translation.override(language):
            return str(MESSAGES[self.code]).format(**self.params)

    def payload(self, language: str) -> dict[str, Any]:
        return {
            "type": "error",
            "code": self.code,
            "field": self.field,
            "message": self.message(language),
        }
