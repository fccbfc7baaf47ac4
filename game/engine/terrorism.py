"""Terrorism as a weakest-link public good.

Sandler & Arce 2003 and Arce & Sandler 2005: protection against transnational terrorism is
only as strong as the weakest participant, because attackers move to where security is
lowest. Global protection here is a power (CES) mean of security levels with a low exponent;
the threat that gets through falls hardest on the least secure countries and spills over to
their neighbours. The minimum-effort game of Van Huyck, Battalio & Beil 1990 is the
reference structure: payoff rises with the group minimum and falls with one's own cost.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .draws import poisson
from .scenario import TerrorismRules
from .state import CountryState, Policy

_FLOOR = 0.01  # a security level of zero would make the power mean undefined


@dataclass(frozen=True, slots=True)
class TerrorismOutcome:
    levels: Mapping[str, float]
    protection: float
    attacks: Mapping[str, float]
    loss_share: Mapping[str, float]
    stability_loss: Mapping[str, float]
    displaced: Mapping[str, float]


def security_level(rules: TerrorismRules, country: CountryState, spending: float) -> float:
    funded = spending / (rules.security_cost * max(country.wealth, 1e-9))
    return min(1.0, country.security_capacity + funded)


def pooled_levels(levels: Mapping[str, float], pools: Sequence[Sequence[str]]) -> dict[str, float]:
    """Intelligence sharing: a member is at least as secure as its pool's average."""
    pooled = dict(levels)
    for members in pools:
        if len(members) < 2:
            continue
        average = sum(levels[m] for m in members) / len(members)
        for member in members:
            pooled[member] = max(pooled[member], average)
    return pooled


def protection(rules: TerrorismRules, levels: Sequence[float]) -> float:
    exponent = rules.ces_exponent
    bounded = [max(_FLOOR, level) for level in levels]
    if abs(exponent) < 1e-9:
        product = 1.0
        for level in bounded:
            product *= level
        return product ** (1 / len(bounded))
    return (sum(level**exponent for level in bounded) / len(bounded)) ** (1 / exponent)


def resolve_terrorism(
    *,
    rules: TerrorismRules,
    countries: Mapping[str, CountryState],
    policies: Mapping[str, Policy],
    pools: Sequence[Sequence[str]],
    expected_value: bool,
    rng: random.Random,
) -> TerrorismOutcome:
    own = {cid: security_level(rules, c, policies[cid].security) for cid, c in countries.items()}
    levels = pooled_levels(own, pools)
    shield = protection(rules, list(levels.values()))
    threat = rules.base_threat * len(countries) * (1 - shield)
    exposure = {
        cid: (1 - min(level, 0.999)) ** rules.concentration for cid, level in levels.items()
    }
    total_exposure = sum(exposure.values()) or 1.0
    direct = {cid: threat * e / total_exposure for cid, e in exposure.items()}
    regions: dict[str, list[str]] = {}
    for cid, country in countries.items():
        regions.setdefault(country.region, []).append(cid)
    spill = rules.neighbour_spillover
    expected = {
        cid: (1 - spill) * direct[cid]
        + spill * sum(direct[n] for n in regions[c.region]) / len(regions[c.region])
        for cid, c in countries.items()
    }
    if expected_value:
        attacks = expected
    else:
        attacks = {cid: float(poisson(rng, mean)) for cid, mean in expected.items()}
    return TerrorismOutcome(
        levels=levels,
        protection=shield,
        attacks=attacks,
        loss_share={cid: min(0.5, rules.attack_loss * n) for cid, n in attacks.items()},
        stability_loss={cid: rules.attack_stability * n for cid, n in attacks.items()},
        displaced={cid: rules.displacement_per_attack * n for cid, n in attacks.items()},
    )
