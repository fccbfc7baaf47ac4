"""How the report names countries and civil-society players (never by a student's name)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from game.engine.scenario import Scenario
from game.room import Room


def language_of(code: str | None) -> str:
    """``en`` for English pages, else ``id``: the two languages scenario texts carry."""
    return "en" if (code or "").startswith("en") else "id"


def country_name(scenario: Scenario, country_id: str, language: str) -> str:
    try:
        return scenario.country(country_id).name.get(language)
    except KeyError:
        return country_id


def civil_labels(room: Room) -> dict[str, str]:
    """``cs:<player>`` as "Civil society 1, 2, …" in the order they joined."""
    civil = sorted(m.id for m in room.members.values() if m.role == "civil")
    return {
        f"cs:{pid}": _("Civil society %(number)s") % {"number": n} for n, pid in enumerate(civil, 1)
    }


ISSUES = {
    "climate": gettext_lazy("climate"),
    "terrorism": gettext_lazy("terrorism"),
    "migration": gettext_lazy("migration"),
    "trade": gettext_lazy("trade"),
    "green_economy": gettext_lazy("green economy"),
    "digital_economy": gettext_lazy("digital economy"),
}
AGREEMENT_STATUS = {
    "draft": gettext_lazy("draft"),
    "open": gettext_lazy("open for signature"),
    "active": gettext_lazy("in force"),
    "expired": gettext_lazy("expired"),
    "withdrawn": gettext_lazy("withdrawn"),
}
AGREEMENT_KIND = {"binding": gettext_lazy("binding"), "pledge": gettext_lazy("pledge")}
BLOCS = {
    "developed": gettext_lazy("developed"),
    "emerging": gettext_lazy("emerging"),
    "developing": gettext_lazy("developing"),
}
GAME_STATUS = {
    "lobby": gettext_lazy("in the lobby"),
    "running": gettext_lazy("running"),
    "paused": gettext_lazy("paused"),
    "finished": gettext_lazy("finished"),
    "archived": gettext_lazy("archived"),
}
