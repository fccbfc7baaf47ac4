"""An invalid scenario is rejected with every problem listed, each at the path of its field."""

from __future__ import annotations

import pytest

from game.engine.scenario import ScenarioError, load_scenario, with_overrides


def problems_of(data) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        load_scenario(data)
    return error.value.problems


def test_a_valid_scenario_loads(world_data):
    scenario = load_scenario(world_data)
    assert scenario.country_ids == ("north", "east", "south", "west")
    assert scenario.country("south").name.get("id") == "Negara SOUTH"


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("countries", 3, "population"), 0, "countries[3].population: must be > 0"),
        (("countries", 0, "wealth"), -5, "countries[0].wealth: must be > 0"),
        (("countries", 1, "bloc"), "rich", "countries[1].bloc: must be one of"),
        (("countries", 2, "vulnerability"), 4, "countries[2].vulnerability: must be <= 3"),
        (
            ("countries", 2, "security_capacity"),
            1.5,
            "countries[2].security_capacity: must be <= 1",
        ),
        (("countries", 0, "id"), "North!", "countries[0].id: has characters that are not allowed"),
        (("countries", 0, "name", "en"), "", "countries[0].name.en: must not be empty"),
        (("countries", 0, "colour"), "red", "countries[0].colour: is not a known field"),
        (("rounds",), 0, "rounds: must be >= 1"),
        (("rounds",), "six", "rounds: must be a whole number"),
        (("slug",), "Bad Slug", "slug: has characters that are not allowed"),
        (("climate", "disaster_probability"), 1.5, "climate.disaster_probability: must be <= 1"),
        (("economy", "budget_share"), 0, "economy.budget_share: must be > 0"),
        (("phases", "negotiation"), 5, "phases.negotiation: must be >= 10"),
        (("issues", "climate"), "maybe", "issues.climate: must be true or false"),
        (("scoring", "world_weight"), -0.1, "scoring.world_weight: must be >= 0"),
        (("expected_value",), "yes please", "expected_value: must be true or false"),
    ],
)
def test_each_bad_field_is_reported_with_its_path(world_data, path, value, problem):
    target = world_data
    for part in path[:-1]:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[path[-1]] = value
    assert any(p.startswith(problem) for p in problems_of(world_data)), problems_of(world_data)


def test_every_problem_is_listed_at_once(world_data):
    world_data["countries"][0]["population"] = 0
    world_data["countries"][3]["wealth"] = -1
    world_data["rounds"] = 0
    del world_data["title"]
    problems = problems_of(world_data)
    assert "countries[0].population: must be > 0" in problems
    assert "countries[3].wealth: must be > 0" in problems
    assert "rounds: must be >= 1" in problems
    assert "title: is required" in problems


def test_country_ids_must_be_unique(world_data):
    world_data["countries"][2]["id"] = "north"
    assert problems_of(world_data) == ["countries[2].id: 'north' is used twice"]


def test_a_game_needs_at_least_two_countries(world_data):
    world_data["countries"] = world_data["countries"][:1]
    assert problems_of(world_data) == ["countries: needs at least 2 items"]


def test_milestones_must_fall_within_the_game_and_never_drop(world_data):
    world_data["climate"] = {
        "milestones": [{"round": 2, "target": 0.5}, {"round": 9, "target": 0.1}]
    }
    assert problems_of(world_data) == [
        "climate.milestones[1].round: must be <= rounds (4)",
        "climate.milestones[1].target: must not be lower than the one before",
    ]


def test_scheduled_news_must_name_real_countries_and_rounds(world_data):
    world_data["events"] = [
        {
            "round": 7,
            "headline": {"id": "Banjir", "en": "Floods"},
            "effects": [{"country": "atlantis", "field": "wealth", "change": -0.1}],
        }
    ]
    assert problems_of(world_data) == [
        "events[0].round: must be <= rounds (4)",
        "events[0].effects[0].country: 'atlantis' is not a country of this scenario",
    ]


def test_default_policy_cannot_spend_more_than_the_budget(world_data):
    # The other three lines keep their default 0.1 each: 0.8 + 0.5 + 0.3.
    world_data["default_policy"] = {"development": 0.8, "mitigation": 0.5}
    assert problems_of(world_data) == [
        "default_policy: shares add up to 1.6, more than the whole budget"
    ]


def test_not_a_mapping_is_rejected_plainly():
    assert problems_of(["a", "list"]) == ["(top): must be a mapping, not list"]


def test_numbers_must_be_finite(world_data):
    world_data["countries"][0]["wealth"] = float("inf")
    assert problems_of(world_data) == ["countries[0].wealth: must be a finite number"]


def test_overrides_replace_parameters_by_dotted_path(world):
    changed = with_overrides(world, {"climate.disaster_probability": 0.25, "rounds": 3})
    assert changed.climate.disaster_probability == 0.25
    assert changed.rounds == 3
    assert world.climate.disaster_probability != 0.25  # the original is untouched


def test_overrides_report_unknown_keys_and_bad_values(world):
    with pytest.raises(ScenarioError) as error:
        with_overrides(world, {"climate.no_such_thing": 1, "economy.budget_share": 7})
    assert error.value.problems == ["climate.no_such_thing: is not a parameter of this scenario"]
    with pytest.raises(ScenarioError) as error:
        with_overrides(world, {"economy.budget_share": 7})
    assert error.value.problems == ["economy.budget_share: must be <= 1"]
