"""The debrief report: what a class did with its world and what it cost.

Built from the recorded events alone. The counterfactual world where every pledge was kept
comes from the engine (``all_pledges_kept``): the same game, the same signatures and the same
news, only every member spending what its agreements asked. The gap between the two worlds
is what the broken pledges cost, the number a debrief about cooperation needs.
Texts are in the page's language; the discussion questions carry both (``questions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from game.engine.agreements import AgreementDraft
from game.engine.counterfactual import all_pledges_kept
from game.engine.events import ENGINE_EVENTS, Event
from game.engine.game import new_game
from game.engine.state import State
from game.models import Game
from game.report.moments import Moment, key_moments
from game.report.names import (
    AGREEMENT_KIND,
    AGREEMENT_STATUS,
    BLOCS,
    GAME_STATUS,
    ISSUES,
    country_name,
)
from game.report.network import Network, network
from game.report.questions import Facts, Question, questions
from game.room import conversation
from game.session import Recorded, Session, fresh, recorded


@dataclass(frozen=True)
class WorldLine:
    """One world figure at the start, at the end, and had every pledge been kept."""

    key: str
    label: str
    start: float | None
    end: float | None
    kept: float | None
    digits: int


@dataclass(frozen=True)
class CountryLine:
    id: str
    name: str
    bloc: str
    bloc_label: str
    wealth_start: float
    wealth_end: float
    wpc_start: float
    wpc_end: float
    score: float
    kept_wealth: float
    kept_score: float
    signed: int
    pledges_kept: int
    pledges_broken: int
    walked_out: int
    reputation: float

    @property
    def growth(self) -> float:
        """Change of wealth per person over the game, as a share (0.1 is +10 %)."""
        return self.wpc_end / self.wpc_start - 1 if self.wpc_start else 0.0

    @property
    def growth_percent(self) -> float:
        return 100 * self.growth

    @property
    def kept_gap(self) -> float:
        """How much richer (negative: poorer) the country would be had all pledges been kept."""
        return self.kept_wealth - self.wealth_end


@dataclass(frozen=True)
class AgreementLine:
    id: str
    title: str
    issue: str
    kind: str
    author: str
    status: str
    signatories: list[str]
    activated_round: int | None
    terms: list[str]
    rounds: list[int]
    # One row per country that ever signed: its name and, per round of ``rounds``,
    # True (kept), False (broken) or None (not a member in force that round).
    grid: list[tuple[str, list[bool | None]]]
    kept: int
    broken: int
    walked_out: list[str]


@dataclass(frozen=True)
class Report:
    game: Game
    language: str
    title: str
    rounds_played: int
    rounds_total: int
    world: list[WorldLine]
    countries: list[CountryLine]
    agreements: list[AgreementLine]
    moments: list[Moment]
    network: Network
    questions: list[Question]
    charts: dict[str, Any]
    facts: Facts

    @property
    def gainers(self) -> list[CountryLine]:
        return [c for c in self.countries if c.growth > 0][:3]

    @property
    def losers(self) -> list[CountryLine]:
        return [c for c in reversed(self.countries) if c.growth < 0][:3]

    @property
    def questions_side_by_side(self) -> list[tuple[str, list[dict[str, str]]]]:
        """Each question in the page's language first, then in the other."""
        return [(q.key, q.side_by_side(self.language)) for q in self.questions]

    @property
    def status(self) -> str:
        return str(GAME_STATUS.get(self.game.status, self.game.status))

    @property
    def finished(self) -> bool:
        return self.game.status in ("finished", "archived")

    @property
    def pledges_tested(self) -> bool:
        return any(line.rounds or line.walked_out for line in self.agreements)


def build_report(game: Game, language: str) -> Report:
    """The whole debrief of ``game``, with names in ``language`` (``id`` or ``en``)."""
    events = recorded(game)
    session = fresh(game).apply_all(events)
    scenario = session.scenario
    start = new_game(scenario, game.seed)
    kept = all_pledges_kept(
        scenario, game.seed, [Event(e.type, e.data) for e in events if e.type in ENGINE_EVENTS]
    )
    countries = _countries(start, session.state, kept, events, language)
    talk = network(session, conversation(events), language)
    facts = _facts(session, start, kept, countries, talk)
    return Report(
        game=game,
        language=language,
        title=scenario.title.get(language),
        rounds_played=len(session.state.history),
        rounds_total=scenario.rounds,
        world=_world(start, session.state, kept),
        countries=countries,
        agreements=_agreements(session, events, language),
        moments=key_moments(session, events, language),
        network=talk,
        questions=questions(facts),
        charts=_charts(start, session.state, language),
        facts=facts,
    )


def _world(start: State, end: State, kept: State) -> list[WorldLine]:
    def line(key: str, label: str, digits: int) -> WorldLine:
        values = (getattr(state.world, key) for state in (start, end, kept))
        return WorldLine(key, label, *values, digits)

    lines = [
        line("welfare", _("World welfare (wealth per person × (1 − Gini))"), 2),
        line("gini", _("Inequality between all the world's people (Gini)"), 3),
        line("gap_ratio", _("Gap: wealth per person, developed over developing (times)"), 1),
    ]
    if end.scenario.issues.climate:
        lines += [
            line("warming", _("Warming (°C)"), 2),
            line("climate_account", _("Shared climate fund"), 1),
            line("disasters", _("Climate disasters"), 0),
        ]
    return lines


def _walkouts(events: Sequence[Recorded]) -> list[tuple[str, str]]:
    """(agreement, country) for every member that left an agreement while it was in force."""
    return [
        (e.data["id"], e.data["country"])
        for e in events
        if e.type == "agreement_left" and e.data.get("broken")
    ]


def _signed(events: Sequence[Recorded]) -> dict[str, list[str]]:
    """Every country that ever signed each agreement, in the order they signed."""
    signed: dict[str, list[str]] = {}
    for event in events:
        if event.type == "agreement_signed":
            members = signed.setdefault(event.data["id"], [])
            if event.data["country"] not in members:
                members.append(event.data["country"])
    return signed


def _countries(
    start: State, end: State, kept: State, events: Sequence[Recorded], language: str
) -> list[CountryLine]:
    walkouts = Counter(country for _, country in _walkouts(events))
    signed = Counter(country for members in _signed(events).values() for country in members)
    lines = []
    for cid, country in end.countries.items():
        before = start.countries[cid]
        lines.append(
            CountryLine(
                id=cid,
                name=country_name(end.scenario, cid, language),
                bloc=country.bloc,
                bloc_label=str(BLOCS.get(country.bloc, country.bloc)),
                wealth_start=before.wealth,
                wealth_end=country.wealth,
                wpc_start=before.wealth_per_capita,
                wpc_end=country.wealth_per_capita,
                score=country.score,
                kept_wealth=kept.countries[cid].wealth,
                kept_score=kept.countries[cid].score,
                signed=signed[cid],
                pledges_kept=country.pledges_kept,
                # Walking out counts as broken in the engine; the report names it apart.
                pledges_broken=country.pledges_broken - walkouts[cid],
                walked_out=walkouts[cid],
                reputation=country.reputation,
            )
        )
    return sorted(lines, key=lambda line: line.growth, reverse=True)


def terms_text(draft: AgreementDraft) -> list[str]:
    """Each bloc's commitments in words: "developed: mitigation ≥ 20% of budget"."""
    texts = []
    for bloc, terms in draft.terms.items():
        parts = [
            _("%(line)s ≥ %(share)s%% of budget") % {"line": label, "share": round(100 * share)}
            for share, label in (
                (terms.min_mitigation, _("mitigation")),
                (terms.min_security, _("security")),
                (terms.min_migration, _("migration")),
                (terms.fund_contribution, _("fund contribution")),
            )
            if share
        ]
        if terms.quota:
            parts.append(_("take in relocated people by the sharing key"))
        if terms.intelligence_sharing:
            parts.append(_("share intelligence"))
        if terms.tariff_on_nonmembers:
            share = round(100 * terms.tariff_on_nonmembers)
            parts.append(_("%(share)s%% tariff on non-members") % {"share": share})
        if terms.open_trade:
            parts.append(_("keep trade open"))
        if parts:
            texts.append(f"{BLOCS.get(bloc, bloc)}: {', '.join(parts)}")
    return texts


def _agreements(session: Session, events: Sequence[Recorded], language: str) -> list[AgreementLine]:
    scenario = session.scenario
    walkouts = _walkouts(events)
    signed = _signed(events)
    verdicts: dict[str, dict[tuple[str, int], bool]] = {}
    for record in session.state.history:
        for item in record["compliance"]:
            key = (item["country"], record["round"])
            verdicts.setdefault(item["agreement"], {})[key] = item["kept"]
    lines = []
    for agreement in session.state.agreements.values():
        judged = verdicts.get(agreement.id, {})
        rounds = sorted({r for _, r in judged})
        author = agreement.author
        lines.append(
            AgreementLine(
                id=agreement.id,
                title=agreement.draft.title,
                issue=str(ISSUES.get(agreement.draft.issue, agreement.draft.issue)),
                kind=str(AGREEMENT_KIND.get(agreement.draft.kind, agreement.draft.kind)),
                author=_("civil society")
                if author.startswith("cs:")
                else country_name(scenario, author, language),
                status=str(AGREEMENT_STATUS.get(agreement.status, agreement.status)),
                signatories=[country_name(scenario, m, language) for m in agreement.signatories],
                activated_round=agreement.activated_round,
                terms=terms_text(agreement.draft),
                rounds=rounds,
                grid=[
                    (country_name(scenario, m, language), [judged.get((m, r)) for r in rounds])
                    for m in signed.get(agreement.id, [])
                ],
                kept=sum(1 for v in judged.values() if v),
                broken=sum(1 for v in judged.values() if not v),
                walked_out=[
                    country_name(scenario, c, language) for a, c in walkouts if a == agreement.id
                ],
            )
        )
    return lines


def _charts(start: State, end: State, language: str) -> dict[str, Any]:
    """The series the report's charts draw, one value per round (the first is the start)."""
    worlds = [start.world.as_dict(), *(record["world"] for record in end.history)]
    return {
        "labels": [_("start"), *(str(record["year"]) for record in end.history)],
        "warming": [w["warming"] for w in worlds],
        "gini": [w["gini"] for w in worlds],
        "gap_ratio": [w["gap_ratio"] for w in worlds],
        "wealth": [
            {"name": country_name(end.scenario, cid, language), "values": _indexed(start, end, cid)}
            for cid in start.countries
        ],
    }


def _indexed(start: State, end: State, cid: str) -> list[float]:
    """Wealth per person round by round, the start being 100."""
    first = start.countries[cid].wealth_per_capita or 1.0
    later = [
        record["countries"][cid]["wealth"] / record["countries"][cid]["population"]
        for record in end.history
    ]
    return [100 * value / first for value in (first, *later)]


def _facts(
    session: Session, start: State, kept: State, countries: list[CountryLine], talk: Network
) -> Facts:
    state = session.state
    history = state.history
    news = Counter(item["kind"] for record in history for item in record["news"])
    scenario = state.scenario
    gainer = countries[0] if countries and countries[0].growth > 0 else None
    loser = countries[-1] if countries and countries[-1].growth < 0 else None
    return Facts(
        issues=scenario.issues.model_dump(),
        rounds=len(history),
        countries=len(state.countries),
        gini=(start.world.gini, state.world.gini),
        gap=(start.world.gap_ratio, state.world.gap_ratio),
        welfare=(start.world.welfare, state.world.welfare, kept.world.welfare),
        warming=(start.world.warming, state.world.warming),
        climate_account=state.world.climate_account,
        disasters=state.world.disasters + news["milestone_missed"],
        attacks=sum(record["world"]["attacks"] for record in history),
        migrants=sum(record["world"]["migrants"] for record in history),
        protectors=len(
            {
                cid
                for record in history
                for cid, policy in record["policies"].items()
                if policy.get("trade") == "protect"
            }
        ),
        pledges_kept=sum(c.pledges_kept for c in countries),
        pledges_broken=sum(c.pledges_broken + c.walked_out for c in countries),
        agreements_active=sum(1 for a in state.agreements.values() if a.activated_round),
        green_agreements=sum(
            1
            for a in state.agreements.values()
            if a.draft.issue in ("green_economy", "digital_economy") and a.activated_round
        ),
        civil_players=sum(1 for m in session.room.members.values() if m.role == "civil"),
        statements=session.room.posted.get("statements", 0),
        groups=len(talk.groups),
        private_messages=talk.messages,
        gainer=_named(scenario, gainer),
        loser=_named(scenario, loser),
    )


def _named(scenario: Any, line: CountryLine | None) -> tuple[dict[str, str], float] | None:
    if line is None:
        return None
    names = {language: country_name(scenario, line.id, language) for language in ("id", "en")}
    return names, line.growth
