"""Economy and trade: growth, the trade pool, climate clubs, aid and co-benefits.

Trade is a prisoner's dilemma: a protectionist takes a larger share of the pool now while the
pool shrinks for everyone. Climate clubs (Nordhaus 2015, AER 105:1339) let an agreement's
members tariff the trade income of non-members. Green and digital economy agreements pay
co-benefits that grow with the number of members, the opportunity side of globalisation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .scenario import EconomyRules
from .state import CountryState, Policy


@dataclass(frozen=True, slots=True)
class Club:
    """An active agreement as the economy sees it: its issue, members and tariff."""

    issue: str
    members: tuple[str, ...]
    tariff: float


@dataclass(frozen=True, slots=True)
class EconomyOutcome:
    growth: Mapping[str, float]
    development: Mapping[str, float]
    trade: Mapping[str, float]
    tariffs: Mapping[str, float]  # received (+) or paid (−)
    cobenefits: Mapping[str, float]
    pool: float
    pool_if_open: float


def distribute_aid(
    *,
    rules: EconomyRules,
    countries: Mapping[str, CountryState],
    policies: Mapping[str, Policy],
) -> dict[str, float]:
    """Aid goes to a multilateral fund that developing countries draw by need.

    Each recipient absorbs at most ``aid_absorption`` of its wealth (water-filling by need);
    what no recipient can absorb goes back to the donors (a negative entry), so aid is never
    money thrown away and never multiplies beyond what a small economy can use.
    """
    given = {cid: policy.aid for cid, policy in policies.items()}
    fund = sum(given.values()) * rules.aid_multiplier
    received = dict.fromkeys(countries, 0.0)
    open_need = {
        cid: c.population * (1 + c.vulnerability)
        for cid, c in countries.items()
        if c.bloc == "developing"
    }
    remaining = fund
    while remaining > 1e-12 and open_need:
        total_need = sum(open_need.values())
        capped = {}
        for cid, need in open_need.items():
            room = rules.aid_absorption * countries[cid].wealth - received[cid]
            offer = remaining * need / total_need
            if offer >= room:
                capped[cid] = room
        if not capped:
            for cid, need in open_need.items():
                received[cid] += remaining * need / total_need
            remaining = 0.0
            break
        for cid, room in capped.items():
            received[cid] += room
            remaining -= room
            del open_need[cid]
    if remaining > 1e-12 and fund > 0:
        refund = remaining / rules.aid_multiplier
        total_given = sum(given.values())
        for cid, amount in given.items():
            received[cid] += refund * amount / total_given
    return received


def development_gain(rules: EconomyRules, invested: float, budget: float) -> float:
    """What development spending brings back: diminishing returns within one budget."""
    if budget <= 0:
        return invested
    share = invested / budget
    return invested * (
        1 + rules.development_return * (1 - rules.development_saturation * share / 2)
    )


def resolve_economy(
    *,
    rules: EconomyRules,
    countries: Mapping[str, CountryState],
    policies: Mapping[str, Policy],
    budgets: Mapping[str, float],
    clubs: Sequence[Club],
    trade_on: bool,
) -> EconomyOutcome:
    growth = {cid: rules.base_growth * c.wealth for cid, c in countries.items()}
    development = {
        cid: development_gain(rules, policies[cid].development, budgets[cid]) for cid in countries
    }
    trade = dict.fromkeys(countries, 0.0)
    tariffs = dict.fromkeys(countries, 0.0)
    pool = pool_if_open = 0.0
    if trade_on:
        base = {cid: c.wealth * c.openness for cid, c in countries.items()}
        total_base = sum(base.values())
        protectionist = sum(base[cid] for cid in countries if policies[cid].trade == "protect")
        pool_if_open = rules.trade_pool_share * total_base
        pool = pool_if_open * (1 - rules.protection_drag * protectionist / (total_base or 1.0))
        claim = {
            cid: base[cid] * (1 + rules.protection_advantage * (policies[cid].trade == "protect"))
            for cid in countries
        }
        total_claim = sum(claim.values()) or 1.0
        trade = {cid: pool * claim[cid] / total_claim for cid in countries}
        for club in clubs:
            if club.tariff <= 0:
                continue
            members = [m for m in club.members if m in countries]
            member_trade = sum(trade[m] for m in members)
            # Non-members pay on the part of their trade that is with the club.
            club_share = member_trade / (pool or 1.0)
            collected = 0.0
            for cid in countries:
                if cid not in members:
                    paid = club.tariff * trade[cid] * club_share
                    tariffs[cid] -= paid
                    collected += paid
            for member in members:
                tariffs[member] += collected * trade[member] / (member_trade or 1.0)
    cobenefits = dict.fromkeys(countries, 0.0)
    for club in clubs:
        rate = {"green_economy": rules.green_cobenefit, "digital_economy": rules.digital_cobenefit}
        per_member = rate.get(club.issue, 0.0) * len(club.members)
        for member in club.members:
            if member in countries:
                cobenefits[member] += per_member * countries[member].wealth
    return EconomyOutcome(
        growth=growth,
        development=development,
        trade=trade,
        tariffs=tariffs,
        cobenefits=cobenefits,
        pool=pool,
        pool_if_open=pool_if_open,
    )
