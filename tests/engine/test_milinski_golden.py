"""The golden test: the engine reproduces Milinski et al. 2008 (PNAS 105:2291) exactly.

Expected payoffs from GAME_MODEL.md, in expected-value mode, through the engine API and
through the ``simulate`` command teachers use.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from game.engine.library import built_in
from game.engine.scenario import with_overrides
from game.engine.simulate import play, report

ALL_GIVE_2 = ["fixed:2"] * 6
ALL_GIVE_0 = ["fixed:0"] * 6
FIVE_GIVE_2 = ["fixed:2"] * 5 + ["fixed:0"]

GOLDEN = [
    # (p, profile, expected wealth of each of the six players)
    (0.9, ALL_GIVE_2, [20] * 6),
    (0.5, ALL_GIVE_2, [20] * 6),
    (0.1, ALL_GIVE_2, [20] * 6),
    (0.9, ALL_GIVE_0, [4] * 6),
    (0.5, ALL_GIVE_0, [20] * 6),
    (0.1, ALL_GIVE_0, [36] * 6),
    (0.9, FIVE_GIVE_2, [2] * 5 + [4]),
    (0.5, FIVE_GIVE_2, [10] * 5 + [20]),
    (0.1, FIVE_GIVE_2, [18] * 5 + [36]),
]


def milinski(p: float):
    return with_overrides(
        built_in("milinski-2008"),
        {"climate.disaster_probability": p, "expected_value": True},
    )


def test_milinski_scenario_is_the_published_game():
    scenario = built_in("milinski-2008")
    assert len(scenario.countries) == 6
    assert {c.wealth for c in scenario.countries} == {40}
    assert scenario.rounds == 10
    assert scenario.economy.allowed_amounts == (0, 2, 4)
    assert [(m.round, m.target) for m in scenario.climate.milestones] == [(10, 120)]
    assert scenario.climate.disaster_loss == 1.0


@pytest.mark.parametrize(("p", "profile", "expected"), GOLDEN)
def test_expected_payoffs_through_the_engine(p, profile, expected):
    final = report(play(milinski(p), seed=1, strategies=profile))["final"]
    wealth = [values["wealth"] for values in final["countries"].values()]
    assert wealth == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("p", "profile", "expected"), GOLDEN)
def test_expected_payoffs_through_simulate(p, profile, expected):
    out = StringIO()
    call_command(
        "simulate",
        "milinski-2008",
        "--expected",
        "--json",
        f"--set=climate.disaster_probability={p}",
        f"--bots={','.join(profile)}",
        stdout=out,
    )
    document = json.loads(out.getvalue())
    assert list(document["final"]["countries"]) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    wealth = [values["wealth"] for values in document["final"]["countries"].values()]
    assert wealth == pytest.approx(expected, abs=1e-9)
    assert len(document["rounds"]) == 10


def test_target_met_by_all_give_2_protects_everyone_even_with_draws():
    scenario = with_overrides(built_in("milinski-2008"), {"climate.disaster_probability": 1.0})
    final = report(play(scenario, seed=3, strategies=ALL_GIVE_2))["final"]
    assert {v["wealth"] for v in final["countries"].values()} == {20}


def test_missed_target_with_certain_loss_leaves_nothing_in_seeded_mode():
    scenario = with_overrides(built_in("milinski-2008"), {"climate.disaster_probability": 1.0})
    final = report(play(scenario, seed=3, strategies=FIVE_GIVE_2))["final"]
    assert {v["wealth"] for v in final["countries"].values()} == {0}


def test_seeded_draws_hit_at_about_the_scenario_probability():
    scenario = milinski(0.5).model_copy(update={"expected_value": False})
    struck = 0
    for seed in range(200):
        final = report(play(scenario, seed=seed, strategies=ALL_GIVE_0))["final"]
        struck += final["countries"]["p1"]["wealth"] == 0
    assert 70 <= struck <= 130  # binomial(200, 0.5): mean 100, sd ≈ 7


def test_contributions_must_be_0_2_or_4():
    from game.engine.errors import RuleError
    from game.engine.policy import check_policy
    from game.engine.state import Policy

    from .conftest import at_phase

    state = at_phase(built_in("milinski-2008"), "decision")
    with pytest.raises(RuleError) as error:
        check_policy(state, "p1", Policy(mitigation=3))
    assert error.value.field == "mitigation"
    assert "0, 2, 4" in error.value.message("en")
