"""The game state as values: what every rule reads and every event replaces.

States are frozen; the fold in ``events.py`` builds a new one per event. Everything in a
state is JSON-representable through ``as_dict`` so snapshots and replays compare exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from .scenario import SPENDING_LINES, Scenario

Phase = Literal["lobby", "briefing", "negotiation", "decision", "results", "finished"]
TIMED_PHASES: tuple[Phase, ...] = ("briefing", "negotiation", "decision", "results")


def _plain(value: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for the flat values below (numbers and strings only, so nothing
    to copy): a round builds forty of these, and asdict's deep copy took half the engine's
    time for twenty countries."""
    return {name: getattr(value, name) for name in _field_names(type(value))}


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class Policy:
    """A delegation's national policy for one round: money per line plus two stances."""

    development: float = 0.0
    mitigation: float = 0.0
    security: float = 0.0
    migration: float = 0.0
    aid: float = 0.0
    trade: Literal["open", "protect"] = "open"
    borders: Literal["open", "closed"] = "open"

    @property
    def total(self) -> float:
        return sum(getattr(self, line) for line in SPENDING_LINES)

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True, slots=True)
class CountryState:
    id: str
    bloc: str
    region: str
    population: float
    wealth: float
    emissions_intensity: float
    vulnerability: float
    security_capacity: float
    attractiveness: float
    openness: float
    stability: float
    reputation: float = 1.0
    pledges_kept: int = 0
    pledges_broken: int = 0
    security_level: float = 0.0
    attacks: float = 0.0
    hosted_migrants: float = 0.0
    integrated_migrants: float = 0.0
    past_effort: float = 0.0
    displaced: float = 0.0
    score: float = 100.0

    @property
    def wealth_per_capita(self) -> float:
        return self.wealth / self.population

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class World:
    warming: float
    climate_account: float = 0.0
    disasters: int = 0
    attacks: float = 0.0
    migrants: float = 0.0
    displaced: float = 0.0
    protection: float = 0.0
    gini: float = 0.0
    theil: float = 0.0
    theil_between: float = 0.0
    theil_within: float = 0.0
    gap_ratio: float | None = None
    welfare: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class State:
    scenario: Scenario
    seed: int
    countries: Mapping[str, CountryState]
    world: World
    baseline: Mapping[str, float]
    round: int = 0
    phase: Phase = "lobby"
    policies: Mapping[str, Policy] = field(default_factory=lambda: MappingProxyType({}))
    last_policies: Mapping[str, Policy] = field(default_factory=lambda: MappingProxyType({}))
    agreements: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Each resolved round's results, oldest first. Any sequence the fold can extend with
    # ``+ (record,)``: a tuple here, packed records in a server process (game.round_history).
    history: Sequence[Mapping[str, Any]] = ()

    def country(self, country_id: str) -> CountryState:
        return self.countries[country_id]

    def budget(self, country_id: str) -> float:
        """Money a delegation may allocate this round (GAME_MODEL: a share of its wealth)."""
        rules = self.scenario.economy
        if rules.budget_absolute is not None:
            return rules.budget_absolute
        return rules.budget_share * self.countries[country_id].wealth

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot; two states are the same game exactly when these are equal."""
        return {
            "scenario": self.scenario.slug,
            "seed": self.seed,
            "round": self.round,
            "phase": self.phase,
            "countries": {cid: c.as_dict() for cid, c in self.countries.items()},
            "world": self.world.as_dict(),
            "baseline": dict(self.baseline),
            "policies": {cid: p.as_dict() for cid, p in self.policies.items()},
            "last_policies": {cid: p.as_dict() for cid, p in self.last_policies.items()},
            "agreements": {aid: a.as_dict() for aid, a in self.agreements.items()},
            "history": [dict(record) for record in self.history],
        }


def frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))
