"""Rule errors the engine raises: readable in both interface languages, naming the bad field.

The engine cannot use Django's translation machinery, so each error carries its own text in
Bahasa Indonesia and English; adapters pick the viewer's language.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "wrong_phase": {
        "en": "{action} is only possible in the {expected} phase (now: {phase})",
        "id": "{action} hanya bisa dilakukan pada fase {expected} (sekarang: {phase})",
    },
    "game_not_running": {
        "en": "the game is {phase}; nothing can be played now",
        "id": "permainan sedang {phase}; tidak ada yang bisa dimainkan sekarang",
    },
    "unknown_country": {
        "en": "there is no country '{country}' in this game",
        "id": "tidak ada negara '{country}' dalam permainan ini",
    },
    "over_budget": {
        "en": "policy total {total:g} exceeds the budget of {budget:g}",
        "id": "total kebijakan {total:g} melebihi anggaran {budget:g}",
    },
    "negative_amount": {
        "en": "{line} must not be negative",
        "id": "{line} tidak boleh negatif",
    },
    "amount_not_allowed": {
        "en": "{line} must be one of {allowed}",
        "id": "{line} harus salah satu dari {allowed}",
    },
    "issue_off": {
        "en": "{line} is switched off in this scenario; it must be 0",
        "id": "{line} dinonaktifkan dalam skenario ini; nilainya harus 0",
    },
    "below_minimum": {
        "en": "{line} must be at least {minimum:g} under binding agreement '{agreement}'",
        "id": "{line} minimal {minimum:g} menurut perjanjian mengikat '{agreement}'",
    },
    "unknown_agreement": {
        "en": "there is no agreement '{agreement}'",
        "id": "tidak ada perjanjian '{agreement}'",
    },
    "not_author": {
        "en": "only the author of '{agreement}' can do this",
        "id": "hanya penyusun '{agreement}' yang dapat melakukan ini",
    },
    "wrong_status": {
        "en": "agreement '{agreement}' is {status}; this needs it to be {expected}",
        "id": (
            "perjanjian '{agreement}' berstatus {status}; tindakan ini memerlukan status {expected}"
        ),
    },
    "already_signed": {
        "en": "{country} has already signed '{agreement}'",
        "id": "{country} sudah menandatangani '{agreement}'",
    },
    "not_signed": {
        "en": "{country} has not signed '{agreement}'",
        "id": "{country} belum menandatangani '{agreement}'",
    },
    "cannot_afford": {
        "en": "{country} cannot meet the terms of '{agreement}' with its budget",
        "id": "{country} tidak mampu memenuhi ketentuan '{agreement}' dengan anggarannya",
    },
    "issue_disabled": {
        "en": "the {issue} issue is switched off in this scenario",
        "id": "isu {issue} dinonaktifkan dalam skenario ini",
    },
    "invalid_terms": {
        "en": "{detail}",
        "id": "{detail}",
    },
    "already_started": {
        "en": "the game has already started",
        "id": "permainan sudah dimulai",
    },
}


class RuleError(Exception):
    """A command that breaks a rule of the game; nothing changes when it is raised."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: str = "en") -> str:
        texts = MESSAGES[self.code]
        return texts.get(language, texts["en"]).format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "message": {"id": self.message("id"), "en": self.message("en")},
        }
