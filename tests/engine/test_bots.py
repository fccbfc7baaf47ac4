"""Bots: each strategy plays by its rule and never breaks one of the game's."""

from __future__ import annotations

import pytest

from game.engine.agreements import AgreementDraft, Terms, Threshold
from game.engine.bots import check_strategy, policy_for, wants_to_sign
from game.engine.commands import AdvancePhase, DraftAgreement, OpenAgreement, SignAgreement
from game.engine.game import execute
from game.engine.library import built_in
from game.engine.policy import check_policy
from game.engine.simulate import assign, play

from .conftest import at_phase

NAMED = ["cooperator", "free-rider", "reciprocator", "fair-share", "pragmatist"]


@pytest.mark.parametrize("strategy", [*NAMED, "fixed:50", "all:security", "shares:50/20/10/10/10"])
def test_every_strategy_submits_a_policy_the_rules_accept(world, strategy):
    state = at_phase(world, "decision")
    for cid in state.countries:
        check_policy(state, cid, policy_for(state, cid, strategy))


@pytest.mark.parametrize(
    "name", ["hero", "fixed:-1", "fixed:lots", "all:parties", "shares:50/60/0/0/0"]
)
def test_unknown_strategies_are_refused_by_name(name):
    with pytest.raises(ValueError, match="unknown bot strategy"):
        check_strategy(name)


def test_free_rider_puts_everything_into_development_and_closes_up(world):
    state = at_phase(world, "decision")
    policy = policy_for(state, "north", "free-rider")
    assert policy.development == pytest.approx(state.budget("north"))
    assert (policy.trade, policy.borders) == ("protect", "closed")


def test_fixed_puts_the_amount_into_mitigation(world):
    state = at_phase(world, "decision")
    assert policy_for(state, "north", "fixed:40").mitigation == pytest.approx(40)


def test_fair_share_pays_more_for_higher_emissions_per_person(world):
    state = at_phase(world, "decision")
    rich = policy_for(state, "north", "fair-share")
    poor = policy_for(state, "south", "fair-share")
    assert rich.mitigation / state.budget("north") > poor.mitigation / state.budget("south")


def test_developing_cooperators_give_no_aid(world):
    state = at_phase(world, "decision")
    assert policy_for(state, "south", "cooperator").aid == 0
    assert policy_for(state, "north", "cooperator").aid > 0


def test_reciprocator_follows_the_others_last_round(world):
    generous = play(world, 1, ["reciprocator", "cooperator", "cooperator", "cooperator"])
    stingy = play(world, 1, ["reciprocator", "free-rider", "free-rider", "free-rider"])

    def public_share(simulation):
        record = simulation.state.history[1]
        policy = record["policies"]["north"]
        return (record["budgets"]["north"] - policy["development"]) / record["budgets"]["north"]

    assert public_share(generous) > 0.5
    assert public_share(stingy) == pytest.approx(0)


def test_bots_sign_once_the_threshold_is_covered_and_cooperators_sign_early(world):
    state = at_phase(world, "negotiation")
    draft = AgreementDraft(
        title="Pact",
        issue="climate",
        terms={"developed": Terms(min_mitigation=0.1)},
        threshold=Threshold(members=2),
    )
    state, _ = execute(state, DraftAgreement("north", draft))
    state, _ = execute(state, OpenAgreement("north", "A1"))
    agreement = state.agreements["A1"]
    assert wants_to_sign(state, "east", "cooperator", agreement)
    assert not wants_to_sign(state, "east", "reciprocator", agreement)  # alone, not covered
    assert not wants_to_sign(state, "east", "free-rider", agreement)
    state, _ = execute(state, SignAgreement("north", "A1"))
    assert wants_to_sign(state, "east", "reciprocator", state.agreements["A1"])


def test_bots_honour_the_binding_agreements_they_signed(world):
    state = at_phase(world, "negotiation")
    draft = AgreementDraft(
        title="Binding",
        issue="climate",
        kind="binding",
        terms={bloc: Terms(min_mitigation=0.5) for bloc in ("developed", "emerging", "developing")},
        threshold=Threshold(members=2),
    )
    state, _ = execute(state, DraftAgreement("north", draft))
    state, _ = execute(state, OpenAgreement("north", "A1"))
    for cid in ("north", "east"):
        state, _ = execute(state, SignAgreement(cid, "A1"))
    state, _ = execute(state, AdvancePhase())
    policy = policy_for(state, "north", "pragmatist")
    assert policy.mitigation == pytest.approx(0.5 * state.budget("north"))
    check_policy(state, "north", policy)


def test_strategies_are_assigned_in_scenario_order():
    scenario = built_in("kelas-6")
    assert assign(scenario, ["free-rider"]) == dict.fromkeys(scenario.country_ids, "free-rider")
    plan = assign(scenario, ["cooperator"] * 5 + ["free-rider"])
    assert plan[scenario.country_ids[-1]] == "free-rider"
    with pytest.raises(ValueError, match="2 strategies for 6 countries"):
        assign(scenario, ["cooperator", "free-rider"])


def test_civil_society_scores_world_welfare_plus_adopted_proposals(world):
    from game.engine.game import civil_society_scores

    state = at_phase(world, "negotiation")
    draft = AgreementDraft(title="Usulan LSM", issue="climate", threshold=Threshold(members=2))
    state, _ = execute(state, DraftAgreement("cs:7", draft))
    state, _ = execute(state, OpenAgreement("cs:7", "A1"))
    assert civil_society_scores(state) == {"cs:7": {"adopted": 0, "score": 100.0}}
    for cid in ("north", "east"):
        state, _ = execute(state, SignAgreement(cid, "A1"))
    bonus = world.scoring.civil_society_bonus
    assert civil_society_scores(state)["cs:7"] == {"adopted": 1, "score": 100.0 + bonus}


def test_the_counterfactual_world_keeps_every_pledge_and_only_that_differs(world):
    from game.engine.commands import SubmitPolicy
    from game.engine.counterfactual import all_pledges_kept
    from game.engine.game import rerun
    from game.engine.state import Policy

    state = at_phase(world, "negotiation")
    pledge = AgreementDraft(
        title="Janji iklim",
        issue="climate",
        kind="pledge",
        threshold=Threshold(members=2),
        terms={bloc: Terms(min_mitigation=0.5) for bloc in ("developed", "emerging", "developing")},
    )
    commands = [
        DraftAgreement("north", pledge),
        OpenAgreement("north", "A1"),
        SignAgreement("north", "A1"),
        SignAgreement("east", "A1"),
        AdvancePhase(),
    ]
    for command in commands:
        state, _ = execute(state, command)
    for cid in state.countries:  # everyone puts it all into development: north breaks it
        commands.append(SubmitPolicy(cid, Policy(development=state.budget(cid))))
    from game.engine.commands import StartGame

    full = [StartGame(), AdvancePhase(), *commands, AdvancePhase(), AdvancePhase()]
    actual, events = rerun(world, 1, full)
    assert [c["kept"] for c in actual.history[0]["compliance"]] == [False, False]
    kept = all_pledges_kept(world, 1, events)
    assert [c["kept"] for c in kept.history[0]["compliance"]] == [True, True]
    assert kept.world.warming < actual.world.warming
    assert kept.history[0]["policies"]["north"]["mitigation"] == pytest.approx(
        0.5 * state.budget("north")
    )
    # Countries without pledges spent as they really did.
    assert kept.history[0]["policies"]["south"] == actual.history[0]["policies"]["south"]


def test_a_game_whose_pledges_were_all_kept_is_its_own_counterfactual(world):
    from game.engine.counterfactual import all_pledges_kept

    simulation = play(world, 3, ["cooperator", "cooperator", "reciprocator", "pragmatist"])
    kept = all_pledges_kept(world, 3, simulation.events)
    assert kept.as_dict() == simulation.state.as_dict()
