"""Small worlds for rule tests, built from plain scenario data like the built-in files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from game.engine.commands import AdvancePhase, StartGame
from game.engine.game import execute, new_game
from game.engine.scenario import Scenario, load_scenario
from game.engine.state import State


def country(cid: str, bloc: str, region: str, **values: Any) -> dict[str, Any]:
    base = {
        "id": cid,
        "name": {"id": f"Negara {cid.upper()}", "en": f"Country {cid.upper()}"},
        "bloc": bloc,
        "region": region,
        "population": 100.0,
        "wealth": 1000.0,
        "emissions_intensity": 1.0,
        "vulnerability": 1.0,
        "security_capacity": 0.5,
        "attractiveness": 1.0,
        "openness": 0.5,
        "stability": 0.8,
    }
    base.update(values)
    return base


WORLD: dict[str, Any] = {
    "slug": "four-worlds",
    "title": {"id": "Empat negara", "en": "Four countries"},
    "description": {"id": "Dunia kecil untuk uji aturan.", "en": "A small world for rule tests."},
    "rounds": 4,
    "countries": [
        country(
            "north",
            "developed",
            "west",
            population=50,
            wealth=2500,
            vulnerability=0.5,
            security_capacity=0.7,
            attractiveness=2.0,
            openness=0.6,
        ),
        country(
            "east",
            "emerging",
            "east",
            population=200,
            wealth=2000,
            vulnerability=1.0,
            emissions_intensity=1.4,
        ),
        country(
            "south",
            "developing",
            "east",
            population=150,
            wealth=300,
            vulnerability=2.0,
            security_capacity=0.3,
            attractiveness=0.3,
        ),
        country(
            "west",
            "developing",
            "west",
            population=80,
            wealth=200,
            vulnerability=1.8,
            security_capacity=0.25,
            attractiveness=0.3,
        ),
    ],
}


@pytest.fixture
def world_data() -> dict[str, Any]:
    return copy.deepcopy(WORLD)


@pytest.fixture
def world(world_data: dict[str, Any]) -> Scenario:
    return load_scenario(world_data)


@pytest.fixture
def make_world(world_data: dict[str, Any]) -> Callable[..., Scenario]:
    """A scenario from the small world with top-level or dotted overrides."""

    def build(**overrides: Any) -> Scenario:
        data = copy.deepcopy(world_data)
        for dotted, value in overrides.items():
            target = data
            *parents, last = dotted.split("__")
            for part in parents:
                target = target.setdefault(part, {})
            target[last] = value
        return load_scenario(data)

    return build


def at_phase(scenario: Scenario, phase: str, seed: int = 1) -> State:
    """A fresh game advanced to round 1's ``phase``."""
    state, _ = execute(new_game(scenario, seed), StartGame())
    while state.phase != phase:
        state, _ = execute(state, AdvancePhase())
    return state
