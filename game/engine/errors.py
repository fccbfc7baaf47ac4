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
        "en": "the game is not running (phase: {phase}); nothing can be played now",
        "id": "permainan tidak sedang berjalan (fase: {phase}); belum ada yang bisa dimainkan",
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


PHASES: dict[str, dict[str, str]] = {
    "lobby": {"en": "lobby", "id": "lobi"},
    "briefing": {"en": "briefing", "id": "pengarahan"},
    "negotiation": {"en": "negotiation", "id": "negosiasi"},
    "decision": {"en": "decision", "id": "keputusan"},
    "results": {"en": "results", "id": "hasil"},
    "finished": {"en": "finished", "id": "selesai"},
}

ACTIONS: dict[str, dict[str, str]] = {
    "submit_policy": {"en": "Submitting a policy", "id": "Menyerahkan kebijakan"},
    "draft_agreement": {"en": "Drafting an agreement", "id": "Menyusun perjanjian"},
    "edit_agreement": {"en": "Editing an agreement", "id": "Mengubah perjanjian"},
    "open_agreement": {"en": "Opening an agreement", "id": "Membuka perjanjian"},
    "withdraw_agreement": {"en": "Withdrawing an agreement", "id": "Menarik perjanjian"},
    "sign_agreement": {"en": "Signing an agreement", "id": "Menandatangani perjanjian"},
    "leave_agreement": {"en": "Leaving an agreement", "id": "Keluar dari perjanjian"},
}


def phase_names(*phases: str) -> dict[str, str]:
    """Phase names joined for a message, in each language."""
    return {
        language: " / ".join(PHASES[phase][language] for phase in phases)
        for language in ("en", "id")
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
        # A parameter given in both languages ({"en": ..., "id": ...}) shows in the viewer's.
        params = {
            key: value.get(language, value.get("en")) if isinstance(value, dict) else value
            for key, value in self.params.items()
        }
        return texts.get(language, texts["en"]).format(**params)

    def as_dict(self) -> dict[str, Any]:
        """The error as adapters send it: code, field and the message in both languages."""
        return {
            "code": self.code,
            "field": self.field,
            "message": {"id": self.message("id"), "en": self.message("en")},
        }
