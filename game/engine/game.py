"""The engine's front door: start a game, execute commands, replay a log.

>>> state = new_game(scenario, seed=7)
>>> state, events = execute(state, StartGame())

A game is (scenario, seed, events). ``replay`` folds recorded events; ``rerun`` re-decides
recorded commands and so proves the rules still produce the same history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .commands import Command, decide
from .events import Event, apply
from .rounds import world_figures
from .scenario import Scenario
from .state import CountryState, State, frozen


def new_game(scenario: Scenario, seed: int) -> State:
    countries = frozen(
        {
            c.id: CountryState(
                id=c.id,
                bloc=c.bloc,
                region=c.region,
                population=c.population,
                wealth=c.wealth,
                emissions_intensity=c.emissions_intensity,
                vulnerability=c.vulnerability,
                security_capacity=c.security_capacity,
                attractiveness=c.attractiveness,
                openness=c.openness,
                stability=c.stability,
                security_level=c.security_capacity,
            )
            for c in scenario.countries
        }
    )
    world = world_figures(countries, warming=scenario.climate.warming_start)
    baseline = {
        "world_wealth": sum(c.wealth for c in countries.values()),
        "welfare": world.welfare,
        "gini": world.gini,
        **{f"wpc:{cid}": c.wealth_per_capita for cid, c in countries.items()},
        **{f"stability:{cid}": c.stability for cid, c in countries.items()},
    }
    return State(
        scenario=scenario, seed=seed, countries=countries, world=world, baseline=frozen(baseline)
    )


def execute(state: State, command: Command) -> tuple[State, list[Event]]:
    """Decide and apply one command; a broken rule raises ``RuleError`` and changes nothing."""
    events = decide(state, command)
    for event in events:
        state = apply(state, event)
    return state, events


def replay(scenario: Scenario, seed: int, events: Iterable[Event]) -> State:
    state = new_game(scenario, seed)
    for event in events:
        state = apply(state, event)
    return state


def rerun(scenario: Scenario, seed: int, commands: Iterable[Command]) -> tuple[State, list[Event]]:
    state = new_game(scenario, seed)
    history: list[Event] = []
    for command in commands:
        state, events = execute(state, command)
        history.extend(events)
    return state, history


def civil_society_scores(state: State) -> dict[str, dict[str, float]]:
    """Civil society is scored on the world's outcome and on its adopted proposals
    (GAME_MODEL: press and NGOs have no budget; their influence is what others adopt)."""
    baseline = state.baseline["welfare"] or 1.0
    world = 100 * state.world.welfare / baseline
    bonus = state.scenario.scoring.civil_society_bonus
    scores: dict[str, dict[str, float]] = {}
    for agreement in state.agreements.values():
        if not agreement.author.startswith("cs:"):
            continue
        entry = scores.setdefault(agreement.author, {"adopted": 0, "score": world})
        if agreement.activated_round is not None:
            entry["adopted"] += 1
            entry["score"] = world + bonus * entry["adopted"]
    return scores


def summary(state: State) -> dict[str, Any]:
    """The final figures a debrief starts from."""
    return {
        "round": state.round,
        "gini": state.world.gini,
        "theil": state.world.theil,
        "gap_ratio": state.world.gap_ratio,
        "world_welfare": state.world.welfare,
        "warming": state.world.warming,
        "countries": {
            cid: {"wealth": c.wealth, "score": c.score} for cid, c in state.countries.items()
        },
    }
