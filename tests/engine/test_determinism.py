"""Properties over random scenarios and policies: same inputs, same history, always."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.commands import AdvancePhase, StartGame, SubmitPolicy
from game.engine.errors import RuleError
from game.engine.events import Event
from game.engine.game import execute, new_game, replay, rerun
from game.engine.metrics import Person, gini, theil
from game.engine.policy import check_policy
from game.engine.scenario import load_scenario
from game.engine.state import Policy

BLOCS = ["developed", "emerging", "developing"]


@st.composite
def scenarios(draw):
    size = draw(st.integers(2, 8))
    countries = []
    for index in range(size):
        countries.append(
            {
                "id": f"c{index}",
                "name": {"id": f"Negara {index}", "en": f"Country {index}"},
                "bloc": draw(st.sampled_from(BLOCS)),
                "region": draw(st.sampled_from(["a", "b", "c"])),
                "population": draw(st.floats(0.5, 1500)),
                "wealth": draw(st.floats(5, 30000)),
                "emissions_intensity": draw(st.floats(0, 2)),
                "vulnerability": draw(st.floats(0, 3)),
                "security_capacity": draw(st.floats(0, 1)),
                "attractiveness": draw(st.floats(0, 3)),
                "openness": draw(st.floats(0, 1)),
                "stability": draw(st.floats(0, 1)),
            }
        )
    return load_scenario(
        {
            "slug": "random-world",
            "title": {"id": "Acak", "en": "Random"},
            "description": {"id": "Dunia acak", "en": "A random world"},
            "rounds": draw(st.integers(1, 4)),
            "expected_value": draw(st.booleans()),
            "climate": {
                "milestones": [{"round": 1, "target": draw(st.floats(0, 0.05))}],
                "disaster_probability": draw(st.floats(0, 1)),
                "warming_start": draw(st.floats(0, 4)),
            },
            "countries": countries,
        }
    )


shares = st.fixed_dictionaries(
    {
        "mitigation": st.floats(0, 0.25),
        "security": st.floats(0, 0.25),
        "migration": st.floats(0, 0.25),
        "aid": st.floats(0, 0.25),
        "trade": st.sampled_from(["open", "protect"]),
        "borders": st.sampled_from(["open", "closed"]),
    }
)


def play_with(scenario, seed, choices):
    """Every country plays the drawn shares each round (the rest to development)."""
    state, _ = execute(new_game(scenario, seed), StartGame())
    commands = [StartGame()]
    events = []
    while state.phase != "finished":
        if state.phase == "decision":
            for index, cid in enumerate(state.countries):
                choice = choices[index % len(choices)]
                budget = state.budget(cid)
                lines = {k: v * budget for k, v in choice.items() if k not in ("trade", "borders")}
                policy = Policy(
                    development=budget - sum(lines.values()),
                    trade=choice["trade"],
                    borders=choice["borders"],
                    **lines,
                )
                command = SubmitPolicy(cid, policy)
                state, produced = execute(state, command)
                commands.append(command)
                events.extend(produced)
        state, produced = execute(state, AdvancePhase())
        commands.append(AdvancePhase())
        events.extend(produced)
    return state, commands, events


common = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(scenarios(), st.integers(0, 2**31), st.lists(shares, min_size=1, max_size=4))
def test_same_scenario_seed_and_commands_give_the_same_history(scenario, seed, choices):
    first, _, first_events = play_with(scenario, seed, choices)
    second, _, second_events = play_with(scenario, seed, choices)
    assert first.as_dict() == second.as_dict()
    assert [e.as_dict() for e in first_events] == [e.as_dict() for e in second_events]


@common
@given(scenarios(), st.integers(0, 2**31), st.lists(shares, min_size=1, max_size=4))
def test_replaying_the_recorded_events_reproduces_the_state(scenario, seed, choices):
    state, commands, events = play_with(scenario, seed, choices)
    # Events go through JSON as they do in the database.
    stored = [Event(**json.loads(json.dumps(e.as_dict()))) for e in events]
    assert replay(scenario, seed, stored).as_dict() == state.as_dict()
    rerun_state, _rerun_events = rerun(scenario, seed, commands)
    assert rerun_state.as_dict() == state.as_dict()


@common
@given(scenarios(), st.integers(0, 2**31), st.lists(shares, min_size=1, max_size=4))
def test_measures_stay_in_range_and_nothing_goes_negative(scenario, seed, choices):
    state, _, _ = play_with(scenario, seed, choices)
    for record in state.history:
        world = record["world"]
        assert 0 <= world["gini"] < 1
        assert world["theil"] >= -1e-9
        assert world["theil_between"] + world["theil_within"] == pytest.approx(
            world["theil"], abs=1e-9
        )
        people = [
            Person(c["population"], c["wealth"] / c["population"], c["bloc"])
            for c in record["countries"].values()
        ]
        assert world["gini"] == pytest.approx(gini(people), abs=1e-12)
        assert world["theil"] == pytest.approx(theil(people).total, abs=1e-12)
        for values in record["countries"].values():
            assert values["wealth"] >= 0
            assert values["population"] > 0
            assert 0 <= values["stability"] <= 1
            assert 0 <= values["reputation"] <= 1


@common
@given(scenarios(), st.floats(1.0001, 3), st.sampled_from(["development", "mitigation", "aid"]))
def test_no_policy_may_spend_more_than_the_budget(scenario, factor, line):
    state, _ = execute(new_game(scenario, 1), StartGame())
    while state.phase != "decision":
        state, _ = execute(state, AdvancePhase())
    cid = scenario.country_ids[0]
    policy = Policy(**{line: state.budget(cid) * factor})
    with pytest.raises(RuleError) as error:
        check_policy(state, cid, policy)
    assert error.value.code == "over_budget"
    assert execute(state, SubmitPolicy(cid, Policy(**{line: state.budget(cid)})))[0].policies


def test_different_seeds_give_different_draws(world):
    outcomes = set()
    for seed in range(8):
        state, _, _ = play_with(
            world,
            seed,
            [
                {
                    "mitigation": 0,
                    "security": 0,
                    "migration": 0,
                    "aid": 0,
                    "trade": "open",
                    "borders": "open",
                }
            ],
        )
        outcomes.add(round(state.world.attacks, 6))
    assert len(outcomes) > 1
