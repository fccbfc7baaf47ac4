"""Scenario definition: every rule parameter of a game, validated before a game can use it.

A scenario is plain data (the YAML files in ``game/scenarios/``). ``load_scenario`` turns it
into a frozen model or raises ``ScenarioError`` listing *every* problem with the path of the
bad field, so a teacher editing a file sees all mistakes at once, not one per attempt.
Units are stylised: population in millions, wealth in billions of a notional currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Bloc = Literal["developed", "emerging", "developing"]
BLOCS: tuple[Bloc, ...] = ("developed", "emerging", "developing")
SPENDING_LINES = ("development", "mitigation", "security", "migration", "aid")

Share = Annotated[float, Field(ge=0, le=1)]
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Localized(Rules):
    """A text in both languages of the interface."""

    id: Annotated[str, Field(min_length=1, max_length=2000)]
    en: Annotated[str, Field(min_length=1, max_length=2000)]

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.id


class Country(Rules):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,23}$")]
    name: Localized
    bloc: Bloc
    region: Annotated[str, Field(min_length=1, max_length=40)]
    population: Positive
    wealth: Positive
    emissions_intensity: NonNegative
    vulnerability: Annotated[float, Field(ge=0, le=3)]
    security_capacity: Share
    attractiveness: Annotated[float, Field(ge=0, le=3)]
    openness: Share
    stability: Share = 0.8


class Phases(Rules):
    """Seconds per timed phase; the facilitator can still pause, extend or advance."""

    briefing: Annotated[int, Field(ge=10, le=3600)] = 60
    negotiation: Annotated[int, Field(ge=10, le=7200)] = 420
    decision: Annotated[int, Field(ge=10, le=3600)] = 180
    results: Annotated[int, Field(ge=10, le=3600)] = 90


class IssueSwitches(Rules):
    climate: bool = True
    terrorism: bool = True
    migration: bool = True
    trade: bool = True


class EconomyRules(Rules):
    budget_share: Annotated[float, Field(gt=0, le=1)] = 0.1
    # A fixed budget per round instead of a share of wealth (the Milinski game: 4 per round).
    budget_absolute: Positive | None = None
    # Allowed amounts per spending line (Milinski: contribute 0, 2 or 4); None = any amount.
    allowed_amounts: tuple[NonNegative, ...] | None = None
    base_growth: Annotated[float, Field(ge=-0.5, le=1)] = 0.02
    # Money put into development comes back with a return that falls as more of the budget
    # goes in (absorptive capacity): the first unit earns development_return, the last
    # one (1 − development_saturation) of it. Saturation 0 makes the return linear.
    development_return: Annotated[float, Field(ge=0, le=5)] = 0.8
    development_saturation: Share = 1.0
    # The world trade pool is this share of openness-weighted world wealth each round.
    trade_pool_share: Share = 0.15
    # Prisoner's dilemma of trade: a protectionist's share of the pool grows by this factor...
    protection_advantage: Annotated[float, Field(ge=0, le=5)] = 0.8
    # ...while the whole pool shrinks by this share times the share of protectionists.
    protection_drag: Share = 0.5
    aid_multiplier: Annotated[float, Field(ge=0, le=5)] = 1.5
    # A recipient can absorb aid up to this share of its wealth per round; the rest of the
    # fund goes to other recipients, and what nobody can absorb returns to the donors.
    aid_absorption: Annotated[float, Field(ge=0, le=2)] = 0.1
    # Green / digital economy agreements: each member gains this share of its wealth per member.
    green_cobenefit: Annotated[float, Field(ge=0, le=0.1)] = 0.002
    digital_cobenefit: Annotated[float, Field(ge=0, le=0.1)] = 0.0015


class Milestone(Rules):
    round: Annotated[int, Field(ge=1)]
    target: NonNegative


class ClimateRules(Rules):
    # The shared mitigation account must reach each milestone's target by its round
    # (Milinski et al. 2008). Targets are money, or shares of the starting world wealth.
    milestones: tuple[Milestone, ...] = ()
    milestone_unit: Literal["absolute", "world_wealth_share"] = "world_wealth_share"
    disaster_probability: Share = 0.5
    # Share of wealth lost in a disaster, scaled by each country's vulnerability (capped at 1).
    disaster_loss: Share = 0.1
    warming_start: Annotated[float, Field(ge=0, le=10)] = 1.2
    # Warming per round from emissions; a country emits wealth/world wealth × intensity.
    warming_per_emission: Annotated[float, Field(ge=0, le=2)] = 0.2
    # DICE-2016R damage coefficient a2 (share of output lost = a2 · T²), per year of a round.
    damage_a2: Annotated[float, Field(ge=0, le=0.1)] = 0.00236
    damage_years: Annotated[float, Field(ge=0, le=20)] = 2.0
    # Mitigation spending of this share of wealth abates 100 % of a country's emissions.
    abatement_cost: Annotated[float, Field(gt=0, le=1)] = 0.05
    max_abatement: Share = 0.9
    # Each unit of aid received lowers the recipient's vulnerability by this much per wealth share.
    adaptation_from_aid: Annotated[float, Field(ge=0, le=50)] = 2.0
    displacement_per_damage: Annotated[float, Field(ge=0, le=1)] = 0.3
    displacement_per_disaster: Annotated[float, Field(ge=0, le=1)] = 0.03


class TerrorismRules(Rules):
    base_threat: Annotated[float, Field(ge=0, le=1000)] = 3.0
    # Weakest link: protection is the power mean of security levels with this exponent
    # (Sandler & Arce 2003; very negative = the minimum).
    ces_exponent: Annotated[float, Field(ge=-50, le=1)] = -4.0
    # Security spending of this share of wealth raises a country's security level by 1.
    security_cost: Annotated[float, Field(gt=0, le=1)] = 0.04
    attack_loss: Annotated[float, Field(ge=0, le=0.5)] = 0.006
    attack_stability: Annotated[float, Field(ge=0, le=0.5)] = 0.02
    concentration: Annotated[float, Field(ge=0, le=10)] = 0.5
    neighbour_spillover: Share = 0.3
    displacement_per_attack: Annotated[float, Field(ge=0, le=10)] = 0.05


class SharingKey(Rules):
    """Burden-sharing key of a migration compact (the EU's 2015 relocation key by default)."""

    population: Share = 0.4
    wealth: Share = 0.4
    past_effort: Share = 0.1
    stability: Share = 0.1


class MigrationRules(Rules):
    # Costs and returns per person, as shares of the host's wealth per person, so that
    # hosting weighs the same on a rich and a poor country: a round of shelter for one
    # unintegrated person, integrating one person (once), and what one integrated person
    # adds every later round.
    hosting_cost: Annotated[float, Field(ge=0, le=5)] = 0.3
    integration_cost: Annotated[float, Field(ge=0, le=5)] = 0.5
    integration_return: Annotated[float, Field(ge=0, le=5)] = 0.1
    # Stability lost per percent of the population hosted without integration.
    unintegrated_stability: Annotated[float, Field(ge=0, le=1)] = 0.01
    closed_border_stability: Share = 0.04
    # Share of the people turned away by a closed border that go on to a neighbour.
    spillover: Share = 0.8
    key: SharingKey = SharingKey()


class OwnScoreWeights(Rules):
    wealth: Share = 0.6
    security: Share = 0.2
    stability: Share = 0.2


class ScoringRules(Rules):
    # Weight of world welfare in every national score; the teacher's dial for the dilemma.
    world_weight: Share = 0.3
    own: OwnScoreWeights = OwnScoreWeights()
    civil_society_bonus: NonNegative = 5.0


class PolicyShares(Rules):
    """The policy a delegation keeps if it never submits one: shares of its budget."""

    development: Share = 0.6
    mitigation: Share = 0.1
    security: Share = 0.1
    migration: Share = 0.1
    aid: Share = 0.1
    trade: Literal["open", "protect"] = "open"
    borders: Literal["open", "closed"] = "open"

    @model_validator(mode="after")
    def _fits_budget(self) -> PolicyShares:
        total = sum(getattr(self, line) for line in SPENDING_LINES)
        if total > 1 + 1e-9:
            raise ValueError(f"shares add up to {total:g}, more than the whole budget")
        return self


class Effect(Rules):
    country: str = "*"
    field: Literal["wealth", "stability", "vulnerability", "security_capacity", "attractiveness"]
    change: Annotated[float, Field(ge=-0.9, le=2)]


class NewsEvent(Rules):
    round: Annotated[int, Field(ge=1)]
    headline: Localized
    effects: tuple[Effect, ...] = ()


class Scenario(Rules):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,48}$")]
    title: Localized
    description: Localized
    rounds: Annotated[int, Field(ge=1, le=30)] = 6
    start_year: Annotated[int, Field(ge=1900, le=2200)] = 2025
    years_per_round: Annotated[int, Field(ge=1, le=50)] = 5
    # Expected-value mode replaces every random draw by its expectation.
    expected_value: bool = False
    delegation_size: Annotated[int, Field(ge=1, le=6)] = 6
    phases: Phases = Phases()
    issues: IssueSwitches = IssueSwitches()
    economy: EconomyRules = EconomyRules()
    climate: ClimateRules = ClimateRules()
    terrorism: TerrorismRules = TerrorismRules()
    migration: MigrationRules = MigrationRules()
    scoring: ScoringRules = ScoringRules()
    default_policy: PolicyShares = PolicyShares()
    countries: Annotated[tuple[Country, ...], Field(min_length=2, max_length=250)]
    events: tuple[NewsEvent, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        problems: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        for index, country in enumerate(self.countries):
            if country.id in seen:
                problems.append((f"countries[{index}].id", f"'{country.id}' is used twice"))
            seen[country.id] = index
        last_target = -1.0
        for index, milestone in enumerate(self.climate.milestones):
            path = f"climate.milestones[{index}]"
            if milestone.round > self.rounds:
                problems.append((f"{path}.round", f"must be <= rounds ({self.rounds})"))
            if milestone.target < last_target:
                problems.append((f"{path}.target", "must not be lower than the one before"))
            last_target = milestone.target
        for index, event in enumerate(self.events):
            if event.round > self.rounds:
                problems.append((f"events[{index}].round", f"must be <= rounds ({self.rounds})"))
            for e_index, effect in enumerate(event.effects):
                if effect.country != "*" and effect.country not in seen:
                    problems.append(
                        (
                            f"events[{index}].effects[{e_index}].country",
                            f"'{effect.country}' is not a country of this scenario",
                        )
                    )
        if problems:
            raise _CrossFieldProblems(problems)
        return self

    def country(self, country_id: str) -> Country:
        for country in self.countries:
            if country.id == country_id:
                return country
        raise KeyError(country_id)

    @property
    def country_ids(self) -> tuple[str, ...]:
        return tuple(country.id for country in self.countries)

    def year_of(self, round_number: int) -> int:
        return self.start_year + (round_number - 1) * self.years_per_round


class _CrossFieldProblems(ValueError):
    """Carries several located problems out of a model validator."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems


class ScenarioError(ValueError):
    """A scenario that cannot be played; ``problems`` lists each as ``path: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_scenario(data: Mapping[str, Any]) -> Scenario:
    """Validate raw scenario data, reporting every problem at once."""
    if not isinstance(data, Mapping):
        raise ScenarioError([f"(top): must be a mapping, not {type(data).__name__}"])
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as error:
        raise ScenarioError(_problems(error)) from None


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with parameters replaced by dotted path (``climate.rounds``)."""
    data = scenario.model_dump(mode="json")
    problems = []
    for dotted, value in overrides.items():
        target: Any = data
        parts = dotted.split(".")
        try:
            for part in parts[:-1]:
                target = target[int(part)] if isinstance(target, list) else target[part]
            if not isinstance(target, dict) or parts[-1] not in target:
                raise KeyError(parts[-1])
        except (KeyError, ValueError, IndexError, TypeError):
            problems.append(f"{dotted}: is not a parameter of this scenario")
            continue
        target[parts[-1]] = value
    if problems:
        raise ScenarioError(problems)
    return load_scenario(data)


def with_rounds(scenario: Scenario, rounds: int) -> Scenario:
    """The same scenario played for ``rounds`` rounds: later milestones and news are dropped."""
    data = scenario.model_dump(mode="json")
    data["rounds"] = rounds
    data["climate"]["milestones"] = [
        m for m in data["climate"]["milestones"] if m["round"] <= rounds
    ]
    data["events"] = [e for e in data["events"] if e["round"] <= rounds]
    return load_scenario(data)


def _problems(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        context = item.get("ctx") or {}
        cross = context.get("error")
        if isinstance(cross, _CrossFieldProblems):
            problems.extend(f"{path}: {message}" for path, message in cross.problems)
            continue
        problems.append(f"{_path(item['loc'])}: {_message(item)}")
    return problems


def _path(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith("function-") or part in {"tagged-union", "union"}:
            continue
        else:
            text += f".{part}" if text else str(part)
    return text or "(top)"


_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than": "must be < {lt}",
    "less_than_equal": "must be <= {le}",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "too_short": "needs at least {min_length} items",
    "too_long": "allows at most {max_length} items",
    "string_pattern_mismatch": "has characters that are not allowed",
    "literal_error": "must be one of {expected}",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be text",
    "model_type": "must be a mapping of fields",
    "tuple_type": "must be a list",
    "finite_number": "must be a finite number",
}


def _message(item: Mapping[str, Any]) -> str:
    template = _MESSAGES.get(item["type"])
    if template is None:
        message = str(item["msg"])
        return message.removeprefix("Value error, ")
    context = {
        key: f"{value:g}" if isinstance(value, float) else value
        for key, value in (item.get("ctx") or {}).items()
    }
    return template.format(**context)
