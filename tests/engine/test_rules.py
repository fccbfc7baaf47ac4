"""One test per rule of the world model, named for the rule (GAME_MODEL.md)."""

from __future__ import annotations

import pytest

from game.engine.agreements import AgreementDraft, Terms, Threshold
from game.engine.commands import (
    AdvancePhase,
    DraftAgreement,
    OpenAgreement,
    SignAgreement,
    SubmitPolicy,
)
from game.engine.game import execute
from game.engine.state import Policy

from .conftest import at_phase

BLOCS = ("developed", "emerging", "developing")


def resolve(state, policies):
    """Submit ``policies`` (country → Policy) and resolve; returns (state, payload)."""
    for cid, policy in policies.items():
        state, _ = execute(state, SubmitPolicy(cid, policy))
    state, events = execute(state, AdvancePhase())
    return state, events[0].data


def everyone(state, **shares):
    """The same shares of budget for every country, the rest into development."""
    policies = {}
    for cid in state.countries:
        budget = state.budget(cid)
        lines = {
            line: share * budget
            for line, share in shares.items()
            if line in ("mitigation", "security", "migration", "aid")
        }
        stances = {k: v for k, v in shares.items() if k in ("trade", "borders")}
        policies[cid] = Policy(development=budget - sum(lines.values()), **lines, **stances)
    return policies


def next_decision(state):
    while state.phase != "decision":
        state, _ = execute(state, AdvancePhase())
    return state


def with_agreement(state, draft, members):
    state = state if state.phase == "negotiation" else None
    state, _ = execute(state, DraftAgreement(members[0], draft))
    aid = f"A{len(state.agreements)}"
    state, _ = execute(state, OpenAgreement(members[0], aid))
    for member in members:
        state, _ = execute(state, SignAgreement(member, aid))
    state, _ = execute(state, AdvancePhase())
    return state


# Climate ---------------------------------------------------------------------------------


def test_climate_mitigation_slows_warming(world):
    state = at_phase(world, "decision")
    _, lazy = resolve(state, everyone(state))
    _, green = resolve(state, everyone(state, mitigation=0.5))
    assert green["world"]["warming"] < lazy["world"]["warming"]
    assert lazy["world"]["warming"] > world.climate.warming_start


def test_climate_damage_grows_with_the_square_of_warming_and_with_vulnerability(make_world):
    cool = at_phase(make_world(climate__warming_start=1.0), "decision")
    hot = at_phase(make_world(climate__warming_start=2.0), "decision")
    _, mild = resolve(cool, everyone(cool, mitigation=1.0))
    _, harsh = resolve(hot, everyone(hot, mitigation=1.0))
    for payload in (mild, harsh):
        damage = payload["changes"]
        # south (vulnerability 2.0) loses a larger share than north (0.5)
        south = -damage["south"]["climate_damage"] / cool.countries["south"].wealth
        north = -damage["north"]["climate_damage"] / cool.countries["north"].wealth
        assert south > 3 * north
    ratio = harsh["changes"]["north"]["climate_damage"] / mild["changes"]["north"]["climate_damage"]
    assert ratio == pytest.approx(
        (harsh["world"]["warming"] / mild["world"]["warming"]) ** 2, rel=1e-6
    )


def test_climate_threshold_missed_triggers_loss_with_scenario_probability(make_world):
    scenario = make_world(
        expected_value=True,
        climate={
            "milestones": [{"round": 1, "target": 0.5}],
            "disaster_probability": 0.4,
            "disaster_loss": 0.1,
        },
    )
    state = at_phase(scenario, "decision")
    _, payload = resolve(state, everyone(state))
    assert payload["climate"]["milestone_reached"] is False
    assert payload["climate"]["disaster_chance"] == 0.4
    after = (
        state.countries["south"].wealth
        - state.budget("south")
        + payload["changes"]["south"]["development"]
    )
    assert -payload["changes"]["south"]["disaster"] == pytest.approx(0.4 * 0.1 * 2.0 * after)
    assert any(item["kind"] == "milestone_missed" for item in payload["news"])


def test_climate_milestone_reached_means_no_disaster(make_world):
    scenario = make_world(
        climate={"milestones": [{"round": 1, "target": 0.001}], "disaster_probability": 1.0}
    )
    state = at_phase(scenario, "decision")
    _, payload = resolve(state, everyone(state, mitigation=0.3))
    assert payload["climate"]["milestone_reached"] is True
    assert all(c["disaster"] == 0 for c in payload["changes"].values())


def test_climate_aid_funds_adaptation_that_softens_damage(world):
    state = at_phase(world, "decision")
    _, without = resolve(state, everyone(state))
    _, with_aid = resolve(state, everyone(state, aid=0.5))
    assert (
        with_aid["changes"]["south"]["climate_damage"]
        > without["changes"]["south"]["climate_damage"]
    )
    assert with_aid["changes"]["south"]["aid"] > 0
    # The fund goes to developing countries; donors only get back what nobody could absorb.
    assert with_aid["changes"]["north"]["aid"] < 0.5 * state.budget("north")
    assert with_aid["changes"]["east"]["aid"] < 0.5 * state.budget("east")


# Terrorism -------------------------------------------------------------------------------


def test_terrorism_protection_follows_the_weakest_link(make_world):
    state = at_phase(make_world(expected_value=True), "decision")
    strong = everyone(state, security=0.5)
    _, all_strong = resolve(state, strong)
    one_weak = dict(strong)
    budget = state.budget("west")
    one_weak["west"] = Policy(development=budget)
    _, with_weak = resolve(state, one_weak)
    assert with_weak["world"]["protection"] < all_strong["world"]["protection"]
    assert with_weak["world"]["attacks"] > all_strong["world"]["attacks"]


def test_terrorism_attacks_fall_where_security_is_lowest(make_world):
    state = at_phase(
        make_world(expected_value=True, terrorism={"neighbour_spillover": 0}), "decision"
    )
    _, payload = resolve(state, everyone(state))
    attacks = {cid: c["attacks"] for cid, c in payload["countries"].items()}
    assert max(attacks, key=attacks.get) == "west"  # lowest security capacity
    assert attacks["north"] < attacks["west"]


def test_terrorism_low_security_raises_attacks_for_neighbours(make_world):
    state = at_phase(make_world(expected_value=True), "decision")
    secure = everyone(state, security=0.4)
    _, baseline = resolve(state, secure)
    careless = dict(secure)
    careless["south"] = Policy(development=state.budget("south"))
    _, payload = resolve(state, careless)
    # east shares a region with south: more attacks reach it when south neglects security
    assert payload["countries"]["east"]["attacks"] > baseline["countries"]["east"]["attacks"]


def test_terrorism_intelligence_sharing_pools_members_security(world):
    state = at_phase(world, "negotiation")
    draft = AgreementDraft(
        title="Intel",
        issue="terrorism",
        terms={bloc: Terms(intelligence_sharing=True) for bloc in BLOCS},
        threshold=Threshold(members=2),
    )
    shared = with_agreement(state, draft, ["north", "west"])
    alone = next_decision(at_phase(world, "negotiation"))
    _, pooled = resolve(shared, everyone(shared))
    _, solo = resolve(alone, everyone(alone))
    assert (
        pooled["countries"]["west"]["security_level"] > solo["countries"]["west"]["security_level"]
    )
    assert (
        pooled["countries"]["north"]["security_level"]
        == solo["countries"]["north"]["security_level"]
    )


def test_terrorism_draws_are_whole_attacks_in_seeded_mode(world):
    state = at_phase(world, "decision")
    _, payload = resolve(state, everyone(state))
    assert all(c["attacks"] == int(c["attacks"]) for c in payload["countries"].values())


# Migration -------------------------------------------------------------------------------


def displaced_world(make_world, **extra):
    """A world where round 1's damage displaces people who move in round 2."""
    scenario = make_world(expected_value=True, climate={"warming_start": 2.5}, **extra)
    state = at_phase(scenario, "decision")
    state, _ = resolve(state, everyone(state))
    return next_decision(state)


def test_migration_displaced_people_move_in_the_next_round_toward_wealth(make_world):
    state = displaced_world(make_world)
    assert state.countries["south"].displaced > 0
    _, payload = resolve(state, everyone(state))
    arrivals = payload["migration"]["arrivals"]
    assert arrivals["north"] > arrivals["west"]  # north is rich and attractive
    assert payload["world"]["migrants"] == pytest.approx(sum(arrivals.values()))


def test_migration_closed_borders_push_the_burden_onto_neighbours(make_world):
    state = displaced_world(make_world)
    _, open_ = resolve(state, everyone(state))
    closing = everyone(state)
    closing["north"] = Policy(development=state.budget("north"), borders="closed")
    _, closed = resolve(state, closing)
    assert closed["migration"]["arrivals"]["north"] == 0
    assert closed["migration"]["turned_away"]["north"] > 0
    assert closed["migration"]["arrivals"]["west"] > open_["migration"]["arrivals"]["west"]


def test_migration_closing_borders_costs_stability_even_when_nobody_comes(world):
    state = at_phase(world, "decision")  # round 1: nobody has been displaced yet
    _, open_ = resolve(state, everyone(state))
    closing = everyone(state)
    closing["north"] = Policy(development=state.budget("north"), borders="closed")
    _, closed = resolve(state, closing)
    assert closed["countries"]["north"]["stability"] < open_["countries"]["north"]["stability"]


def test_migration_integration_funding_avoids_hosting_costs_and_pays_later(make_world):
    state = displaced_world(make_world)
    _state_unfunded, unfunded = resolve(state, everyone(state))
    state_funded, funded = resolve(state, everyone(state, migration=0.5))
    assert funded["changes"]["north"]["hosting"] > unfunded["changes"]["north"]["hosting"]
    assert state_funded.countries["north"].integrated_migrants > 0
    later = next_decision(state_funded)
    _, payload = resolve(later, everyone(later, migration=0.5))
    assert payload["changes"]["north"]["integration"] > 0


def test_migration_compact_shares_arrivals_by_key(make_world):
    base = displaced_world(make_world)
    without = base
    _, free = resolve(without, everyone(without))
    # Same world, but north and east agree a compact before round 2's decisions.
    scenario = make_world(expected_value=True, climate={"warming_start": 2.5})
    state = at_phase(scenario, "decision")
    state, _ = resolve(state, everyone(state))
    while state.phase != "negotiation":
        state, _ = execute(state, AdvancePhase())
    draft = AgreementDraft(
        title="Compact",
        issue="migration",
        terms={bloc: Terms(quota=True) for bloc in BLOCS},
        threshold=Threshold(members=2),
    )
    state = with_agreement(state, draft, ["north", "east"])
    _, shared = resolve(state, everyone(state))
    total = lambda p: p["migration"]["arrivals"]["north"] + p["migration"]["arrivals"]["east"]  # noqa: E731
    assert total(shared) == pytest.approx(total(free))
    # The key weighs population: populous east takes a larger part than under free movement.
    assert shared["migration"]["arrivals"]["east"] > free["migration"]["arrivals"]["east"]


# Economy and trade -----------------------------------------------------------------------


def test_trade_protectionism_grows_own_share_and_shrinks_the_pool(world):
    state = at_phase(world, "decision")
    _, open_ = resolve(state, everyone(state))
    protecting = everyone(state)
    protecting["east"] = Policy(development=state.budget("east"), trade="protect")
    _, payload = resolve(state, protecting)
    assert payload["trade"]["pool"] < open_["trade"]["pool"]
    assert payload["changes"]["east"]["trade"] > open_["changes"]["east"]["trade"]
    assert payload["changes"]["north"]["trade"] < open_["changes"]["north"]["trade"]


def test_trade_all_protect_is_worse_for_everyone_than_all_open(world):
    state = at_phase(world, "decision")
    _, open_ = resolve(state, everyone(state))
    _, closed = resolve(state, everyone(state, trade="protect"))
    for cid in state.countries:
        assert closed["changes"][cid]["trade"] < open_["changes"][cid]["trade"]


def test_development_investment_returns_more_than_it_costs(world):
    state = at_phase(world, "decision")
    _, payload = resolve(state, everyone(state))
    change = payload["changes"]["north"]
    assert change["development"] == pytest.approx(-change["spending"] * 1.4)


def test_climate_club_members_tariff_non_members(world):
    state = at_phase(world, "negotiation")
    draft = AgreementDraft(
        title="Club",
        issue="climate",
        terms={bloc: Terms(tariff_on_nonmembers=0.2) for bloc in BLOCS},
        threshold=Threshold(members=2),
    )
    state = with_agreement(state, draft, ["north", "east"])
    _, payload = resolve(state, everyone(state))
    assert payload["changes"]["south"]["tariffs"] < 0
    assert payload["changes"]["north"]["tariffs"] > 0
    paid = -sum(payload["changes"][c]["tariffs"] for c in ("south", "west"))
    received = sum(payload["changes"][c]["tariffs"] for c in ("north", "east"))
    assert received == pytest.approx(paid)


def test_green_economy_cobenefits_grow_with_the_number_of_members(world):
    def gain(members):
        state = at_phase(world, "negotiation")
        draft = AgreementDraft(
            title="Green", issue="green_economy", threshold=Threshold(members=len(members))
        )
        state = with_agreement(state, draft, members)
        _, payload = resolve(state, everyone(state))
        return payload["changes"]["north"]["cobenefits"]

    assert gain(["north", "east", "south"]) > gain(["north", "east"]) > 0


# Reputation, scores and news --------------------------------------------------------------


def test_news_explains_the_round_in_both_languages(world):
    state = at_phase(world, "decision")
    protecting = everyone(state)
    protecting["east"] = Policy(development=state.budget("east"), trade="protect")
    _, payload = resolve(state, protecting)
    kinds = {item["kind"] for item in payload["news"]}
    assert "protectionism" in kinds
    for item in payload["news"]:
        assert item["headline"]["id"] and item["headline"]["en"]
        assert item["headline"]["id"] != item["headline"]["en"]


def test_no_population_or_wealth_goes_negative_under_heavy_losses(make_world):
    scenario = make_world(
        expected_value=True,
        climate={
            "milestones": [{"round": 1, "target": 1.0}],
            "disaster_probability": 1.0,
            "disaster_loss": 1.0,
            "warming_start": 6.0,
        },
    )
    state = at_phase(scenario, "decision")
    _, payload = resolve(state, everyone(state))
    for values in payload["countries"].values():
        assert values["wealth"] >= 0
        assert values["population"] > 0
