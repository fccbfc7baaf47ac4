"""Round resolution: the world's answer to every delegation's policy, computed at once.

Order within a resolution (documented in docs/game-model.md):
1. policies in force (submitted, else the previous one, else the scenario default);
2. pledges and binding terms checked against them;
3. aid, then climate, terrorism, migration and the economy, each from the round's start;
4. wealth, population, stability and reputation updated; inequality and scores measured;
5. agreements age and expire; headlines explain the round.
The result is one plain dict, the payload of the ``round_resolved`` event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import news
from .agreements import kept
from .climate import resolve_climate
from .draws import generator
from .economy import Club, distribute_aid, resolve_economy
from .metrics import Person, gap_ratio, gini, national_score, theil
from .migration import resolve_migration
from .policy import policy_in_force
from .state import CountryState, Policy, State, World
from .terrorism import resolve_terrorism

_STABILITY_RECOVERY = 0.2  # share of the gap back to a country's normal stability per round


def people(countries: Mapping[str, CountryState]) -> list[Person]:
    return [Person(c.population, c.wealth_per_capita, c.bloc) for c in countries.values()]


def world_figures(countries: Mapping[str, CountryState], **rest: Any) -> World:
    population = people(countries)
    inequality = theil(population)
    g = gini(population)
    mu = sum(p.weight * p.income for p in population) / sum(p.weight for p in population)
    return World(
        gini=g,
        theil=inequality.total,
        theil_between=inequality.between,
        theil_within=inequality.within,
        gap_ratio=gap_ratio(population),
        welfare=mu * (1 - g),
        **rest,
    )


def _members_with(state: State, term: str) -> list[tuple[str, ...]]:
    groups = []
    for agreement in state.agreements.values():
        if agreement.status != "active":
            continue
        members = tuple(
            m
            for m in agreement.signatories
            if getattr(agreement.draft.terms_for(state.countries[m].bloc), term)
        )
        groups.append(members)
    return groups


def resolve_round(state: State) -> dict[str, Any]:
    """Everything that happens when a round's decisions are in; pure and deterministic."""
    scenario = state.scenario
    countries = state.countries
    round_number = state.round
    expected = scenario.expected_value
    policies: dict[str, Policy] = {}
    fallbacks: list[str] = []
    for cid in countries:
        policies[cid], fell_back = policy_in_force(state, cid)
        if fell_back:
            fallbacks.append(cid)

    compliance = []
    for agreement in state.agreements.values():
        if agreement.status != "active":
            continue
        for member in agreement.signatories:
            terms = agreement.draft.terms_for(countries[member].bloc)
            compliance.append(
                {
                    "agreement": agreement.id,
                    "country": member,
                    "kept": kept(terms, policies[member], state.budget(member)),
                }
            )

    aid = distribute_aid(rules=scenario.economy, countries=countries, policies=policies)
    adaptation = {
        cid: min(0.5, scenario.climate.adaptation_from_aid * aid[cid] / max(c.wealth, 1e-9))
        for cid, c in countries.items()
    }
    world = state.world

    climate = None
    if scenario.issues.climate:
        climate = resolve_climate(
            rules=scenario.climate,
            countries=countries,
            policies=policies,
            adaptation=adaptation,
            warming=world.warming,
            account=world.climate_account,
            round_number=round_number,
            world_wealth_start=state.baseline["world_wealth"],
            expected_value=expected,
            rng=generator(state.seed, round_number, "climate"),
        )
    terror = None
    if scenario.issues.terrorism:
        terror = resolve_terrorism(
            rules=scenario.terrorism,
            countries=countries,
            policies=policies,
            pools=_members_with(state, "intelligence_sharing"),
            expected_value=expected,
            rng=generator(state.seed, round_number, "terrorism"),
        )
    moves = None
    if scenario.issues.migration:
        moves = resolve_migration(
            rules=scenario.migration,
            countries=countries,
            policies=policies,
            compacts=_members_with(state, "quota"),
        )
    clubs = [
        Club(a.draft.issue, a.signatories, a.draft.tariff)
        for a in state.agreements.values()
        if a.status == "active"
    ]
    economy = resolve_economy(
        rules=scenario.economy,
        countries=countries,
        policies=policies,
        budgets={cid: state.budget(cid) for cid in countries},
        clubs=clubs,
        trade_on=scenario.issues.trade,
    )

    kept_count = {cid: 0 for cid in countries}
    broken_count = {cid: 0 for cid in countries}
    for item in compliance:
        (kept_count if item["kept"] else broken_count)[item["country"]] += 1

    new_countries: dict[str, CountryState] = {}
    changes: dict[str, dict[str, float]] = {}
    for cid, country in countries.items():
        policy = policies[cid]
        after_spending = country.wealth - policy.total + economy.development[cid]
        change = {
            "spending": -policy.total,
            "development": economy.development[cid],
            "growth": economy.growth[cid],
            "trade": economy.trade[cid],
            "tariffs": economy.tariffs[cid],
            "aid": aid[cid],
            "cobenefits": economy.cobenefits[cid],
            "integration": moves.integration_gain[cid] if moves else 0.0,
            "climate_damage": -(climate.damage_share[cid] * after_spending if climate else 0.0),
            "disaster": -(climate.disaster_share[cid] * after_spending if climate else 0.0),
            "attacks": -(terror.loss_share[cid] * after_spending if terror else 0.0),
            "hosting": -(moves.hosting_cost[cid] if moves else 0.0),
        }
        wealth = max(0.0, country.wealth + sum(change.values()))
        changes[cid] = change
        arrivals = moves.arrivals[cid] if moves else 0.0
        departures = moves.departures[cid] if moves else 0.0
        normal = scenario.country(cid).stability
        stability = country.stability + _STABILITY_RECOVERY * (normal - country.stability)
        stability -= terror.stability_loss[cid] if terror else 0.0
        stability -= moves.stability_loss[cid] if moves else 0.0
        pledges_kept = country.pledges_kept + kept_count[cid]
        pledges_broken = country.pledges_broken + broken_count[cid]
        judged = pledges_kept + pledges_broken
        new_countries[cid] = replace(
            country,
            wealth=wealth,
            population=max(country.population + arrivals - departures, 1e-6),
            stability=min(1.0, max(0.0, stability)),
            pledges_kept=pledges_kept,
            pledges_broken=pledges_broken,
            reputation=pledges_kept / judged if judged else 1.0,
            security_level=terror.levels[cid] if terror else country.security_capacity,
            attacks=terror.attacks[cid] if terror else 0.0,
            hosted_migrants=moves.hosted[cid] if moves else 0.0,
            integrated_migrants=moves.integrated[cid] if moves else 0.0,
            past_effort=country.past_effort + arrivals,
            displaced=(climate.displaced[cid] if climate else 0.0)
            + (terror.displaced[cid] if terror else 0.0),
        )

    new_world = world_figures(
        new_countries,
        warming=climate.warming if climate else world.warming,
        climate_account=climate.account if climate else world.climate_account,
        disasters=world.disasters + (1 if climate and climate.disaster_chance >= 1 else 0),
        attacks=sum(terror.attacks.values()) if terror else 0.0,
        migrants=sum(moves.arrivals.values()) if moves else 0.0,
        displaced=sum(c.displaced for c in new_countries.values()),
        protection=terror.protection if terror else 0.0,
    )
    new_countries = _scored(state, new_countries, new_world)

    agreements = {}
    for agreement in state.agreements.values():
        if agreement.status == "active":
            left = agreement.rounds_left - 1
            agreements[agreement.id] = {
                "status": "active" if left > 0 else "expired",
                "rounds_left": left,
            }

    payload = {
        "round": round_number,
        "year": scenario.year_of(round_number),
        "policies": {cid: p.as_dict() for cid, p in policies.items()},
        "budgets": {cid: state.budget(cid) for cid in countries},
        "fallbacks": fallbacks,
        "countries": {cid: c.as_dict() for cid, c in new_countries.items()},
        "changes": changes,
        "world": new_world.as_dict(),
        "compliance": compliance,
        "agreements": agreements,
        "climate": None
        if climate is None
        else {
            "milestone_target": climate.milestone_target,
            "milestone_reached": climate.milestone_reached,
            "disaster_chance": climate.disaster_chance,
            "abatement": dict(climate.abatement),
        },
        "trade": {"pool": economy.pool, "pool_if_open": economy.pool_if_open},
        "migration": None
        if moves is None
        else {"arrivals": dict(moves.arrivals), "turned_away": dict(moves.turned_away)},
    }
    payload["news"] = _headlines(state, payload, new_world, climate, terror, moves, economy)
    return payload


def _scored(
    state: State, countries: dict[str, CountryState], world: World
) -> dict[str, CountryState]:
    rules = state.scenario.scoring
    weights = (rules.own.wealth, rules.own.security, rules.own.stability)
    baseline = state.baseline
    threat = state.scenario.terrorism.base_threat or 1.0
    welfare_ratio = world.welfare / baseline["welfare"] if baseline["welfare"] else 1.0
    scored = {}
    for cid, country in countries.items():
        security = 1 - min(1.0, country.attacks / threat)
        score = national_score(
            wealth_ratio=country.wealth_per_capita / (baseline[f"wpc:{cid}"] or 1.0),
            security=security,
            stability_ratio=country.stability / (baseline[f"stability:{cid}"] or 1.0),
            welfare_ratio=welfare_ratio,
            weights=weights,
            world_weight=rules.world_weight,
        )
        scored[cid] = replace(country, score=score)
    return scored


def _headlines(state, payload, world, climate, terror, moves, economy) -> list[dict[str, Any]]:
    scenario = state.scenario
    items = []
    if payload["fallbacks"]:
        items.append(news.fallbacks(scenario, payload["fallbacks"]))
    if climate is not None and climate.milestone_target is not None:
        items.append(
            news.milestone(
                climate.milestone_target,
                climate.account,
                bool(climate.milestone_reached),
                climate.disaster_chance,
                scenario.expected_value,
            )
        )
    if terror is not None and sum(terror.attacks.values()) >= 0.5:
        worst = max(terror.attacks, key=lambda cid: terror.attacks[cid])
        items.append(
            news.attacks(scenario, sum(terror.attacks.values()), worst, terror.levels[worst])
        )
    if moves is not None:
        fresh = {cid: payload["countries"][cid]["displaced"] for cid in state.countries}
        worst = max(fresh, key=lambda cid: fresh[cid])
        if fresh[worst] >= 0.05:
            closed = [cid for cid, p in payload["policies"].items() if p["borders"] == "closed"]
            items.append(news.displacement(scenario, worst, fresh[worst], closed))
    protecting = [cid for cid, p in payload["policies"].items() if p["trade"] == "protect"]
    if protecting and scenario.issues.trade and economy.pool_if_open > 0:
        items.append(
            news.protectionism(scenario, protecting, 1 - economy.pool / economy.pool_if_open)
        )
    broken: dict[str, list[str]] = {}
    for item in payload["compliance"]:
        if not item["kept"]:
            broken.setdefault(item["agreement"], []).append(item["country"])
    for agreement_id, ids in broken.items():
        items.append(news.pledges_broken(scenario, state.agreements[agreement_id].draft.title, ids))
    for agreement_id, update in payload["agreements"].items():
        if update["status"] == "expired":
            items.append(news.agreement_expired(state.agreements[agreement_id].draft.title))
    if len(state.countries) > 2 and abs(world.gini - state.world.gini) >= 0.002:
        items.append(news.inequality(state.world.gini, world.gini))
    return items
