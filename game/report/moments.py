"""Key moments of a game, in the order they happened: what a class remembers and a
debrief starts from (agreements in force, disasters, broken pledges, the biggest swings of
wealth, delegations dropping out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from game.report.names import country_name
from game.session import Recorded, Session

# The causes of a country's wealth change, in the order the engine books them (rounds.py).
CAUSES = {
    "spending": gettext_lazy("budget spent"),
    "development": gettext_lazy("return on development"),
    "growth": gettext_lazy("growth"),
    "trade": gettext_lazy("trade"),
    "tariffs": gettext_lazy("tariffs"),
    "aid": gettext_lazy("aid received"),
    "cobenefits": gettext_lazy("green and digital co-benefits"),
    "integration": gettext_lazy("integrated migrants"),
    "climate_damage": gettext_lazy("climate damage"),
    "disaster": gettext_lazy("climate disaster"),
    "attacks": gettext_lazy("attacks"),
    "hosting": gettext_lazy("hosting migrants"),
}
# Headlines that make a key moment (the others are routine and stay in the round's news).
MOMENT_NEWS = (
    "disaster",
    "milestone_missed",
    "milestone_reached",
    "pledge_broken",
    "protectionism",
    "agreement_expired",
)
SWINGS = 3  # the biggest wealth swings of a game, one moment each
SWING_FLOOR = 0.03  # a change under 3 % in one round is not a moment


@dataclass(frozen=True)
class Moment:
    seq: int
    round: int
    kind: str
    text: str


def key_moments(session: Session, events: Sequence[Recorded], language: str) -> list[Moment]:
    """``session`` is the whole game folded from ``events``."""
    scenario = session.scenario
    titles = {a.id: a.draft.title for a in session.state.agreements.values()}

    def name(cid: str) -> str:
        return country_name(scenario, cid, language)

    signed: dict[str, list[str]] = {}
    offline: set[str] = set()
    wealth = {c.id: c.wealth for c in scenario.countries}
    found: list[Moment] = []
    swings: list[tuple[float, Moment]] = []
    protected: set[str] = set()
    round_number = 0
    for event in events:
        data = event.data
        if event.type == "phase_changed":
            round_number = data["round"]
            for cid, values in (data.get("countries") or {}).items():
                wealth[cid] = values.get("wealth", wealth.get(cid, 0.0))
        elif event.type == "agreement_signed":
            signed.setdefault(data["id"], []).append(data["country"])
        elif event.type == "agreement_activated":
            text = _("“%(title)s” came into force, signed by %(members)s.") % {
                "title": titles.get(data["id"], data["id"]),
                "members": ", ".join(name(c) for c in signed.get(data["id"], [])),
            }
            found.append(Moment(event.seq, data["round"], "agreement", text))
        elif event.type == "agreement_left" and data.get("broken"):
            text = _("%(country)s walked out of “%(title)s” while it was in force.") % {
                "country": name(data["country"]),
                "title": titles.get(data["id"], data["id"]),
            }
            found.append(Moment(event.seq, round_number, "walkout", text))
        elif event.type == "delegation_presence":
            country = data["country"]
            if data["online"]:
                offline.discard(country)
            elif country not in offline:
                offline.add(country)
                text = _("The delegation of %(country)s went offline.") % {"country": name(country)}
                found.append(Moment(event.seq, round_number, "offline", text))
        elif event.type == "round_resolved":
            protecting = {c for c, p in data["policies"].items() if p.get("trade") == "protect"}
            for item in data["news"]:
                # The same countries protecting again is no news; a change in who does is.
                if item["kind"] == "protectionism" and protecting == protected:
                    continue
                if item["kind"] in MOMENT_NEWS:
                    text = item["headline"].get(language) or item["headline"]["en"]
                    found.append(Moment(event.seq, data["round"], item["kind"], text))
            for cid, values in data["countries"].items():
                before = wealth.get(cid) or 0.0
                change = values["wealth"] / before - 1 if before else 0.0
                wealth[cid] = values["wealth"]
                if abs(change) >= SWING_FLOOR:
                    swings.append((abs(change), _swing(event, cid, change, name)))
            protected = protecting
        elif event.type == "game_finished":
            text = _("The game ended after round %(round)s.") % {"round": data["round"]}
            found.append(Moment(event.seq, data["round"], "finished", text))
    found += [moment for _, moment in sorted(swings, key=lambda s: -s[0])[:SWINGS]]
    return sorted(found, key=lambda moment: (moment.seq, moment.kind))


def main_cause(changes: dict[str, float], direction: float) -> str | None:
    """The cause that pushed hardest in the direction of a change (spending aside: it is
    the same choice every round, not an event)."""
    causes = [c for c in changes if c != "spending"]
    if not causes:
        return None
    sign = 1 if direction > 0 else -1
    return max(causes, key=lambda c: sign * changes[c])


def _swing(event: Recorded, cid: str, change: float, name: Callable[[str], str]) -> Moment:
    cause = main_cause(event.data["changes"][cid], change)
    values = {
        "country": name(cid),
        "change": f"{abs(change):.0%}",
        "round": event.data["round"],
        "cause": CAUSES.get(cause, cause) if cause else "",
    }
    if change > 0:
        text = _("%(country)s grew %(change)s richer in round %(round)s (mostly %(cause)s).")
    else:
        text = _("%(country)s lost %(change)s of its wealth in round %(round)s (mostly %(cause)s).")
    return Moment(event.seq, event.data["round"], "swing", text % values)
