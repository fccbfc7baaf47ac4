"""Play a whole scenario with bots: the preview teachers run before a lesson, and the harness
the model's property tests use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .bots import check_strategy, policy_for, wants_to_sign
from .commands import AdvancePhase, Command, SignAgreement, StartGame, SubmitPolicy
from .events import Event
from .game import execute, new_game, summary
from .scenario import Scenario
from .state import State


@dataclass(frozen=True)
class Simulation:
    state: State
    events: list[Event]
    commands: list[Command]
    strategies: dict[str, str]


def assign(scenario: Scenario, strategies: Sequence[str]) -> dict[str, str]:
    """Strategies go to countries in scenario order; a single strategy plays every country."""
    if not strategies:
        raise ValueError("name at least one bot strategy")
    for name in strategies:
        check_strategy(name)
    ids = scenario.country_ids
    if len(strategies) == 1:
        return dict.fromkeys(ids, strategies[0])
    if len(strategies) != len(ids):
        raise ValueError(
            f"{len(strategies)} strategies for {len(ids)} countries: give one, or one per country"
        )
    return dict(zip(ids, strategies, strict=True))


def play(scenario: Scenario, seed: int, strategies: Sequence[str]) -> Simulation:
    plan = assign(scenario, strategies)
    state = new_game(scenario, seed)
    events: list[Event] = []
    commands: list[Command] = []

    def run(command: Command) -> None:
        nonlocal state
        state, produced = execute(state, command)
        events.extend(produced)
        commands.append(command)

    run(StartGame())
    while state.phase != "finished":
        if state.phase == "negotiation":
            for agreement in list(state.agreements.values()):
                for cid, strategy in plan.items():
                    current = state.agreements[agreement.id]
                    if wants_to_sign(state, cid, strategy, current):
                        run(SignAgreement(cid, agreement.id))
        if state.phase == "decision":
            for cid, strategy in plan.items():
                run(SubmitPolicy(cid, policy_for(state, cid, strategy)))
        run(AdvancePhase())
    return Simulation(state=state, events=events, commands=commands, strategies=plan)


def report(simulation: Simulation) -> dict[str, Any]:
    """The ``simulate --json`` document: per round and final figures, countries in order."""
    state = simulation.state
    rounds = []
    for record in state.history:
        rounds.append(
            {
                "round": record["round"],
                "year": record["year"],
                "gini": record["world"]["gini"],
                "theil": record["world"]["theil"],
                "theil_between": record["world"]["theil_between"],
                "theil_within": record["world"]["theil_within"],
                "gap_ratio": record["world"]["gap_ratio"],
                "world_welfare": record["world"]["welfare"],
                "warming": record["world"]["warming"],
                "disasters": record["world"]["disasters"],
                "attacks": record["world"]["attacks"],
                "migrants": record["world"]["migrants"],
                "countries": {
                    cid: {"wealth": values["wealth"], "score": values["score"]}
                    for cid, values in record["countries"].items()
                },
                "events": record["news"],
            }
        )
    return {
        "scenario": state.scenario.slug,
        "seed": state.seed,
        "expected_value": state.scenario.expected_value,
        "bots": simulation.strategies,
        "rounds": rounds,
        "final": summary(state),
    }
