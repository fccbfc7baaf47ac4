"""Migration as burden-sharing.

People displaced by climate damage, disasters and attacks in one resolution move in the next.
Without an agreement they head for wealth and attractiveness. A migration compact shares
what reaches its members by a key (the EU's 2015 relocation key: population 40 %, GDP 40 %,
past asylum effort 10 %, unemployment 10 %; stability stands in for unemployment here).
A closed border turns people away: most of them go on to the neighbours, the rest are
stranded at home (hosted, unintegrated, by their own country), and closing costs the closer
stability. Hosting costs money unless
integration is funded; integrated people add to wealth in later rounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .scenario import MigrationRules, SharingKey
from .state import CountryState, Policy


@dataclass(frozen=True, slots=True)
class MigrationOutcome:
    arrivals: Mapping[str, float]
    departures: Mapping[str, float]
    turned_away: Mapping[str, float]
    hosted: Mapping[str, float]
    integrated: Mapping[str, float]
    hosting_cost: Mapping[str, float]
    integration_gain: Mapping[str, float]
    stability_loss: Mapping[str, float]


def attraction(country: CountryState) -> float:
    """Pull on people on the move: attractiveness times the size of the economy, so that
    larger economies take more people in absolute terms, as observed flows do."""
    return country.attractiveness * country.wealth


def sharing_key(
    key: SharingKey, members: Sequence[str], countries: Mapping[str, CountryState]
) -> dict[str, float]:
    """Each member's share of a compact's people; shares add up to 1."""
    group = [countries[m] for m in members]
    population = sum(c.population for c in group)
    wealth = sum(c.wealth for c in group)
    effort = sum(c.past_effort for c in group)
    stability = sum(c.stability for c in group) or 1.0
    weights = {}
    for country in group:
        # Countries that already hosted more take less of what comes next.
        relief = (
            (1 - country.past_effort / effort) / max(len(group) - 1, 1)
            if effort > 0 and len(group) > 1
            else 1 / len(group)
        )
        weights[country.id] = (
            key.population * country.population / population
            + key.wealth * country.wealth / wealth
            + key.past_effort * relief
            + key.stability * country.stability / stability
        )
    total = sum(weights.values()) or 1.0
    return {cid: weight / total for cid, weight in weights.items()}


def _destinations(origin: str, countries: Mapping[str, CountryState]) -> dict[str, float]:
    pull = {cid: attraction(c) for cid, c in countries.items() if cid != origin}
    total = sum(pull.values())
    if total <= 0:
        return {}
    return {cid: value / total for cid, value in pull.items()}


def resolve_migration(
    *,
    rules: MigrationRules,
    countries: Mapping[str, CountryState],
    policies: Mapping[str, Policy],
    compacts: Sequence[Sequence[str]],
) -> MigrationOutcome:
    heading: dict[str, float] = dict.fromkeys(countries, 0.0)
    departures: dict[str, float] = dict.fromkeys(countries, 0.0)
    for origin, country in countries.items():
        if country.displaced <= 0:
            continue
        for destination, share in _destinations(origin, countries).items():
            heading[destination] += country.displaced * share
        departures[origin] = country.displaced
    for members in compacts:
        members = [m for m in members if m in countries]
        if len(members) < 2:
            continue
        pooled = sum(heading[m] for m in members)
        for member, share in sharing_key(rules.key, members, countries).items():
            heading[member] = pooled * share

    closed = {cid for cid, policy in policies.items() if policy.borders == "closed"}
    arrivals = {cid: (0.0 if cid in closed else amount) for cid, amount in heading.items()}
    turned_away = {cid: heading[cid] for cid in closed}
    stranded = 0.0
    for closer in closed:
        region = countries[closer].region
        neighbours = [
            cid
            for cid, c in countries.items()
            if c.region == region and cid not in closed and cid != closer
        ]
        onward = turned_away[closer] * rules.spillover if neighbours else 0.0
        stranded += turned_away[closer] - onward
        pull = {n: attraction(countries[n]) for n in neighbours}
        total_pull = sum(pull.values()) or 1.0
        for neighbour in neighbours:
            arrivals[neighbour] += onward * pull[neighbour] / total_pull
    # Stranded people stay in their countries of origin, in proportion to who left, and
    # need shelter there like any other displaced people.
    total_departures = sum(departures.values()) or 1.0
    stranded_at = {cid: stranded * amount / total_departures for cid, amount in departures.items()}
    departures = {cid: amount - stranded_at[cid] for cid, amount in departures.items()}

    hosted: dict[str, float] = {}
    integrated: dict[str, float] = {}
    hosting_cost: dict[str, float] = {}
    integration_gain: dict[str, float] = {}
    stability_loss: dict[str, float] = {}
    for cid, country in countries.items():
        waiting = country.hosted_migrants + arrivals[cid] + stranded_at[cid]
        per_person = country.wealth_per_capita
        integration_price = rules.integration_cost * per_person
        capacity = policies[cid].migration / integration_price if integration_price else waiting
        newly = min(waiting, capacity)
        hosted[cid] = waiting - newly
        integrated[cid] = country.integrated_migrants + newly
        hosting_cost[cid] = rules.hosting_cost * per_person * hosted[cid]
        # Integration pays from the round after: only people integrated before count now.
        integration_gain[cid] = rules.integration_return * per_person * country.integrated_migrants
        population = max(country.population + arrivals[cid] - departures[cid], 1e-6)
        stability_loss[cid] = rules.unintegrated_stability * 100 * hosted[cid] / population + (
            rules.closed_border_stability if cid in closed else 0.0
        )
    return MigrationOutcome(
        arrivals=arrivals,
        departures=departures,
        turned_away=turned_away,
        hosted=hosted,
        integrated=integrated,
        hosting_cost=hosting_cost,
        integration_gain=integration_gain,
        stability_loss=stability_loss,
    )
