"""Inequality, welfare and scores: the numbers everyone sees every round.

Formulas follow GAME_MODEL.md: the population-weighted Gini of wealth per capita, Theil's T
split exactly into between-bloc and within-bloc parts, the developed/developing gap ratio,
and Sen's welfare index μ·(1 − G).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Person:
    """A group of equal people: one country as the inequality measures see it."""

    weight: float  # population
    income: float  # wealth per capita
    group: str = ""


def mean(people: Iterable[Person]) -> float:
    people = list(people)
    total_weight = sum(p.weight for p in people)
    return sum(p.weight * p.income for p in people) / total_weight


def gini(people: Sequence[Person]) -> float:
    """G = Σᵢ Σⱼ wᵢwⱼ|xᵢ − xⱼ| / (2 (Σw)² μ), computed in O(n log n) over sorted incomes."""
    ordered = sorted(people, key=lambda p: p.income)
    total_weight = sum(p.weight for p in ordered)
    mu = sum(p.weight * p.income for p in ordered) / total_weight
    if mu <= 0:
        return 0.0
    weight_below = 0.0
    income_below = 0.0
    pair_sum = 0.0
    for person in ordered:
        pair_sum += person.weight * (person.income * weight_below - income_below)
        weight_below += person.weight
        income_below += person.weight * person.income
    # Each unordered pair was counted once; the formula sums ordered pairs (twice).
    return max(0.0, (2 * pair_sum) / (2 * total_weight**2 * mu))


@dataclass(frozen=True, slots=True)
class Theil:
    total: float
    between: float
    within: float


def theil(people: Sequence[Person]) -> Theil:
    """Theil's T with income shares sᵢ = wᵢxᵢ/Σwx; T = T_between + T_within over groups."""
    mu = mean(people)
    total_income = sum(p.weight * p.income for p in people)
    if total_income <= 0:
        return Theil(0.0, 0.0, 0.0)
    total = sum(
        (p.weight * p.income / total_income) * math.log(p.income / mu)
        for p in people
        if p.income > 0
    )
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(person.group, []).append(person)
    between = 0.0
    within = 0.0
    for members in groups.values():
        group_income = sum(p.weight * p.income for p in members)
        share = group_income / total_income
        group_mean = mean(members)
        if group_mean <= 0:
            continue
        between += share * math.log(group_mean / mu)
        within += share * sum(
            (p.weight * p.income / group_income) * math.log(p.income / group_mean)
            for p in members
            if p.income > 0
        )
    return Theil(total=total, between=between, within=within)


def gap_ratio(people: Sequence[Person]) -> float | None:
    """Mean wealth per person in developed countries over that in developing ones."""
    rich = [p for p in people if p.group == "developed"]
    poor = [p for p in people if p.group == "developing"]
    if not rich or not poor or mean(poor) <= 0:
        return None
    return mean(rich) / mean(poor)


def welfare(people: Sequence[Person]) -> float:
    """Sen's welfare index: mean income discounted by inequality."""
    return mean(people) * (1 - gini(people))


def national_score(
    *,
    wealth_ratio: float,
    security: float,
    stability_ratio: float,
    welfare_ratio: float,
    weights: tuple[float, float, float],
    world_weight: float,
) -> float:
    """A weighted mix of own outcome and world welfare, both 1.0 at the start (×100)."""
    own_total = sum(weights) or 1.0
    own = (
        weights[0] * wealth_ratio + weights[1] * security + weights[2] * stability_ratio
    ) / own_total
    return 100 * ((1 - world_weight) * own + world_weight * welfare_ratio)
