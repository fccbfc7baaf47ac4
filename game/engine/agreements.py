"""Agreements: terms, thresholds, lifecycle, and what they demand of a member's policy.

Lifecycle (GAME_MODEL): draft → open → active → expired, or withdrawn by its author before
it is active. An agreement activates the moment its signatories cover the threshold.
Binding terms are enforced when a member submits its policy; pledged terms are checked after
the round and move reputation (kept or broken).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .scenario import BLOCS, Bloc

if TYPE_CHECKING:
    from .state import CountryState, Policy, State

Issue = Literal["climate", "terrorism", "migration", "trade", "green_economy", "digital_economy"]
Status = Literal["draft", "open", "active", "expired", "withdrawn"]
BudgetShare = Annotated[float, Field(ge=0, le=1)]


class Terms(BaseModel):
    """What one member commits to, as shares of its round budget."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    min_mitigation: BudgetShare = 0.0
    min_security: BudgetShare = 0.0
    min_migration: BudgetShare = 0.0
    fund_contribution: BudgetShare = 0.0
    # Accept relocated people by the compact's sharing key (and keep borders open).
    quota: bool = False
    # Pool security levels with the other members (Sandler & Arce: intelligence sharing).
    intelligence_sharing: bool = False
    # Climate club (Nordhaus 2015): a tariff on the trade income of non-members.
    tariff_on_nonmembers: Annotated[float, Field(ge=0, le=0.5)] = 0.0
    open_trade: bool = False

    @property
    def minimums(self) -> dict[str, float]:
        """Per spending line, the least share of the member's budget these terms ask for."""
        return {
            "mitigation": self.min_mitigation,
            "security": self.min_security,
            "migration": self.min_migration,
            "aid": self.fund_contribution,
        }

    @property
    def minimum_share(self) -> float:
        return sum(self.minimums.values())


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    members: Annotated[int, Field(ge=1, le=250)] = 2
    emissions_share: BudgetShare = 0.0
    population_share: BudgetShare = 0.0


class AgreementDraft(BaseModel):
    """The editable part of an agreement, as its author writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    title: Annotated[str, Field(min_length=1, max_length=120)]
    issue: Issue
    kind: Literal["binding", "pledge"] = "pledge"
    # Common but differentiated responsibilities: terms per bloc.
    terms: dict[Bloc, Terms] = Field(default_factory=lambda: {bloc: Terms() for bloc in BLOCS})
    threshold: Threshold = Threshold()
    duration: Annotated[int, Field(ge=1, le=30)] = 3

    def terms_for(self, bloc: str) -> Terms:
        return self.terms.get(bloc, Terms())  # type: ignore[call-overload]

    @property
    def tariff(self) -> float:
        return max((terms.tariff_on_nonmembers for terms in self.terms.values()), default=0.0)


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    author: str
    draft: AgreementDraft
    status: Status = "draft"
    signatories: tuple[str, ...] = ()
    activated_round: int | None = None
    rounds_left: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "draft": self.draft.model_dump(mode="json"),
            "status": self.status,
            "signatories": list(self.signatories),
            "activated_round": self.activated_round,
            "rounds_left": self.rounds_left,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agreement:
        return cls(
            id=data["id"],
            author=data["author"],
            draft=AgreementDraft.model_validate(data["draft"]),
            status=data["status"],
            signatories=tuple(data["signatories"]),
            activated_round=data["activated_round"],
            rounds_left=data["rounds_left"],
        )

    def with_status(self, status: Status) -> Agreement:
        return replace(self, status=status)


def threshold_met(state: State, draft: AgreementDraft, members: tuple[str, ...]) -> bool:
    """Whether ``members`` cover the activation threshold in today's world."""
    if len(members) < draft.threshold.members:
        return False
    countries = state.countries.values()
    total_emissions = sum(emissions(c) for c in countries) or 1.0
    total_population = sum(c.population for c in countries)
    covered = [state.countries[m] for m in members]
    emission_share = sum(emissions(c) for c in covered) / total_emissions
    population_share = sum(c.population for c in covered) / total_population
    return (
        emission_share + 1e-12 >= draft.threshold.emissions_share
        and population_share + 1e-12 >= draft.threshold.population_share
    )


def emissions(country: CountryState) -> float:
    """Unabated emissions, the measure that thresholds and shares of emissions use."""
    return country.wealth * country.emissions_intensity


def active_for(state: State, country_id: str) -> list[Agreement]:
    return [
        a for a in state.agreements.values() if a.status == "active" and country_id in a.signatories
    ]


def binding_minimums(state: State, country_id: str) -> dict[str, tuple[float, str]]:
    """Per spending line, the highest minimum a binding agreement imposes, and which one."""
    bloc = state.countries[country_id].bloc
    budget = state.budget(country_id)
    minimums: dict[str, tuple[float, str]] = {}
    for agreement in active_for(state, country_id):
        if agreement.draft.kind != "binding":
            continue
        for line, share in agreement.draft.terms_for(bloc).minimums.items():
            amount = share * budget
            if amount > minimums.get(line, (0.0, ""))[0]:
                minimums[line] = (amount, agreement.id)
    return minimums


def kept(terms: Terms, policy: Policy, budget: float) -> bool:
    """Whether a policy honours every term of one agreement (pledges are judged by this)."""
    tolerance = 1e-9 * max(budget, 1.0)
    return (
        all(
            getattr(policy, line) + tolerance >= share * budget
            for line, share in terms.minimums.items()
        )
        and not (terms.quota and policy.borders == "closed")
        and not (terms.open_trade and policy.trade == "protect")
    )
