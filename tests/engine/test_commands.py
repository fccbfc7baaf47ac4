"""Phases, policies and agreements as the rules allow them; a broken rule changes nothing."""

from __future__ import annotations

import pytest

from game.engine.agreements import AgreementDraft, Terms, Threshold
from game.engine.commands import (
    AdvancePhase,
    DraftAgreement,
    EditAgreement,
    LeaveAgreement,
    OpenAgreement,
    SignAgreement,
    StartGame,
    SubmitPolicy,
    WithdrawAgreement,
)
from game.engine.errors import RuleError
from game.engine.game import execute, new_game
from game.engine.state import Policy

from .conftest import at_phase


def rejected(state, command) -> RuleError:
    with pytest.raises(RuleError) as error:
        execute(state, command)
    return error.value


def climate_pact(kind="binding", members=2, share=0.3, **extra) -> AgreementDraft:
    return AgreementDraft(
        title="Green pact",
        issue="climate",
        kind=kind,
        terms={
            bloc: Terms(min_mitigation=share) for bloc in ("developed", "emerging", "developing")
        },
        threshold=Threshold(members=members, **extra),
        duration=2,
    )


def open_agreement(state, draft, author="north"):
    state, _ = execute(state, DraftAgreement(author, draft))
    agreement = f"A{len(state.agreements)}"
    state, _ = execute(state, OpenAgreement(author, agreement))
    return state, agreement


def test_a_round_runs_briefing_negotiation_decision_results(world):
    state, _ = execute(new_game(world, 1), StartGame())
    seen = [(state.round, state.phase)]
    while state.phase != "finished":
        state, _events = execute(state, AdvancePhase())
        seen.append((state.round, state.phase))
    assert seen[:5] == [
        (1, "briefing"),
        (1, "negotiation"),
        (1, "decision"),
        (1, "results"),
        (2, "briefing"),
    ]
    assert seen[-1] == (4, "finished")
    assert len(state.history) == 4


def test_leaving_the_decision_phase_resolves_the_round(world):
    state = at_phase(world, "decision")
    state, events = execute(state, AdvancePhase())
    assert [e.type for e in events] == ["round_resolved", "phase_changed"]
    assert state.phase == "results"


def test_the_game_cannot_start_twice_or_be_played_before_it_starts(world):
    state = at_phase(world, "briefing")
    assert rejected(state, StartGame()).code == "already_started"
    assert rejected(new_game(world, 1), AdvancePhase()).code == "game_not_running"


def test_policies_are_submitted_only_in_the_decision_phase(world):
    state = at_phase(world, "negotiation")
    error = rejected(state, SubmitPolicy("north", Policy(development=10)))
    assert error.code == "wrong_phase"
    assert error.message("en") == (
        "Submitting a policy is only possible in the decision phase (now: negotiation)"
    )
    assert error.message("id") == (
        "Menyerahkan kebijakan hanya bisa dilakukan pada fase keputusan (sekarang: negosiasi)"
    )


def test_policy_over_budget_is_rejected_naming_total_and_budget(world):
    state = at_phase(world, "decision")
    error = rejected(state, SubmitPolicy("north", Policy(development=200, mitigation=60.5)))
    assert error.field == "total"
    assert error.message("en") == "policy total 260.5 exceeds the budget of 250"
    assert error.message("id") == "total kebijakan 260.5 melebihi anggaran 250"


def test_negative_amounts_are_rejected(world):
    state = at_phase(world, "decision")
    assert rejected(state, SubmitPolicy("north", Policy(security=-1))).field == "security"


def test_lines_of_switched_off_issues_must_be_zero(make_world):
    state = at_phase(make_world(issues__terrorism=False), "decision")
    error = rejected(state, SubmitPolicy("north", Policy(security=5)))
    assert (error.code, error.field) == ("issue_off", "security")


def test_unknown_countries_are_named(world):
    state = at_phase(world, "decision")
    assert "atlantis" in rejected(state, SubmitPolicy("atlantis", Policy())).message("en")


def test_a_submission_can_be_changed_until_the_round_resolves(world):
    state = at_phase(world, "decision")
    state, _ = execute(state, SubmitPolicy("north", Policy(development=100)))
    state, _ = execute(state, SubmitPolicy("north", Policy(mitigation=100)))
    state, events = execute(state, AdvancePhase())
    assert events[0].data["policies"]["north"]["mitigation"] == 100
    assert "north" not in events[0].data["fallbacks"]


def test_silent_delegations_keep_the_scenario_default_in_round_one_then_their_last(world):
    state = at_phase(world, "decision")
    state, _ = execute(state, SubmitPolicy("north", Policy(mitigation=50, aid=20)))
    state, events = execute(state, AdvancePhase())
    first = events[0].data
    assert set(first["fallbacks"]) == {"east", "south", "west"}
    assert first["policies"]["east"]["development"] == pytest.approx(0.6 * 200)
    while state.phase != "decision":
        state, _ = execute(state, AdvancePhase())
    state, events = execute(state, AdvancePhase())
    second = events[0].data
    assert "north" in second["fallbacks"]
    assert second["policies"]["north"]["mitigation"] == 50
    assert any(item["kind"] == "fallback" for item in second["news"])


def test_agreement_lifecycle_draft_open_active_expired(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(members=2))
    assert state.agreements[agreement].status == "open"
    state, _ = execute(state, SignAgreement("north", agreement))
    assert state.agreements[agreement].status == "open"
    state, events = execute(state, SignAgreement("east", agreement))
    assert [e.type for e in events] == ["agreement_signed", "agreement_activated"]
    assert state.agreements[agreement].status == "active"
    for _ in range(2):  # duration 2 rounds
        while state.phase != "results":
            if state.phase == "decision":
                for cid in ("north", "east"):
                    budget = state.budget(cid)
                    policy = Policy(mitigation=0.3 * budget, development=0.7 * budget)
                    state, _ = execute(state, SubmitPolicy(cid, policy))
            state, _ = execute(state, AdvancePhase())
        state, _ = execute(state, AdvancePhase())
    assert state.agreements[agreement].status == "expired"


def test_activation_can_require_a_share_of_emissions(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(members=1, emissions_share=0.5))
    state, _ = execute(state, SignAgreement("south", agreement))
    assert state.agreements[agreement].status == "open"  # south emits little
    state, _ = execute(state, SignAgreement("north", agreement))
    state, _ = execute(state, SignAgreement("east", agreement))
    assert state.agreements[agreement].status == "active"


def test_binding_minimums_are_enforced_on_members_policies(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(kind="binding", share=0.3))
    for cid in ("north", "east"):
        state, _ = execute(state, SignAgreement(cid, agreement))
    state, _ = execute(state, AdvancePhase())
    error = rejected(state, SubmitPolicy("north", Policy(mitigation=10, development=200)))
    assert (error.code, error.field) == ("below_minimum", "mitigation")
    assert error.message("en") == "mitigation must be at least 75 under binding agreement 'A1'"
    state, _ = execute(state, SubmitPolicy("south", Policy(development=30)))  # not a member


def test_pledges_are_not_enforced_but_scored_into_reputation(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(kind="pledge", share=0.3))
    for cid in ("north", "east"):
        state, _ = execute(state, SignAgreement(cid, agreement))
    state, _ = execute(state, AdvancePhase())
    state, _ = execute(state, SubmitPolicy("north", Policy(development=250)))  # breaks it
    state, _ = execute(state, SubmitPolicy("east", Policy(mitigation=60, development=140)))
    state, events = execute(state, AdvancePhase())
    compliance = {item["country"]: item["kept"] for item in events[0].data["compliance"]}
    assert compliance == {"north": False, "east": True}
    assert state.countries["north"].reputation == 0
    assert state.countries["east"].reputation == 1
    assert any(item["kind"] == "pledge_broken" for item in events[0].data["news"])


def test_only_the_author_edits_and_only_while_drafted(world):
    state = at_phase(world, "negotiation")
    state, _ = execute(state, DraftAgreement("north", climate_pact()))
    assert (
        rejected(state, EditAgreement("east", "A1", climate_pact(share=0.1))).code == "not_author"
    )
    state, _ = execute(state, EditAgreement("north", "A1", climate_pact(share=0.1)))
    assert state.agreements["A1"].draft.terms["developed"].min_mitigation == 0.1
    state, _ = execute(state, OpenAgreement("north", "A1"))
    error = rejected(state, EditAgreement("north", "A1", climate_pact()))
    assert (error.code, error.params["status"]) == ("wrong_status", "open")


def test_civil_society_can_draft_but_not_sign(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(), author="cs:press")
    assert state.agreements[agreement].author == "cs:press"
    assert rejected(state, SignAgreement("cs:press", agreement)).code == "unknown_country"


def test_withdrawn_agreements_cannot_be_signed(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact())
    state, _ = execute(state, WithdrawAgreement("north", agreement))
    assert rejected(state, SignAgreement("east", agreement)).code == "wrong_status"


def test_signing_twice_or_leaving_unsigned_is_refused(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(members=3))
    state, _ = execute(state, SignAgreement("north", agreement))
    assert rejected(state, SignAgreement("north", agreement)).code == "already_signed"
    assert rejected(state, LeaveAgreement("east", agreement)).code == "not_signed"


def test_leaving_an_active_agreement_is_a_broken_commitment(world):
    state = at_phase(world, "negotiation")
    state, agreement = open_agreement(state, climate_pact(kind="pledge"))
    state, _ = execute(state, SignAgreement("north", agreement))
    state, _ = execute(state, LeaveAgreement("north", agreement))
    assert state.countries["north"].pledges_broken == 0  # leaving before it binds is free
    for cid in ("north", "east"):
        state, _ = execute(state, SignAgreement(cid, agreement))
    state, _ = execute(state, LeaveAgreement("east", agreement))
    assert state.countries["east"].pledges_broken == 1
    assert state.agreements[agreement].signatories == ("north",)


def test_binding_terms_a_country_cannot_afford_cannot_be_signed(world):
    state = at_phase(world, "negotiation")
    state, first = open_agreement(state, climate_pact(share=0.7, members=3))
    state, _ = execute(state, SignAgreement("north", first))
    draft = AgreementDraft(
        title="Security",
        issue="terrorism",
        kind="binding",
        terms={"developed": Terms(min_security=0.5)},
        threshold=Threshold(members=1),
    )
    state, second = open_agreement(state, draft, author="east")
    state, _ = execute(state, SignAgreement("east", second))
    assert state.agreements[second].status == "active"
    # north already owes 70 % if `first` activates; 50 % more does not fit a budget.
    state, _ = execute(state, SignAgreement("east", first))
    state, _ = execute(state, SignAgreement("south", first))
    assert state.agreements[first].status == "active"
    assert rejected(state, SignAgreement("north", second)).code == "cannot_afford"


def test_terms_asking_for_more_than_the_budget_are_invalid(world):
    state = at_phase(world, "negotiation")
    draft = AgreementDraft(
        title="Impossible",
        issue="climate",
        terms={"developed": Terms(min_mitigation=0.8, min_security=0.5)},
    )
    error = rejected(state, DraftAgreement("north", draft))
    assert (error.code, error.field) == ("invalid_terms", "terms.developed")


def test_agreements_on_switched_off_issues_are_refused(make_world):
    state = at_phase(make_world(issues__migration=False), "negotiation")
    draft = AgreementDraft(title="Compact", issue="migration")
    assert rejected(state, DraftAgreement("north", draft)).code == "issue_disabled"


def test_scheduled_news_changes_countries_when_its_round_begins(make_world):
    scenario = make_world(
        events=[
            {
                "round": 2,
                "headline": {"id": "Kekeringan", "en": "Drought"},
                "effects": [{"country": "south", "field": "wealth", "change": -0.1}],
            }
        ]
    )
    state = at_phase(scenario, "results")
    before = state.countries["south"].wealth
    state, events = execute(state, AdvancePhase())
    assert events[0].data["news"][0]["headline"] == {"id": "Kekeringan", "en": "Drought"}
    assert state.countries["south"].wealth == pytest.approx(before * 0.9)
