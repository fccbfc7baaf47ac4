"""The properties a negotiation game needs to teach (GAME_MODEL.md), for every built-in world.

Bots play in expected-value mode, so each property is a statement about the rules and the
scenario's defaults, not about luck.
"""

from __future__ import annotations

from functools import cache

import pytest

from game.engine.game import new_game
from game.engine.library import built_in, scenario_files
from game.engine.scenario import Scenario, with_overrides
from game.engine.simulate import play, report

WORLDS = [path.stem for path in scenario_files() if path.stem != "milinski-2008"]
CORNERS = ["all:development", "all:mitigation", "all:security", "all:migration", "all:aid"]
# Interior policies: named bots, and mostly-development mixes that keep some of the budget
# for lines with a private return (security against displaced attacks, integration).
ALTERNATIVES = [
    "cooperator",
    "fair-share",
    "reciprocator",
    "pragmatist",
    "shares:90/0/10/0/0",
    "shares:90/0/0/10/0",
    "shares:80/0/10/10/0",
    "shares:80/10/10/0/0",
]
MIXES = ["cooperator", "free-rider", "reciprocator"]


@cache
def scenario(slug: str, **overrides) -> Scenario:
    return with_overrides(built_in(slug), {"expected_value": True, **overrides})


@cache
def final(slug: str, bots: tuple[str, ...]) -> dict:
    return report(play(scenario(slug), seed=1, strategies=list(bots)))["final"]


def one_of(slug: str, country: str, strategy: str, others: str) -> tuple[str, ...]:
    ids = scenario(slug).country_ids
    return tuple(strategy if cid == country else others for cid in ids)


def test_the_built_in_worlds_are_all_covered():
    assert {"kelas-6", "asean-plus", "g20"} <= set(WORLDS)


@pytest.mark.parametrize("slug", WORLDS)
def test_cooperation_pays_for_the_world(slug):
    assert (
        final(slug, ("cooperator",))["world_welfare"]
        > final(slug, ("free-rider",))["world_welfare"]
    )


@pytest.mark.parametrize("slug", WORLDS)
def test_defection_tempts_every_country(slug):
    """One free-rider among cooperators out-scores the average cooperator, wherever it sits."""
    for country in scenario(slug).country_ids:
        scores = final(slug, one_of(slug, country, "free-rider", "cooperator"))["countries"]
        others = [v["score"] for cid, v in scores.items() if cid != country]
        assert scores[country]["score"] > sum(others) / len(others), country


@pytest.mark.parametrize("slug", WORLDS)
def test_inequality_grows_when_everyone_free_rides(slug):
    start = new_game(scenario(slug), seed=1).world.gini
    assert final(slug, ("free-rider",))["gini"] > start


@pytest.mark.parametrize("slug", WORLDS)
def test_inequality_ends_lower_under_cooperation_than_under_free_riding(slug):
    assert final(slug, ("cooperator",))["gini"] < final(slug, ("free-rider",))["gini"]


@pytest.mark.parametrize("slug", WORLDS)
def test_a_climate_disaster_raises_migration_in_the_following_resolution(slug):
    def migrants(probability: float) -> list[float]:
        world = scenario(slug, **{"climate.disaster_probability": probability})
        # Open borders and no mitigation: milestones are missed and people can move.
        rounds = report(play(world, seed=1, strategies=["all:development"]))["rounds"]
        return [r["migrants"] for r in rounds], [r["disasters"] for r in rounds]

    calm, _ = migrants(0.0)
    struck, disasters = migrants(1.0)
    first = disasters.index(1)  # the round whose milestone was missed
    assert struck[first + 1] > calm[first + 1]


@pytest.mark.parametrize("slug", WORLDS)
def test_low_security_in_one_country_raises_attacks_for_its_neighbours(slug):
    world = scenario(slug)
    regions: dict[str, list[str]] = {}
    for country in world.countries:
        regions.setdefault(country.region, []).append(country.id)
    careless, neighbour = next(ids[:2] for ids in regions.values() if len(ids) > 1)
    baseline = report(play(world, 1, ["cooperator"]))["rounds"][0]
    bots = list(one_of(slug, careless, "all:development", "cooperator"))
    record = report(play(world, 1, bots))["rounds"][0]
    assert record["attacks"] > baseline["attacks"]
    simulation = play(world, 1, bots)
    calm = play(world, 1, ["cooperator"])
    assert (
        simulation.state.history[0]["countries"][neighbour]["attacks"]
        > calm.state.history[0]["countries"][neighbour]["attacks"]
    )


@pytest.mark.parametrize("slug", WORLDS)
def test_no_corner_policy_is_best_against_every_mix_of_other_players(slug):
    """For every country, each corner (everything into one line) is beaten by a balanced
    strategy against at least one mix of the other players."""
    for country in scenario(slug).country_ids:
        for corner in CORNERS:
            beaten = any(
                final(slug, one_of(slug, country, alternative, mix))["countries"][country]["score"]
                > final(slug, one_of(slug, country, corner, mix))["countries"][country]["score"]
                for mix in MIXES
                for alternative in ALTERNATIVES
            )
            assert beaten, (country, corner)
