"""Climate change as a collective-risk dilemma with warming damage.

Two published structures combine here:
- Milinski et al. 2008 (PNAS 105:2291): contributions fill a shared account; if it misses a
  milestone's target, a disaster strikes with the scenario's probability and takes a share
  of every country's wealth (scaled by vulnerability; in the published game, everything).
- DICE-2016R (Nordhaus): between milestones, unabated emissions raise the temperature and
  damage takes a share a2·T² of output per year, scaled here by vulnerability.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from .scenario import ClimateRules
from .state import CountryState, Policy


@dataclass(frozen=True, slots=True)
class ClimateOutcome:
    warming: float
    account: float
    abatement: Mapping[str, float]
    damage_share: Mapping[str, float]
    milestone_target: float | None
    milestone_reached: bool | None
    disaster_chance: float  # 1.0 or 0.0 after a seeded draw; the probability in EV mode
    disaster_share: Mapping[str, float]
    displaced: Mapping[str, float]


def abatement(rules: ClimateRules, country: CountryState, mitigation: float) -> float:
    """Share of a country's emissions avoided by its mitigation spending this round."""
    return min(rules.max_abatement, mitigation / (rules.abatement_cost * max(country.wealth, 1e-9)))


def milestone_target(rules: ClimateRules, round_number: int, world_wealth: float) -> float | None:
    for milestone in rules.milestones:
        if milestone.round == round_number:
            if rules.milestone_unit == "absolute":
                return milestone.target
            return milestone.target * world_wealth
    return None


def resolve_climate(
    *,
    rules: ClimateRules,
    countries: Mapping[str, CountryState],
    policies: Mapping[str, Policy],
    adaptation: Mapping[str, float],
    warming: float,
    account: float,
    round_number: int,
    world_wealth_start: float,
    expected_value: bool,
    rng: random.Random,
) -> ClimateOutcome:
    abated = {cid: abatement(rules, c, policies[cid].mitigation) for cid, c in countries.items()}
    emitted = sum(
        c.wealth / world_wealth_start * c.emissions_intensity * (1 - abated[cid])
        for cid, c in countries.items()
    )
    new_warming = warming + rules.warming_per_emission * emitted
    new_account = account + sum(policy.mitigation for policy in policies.values())
    damage_share = {
        cid: min(
            0.9,
            rules.damage_a2 * new_warming**2 * rules.damage_years * c.vulnerability,
        )
        * (1 - adaptation.get(cid, 0.0))
        for cid, c in countries.items()
    }
    target = milestone_target(rules, round_number, world_wealth_start)
    reached = None if target is None else new_account + 1e-9 >= target
    chance = 0.0
    if reached is False:
        if expected_value:
            chance = rules.disaster_probability
        else:
            chance = 1.0 if rng.random() < rules.disaster_probability else 0.0
    disaster_share = {
        cid: chance * min(1.0, rules.disaster_loss * c.vulnerability)
        for cid, c in countries.items()
    }
    displaced = {
        cid: c.population
        * (
            rules.displacement_per_damage * damage_share[cid]
            + rules.displacement_per_disaster * disaster_share[cid]
        )
        for cid, c in countries.items()
    }
    return ClimateOutcome(
        warming=new_warming,
        account=new_account,
        abatement=abated,
        damage_share=damage_share,
        milestone_target=target,
        milestone_reached=reached,
        disaster_chance=chance,
        disaster_share=disaster_share,
        displaced=displaced,
    )
