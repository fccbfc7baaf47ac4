"""A game re-opened at any round, read-only: the log folded up to that round's resolution,
and what the replay page shows of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from game.models import Game
from game.report.moments import CAUSES, main_cause
from game.report.names import AGREEMENT_KIND, AGREEMENT_STATUS, ISSUES, country_name
from game.session import Session, fresh, recorded


def resolved_rounds(game: Game) -> int:
    return game.events.filter(type="round_resolved").count()


def after_round(game: Game, number: int) -> tuple[Session, list[dict[str, Any]]]:
    """The game folded up to its ``number``-th ``round_resolved`` (0: as round 1 began),
    with that round's news: its briefing's headlines, then its resolution's.

    Raises ``LookupError`` when the game has not resolved that many rounds.
    """
    if number < 0:
        raise LookupError(f"no round {number}")
    session = fresh(game)
    news: list[dict[str, Any]] = []
    resolved = 0
    for event in recorded(game):
        if number == 0 and event.type == "phase_changed":
            return session, news
        session = session.apply(event)
        data = event.data
        if event.type == "phase_changed" and data["round"] == number:
            news.extend(data.get("news") or [])
        elif event.type == "round_resolved":
            resolved += 1
            if resolved == number:
                return session, [*news, *data["news"]]
    if number == 0:
        return session, news
    raise LookupError(f"round {number} was not resolved")


@dataclass(frozen=True)
class CountryRow:
    id: str
    name: str
    bloc: str
    wealth: float
    population: float
    wealth_per_capita: float
    score: float
    stability: float
    reputation: float
    attacks: float
    hosted_migrants: float
    budget: float | None
    policy: dict[str, Any] | None
    fell_back: bool
    change: float | None
    cause: str | None

    @property
    def public_share(self) -> float | None:
        """Share of the budget spent on the public goods (all lines but development)."""
        if not self.policy or not self.budget:
            return None
        spent = sum(self.policy[line] for line in ("mitigation", "security", "migration", "aid"))
        return 100 * spent / self.budget


@dataclass(frozen=True)
class RoundView:
    number: int
    total: int
    year: int | None
    world: list[tuple[str, float | None, int]]
    countries: list[CountryRow]
    news: list[str]
    agreements: list[dict[str, Any]]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 0 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.total else None

    @property
    def rounds(self) -> range:
        return range(self.total + 1)


def round_view(
    session: Session, news: list[dict[str, Any]], number: int, total: int, language: str
) -> RoundView:
    state = session.state
    scenario = state.scenario
    record = state.history[number - 1] if number else None
    world = state.world
    figures = [
        (_("World welfare"), world.welfare, 2),
        (_("Inequality (Gini)"), world.gini, 3),
        (_("Gap, developed to developing (times)"), world.gap_ratio, 1),
    ]
    if scenario.issues.climate:
        figures += [
            (_("Warming (°C)"), world.warming, 2),
            (_("Shared climate fund"), world.climate_account, 1),
            (_("Climate disasters so far"), world.disasters, 0),
        ]
    if scenario.issues.terrorism:
        figures.append((_("Attacks this round"), world.attacks, 1))
    if scenario.issues.migration:
        figures.append((_("People who moved this round (millions)"), world.migrants, 1))
    countries = []
    for cid, country in state.countries.items():
        changes = record["changes"][cid] if record else None
        change = sum(changes.values()) if changes else None
        cause = main_cause(changes, change) if changes and change else None
        countries.append(
            CountryRow(
                id=cid,
                name=country_name(scenario, cid, language),
                bloc=country.bloc,
                wealth=country.wealth,
                population=country.population,
                wealth_per_capita=country.wealth_per_capita,
                score=country.score,
                stability=country.stability,
                reputation=country.reputation,
                attacks=country.attacks,
                hosted_migrants=country.hosted_migrants,
                budget=record["budgets"][cid] if record else None,
                policy=record["policies"][cid] if record else None,
                fell_back=bool(record) and cid in record["fallbacks"],
                change=change,
                cause=str(CAUSES.get(cause, cause)) if cause else None,
            )
        )
    agreements = [
        {
            "title": a.draft.title,
            "issue": ISSUES.get(a.draft.issue, a.draft.issue),
            "kind": AGREEMENT_KIND.get(a.draft.kind, a.draft.kind),
            "status": AGREEMENT_STATUS.get(a.status, a.status),
            "signatories": [country_name(scenario, m, language) for m in a.signatories],
            "rounds_left": a.rounds_left if a.status == "active" else None,
        }
        for a in state.agreements.values()
    ]
    return RoundView(
        number=number,
        total=total,
        year=record["year"] if record else None,
        world=figures,
        countries=countries,
        news=[item["headline"].get(language) or item["headline"]["en"] for item in news],
        agreements=agreements,
    )
