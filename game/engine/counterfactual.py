"""The debrief's "what if": the same game, had every country kept every pledge it signed.

The recorded game is replayed beside a second world. Every round, each country in the second
world spends the same shares of its budget as it really did, raised to the terms of every
agreement it was a member of (``bots.honour``); the rest of the story (who signed what, the
scheduled news) happens as it did. Only the kept pledges differ, so the gap between the two
worlds is what the broken pledges cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .bots import honour
from .commands import enter_round
from .errors import RuleError
from .events import Event, apply
from .game import new_game
from .policy import policy_in_force
from .rounds import resolve_round
from .scenario import SPENDING_LINES, Scenario
from .state import Policy, State, frozen


def _rescaled(policy: Policy, budget: float, new_budget: float) -> Policy:
    if budget <= 0 or budget == new_budget:
        return policy
    factor = new_budget / budget
    return replace(policy, **{line: getattr(policy, line) * factor for line in SPENDING_LINES})


def _kept(actual: State, world: State) -> dict[str, Policy]:
    policies = {}
    for country in world.countries:
        policy, _ = policy_in_force(actual, country)
        policy = _rescaled(policy, actual.budget(country), world.budget(country))
        try:
            policies[country] = honour(world, country, policy, pledges=True)
        except RuleError:
            policies[country] = policy
    return policies


def all_pledges_kept(scenario: Scenario, seed: int, events: Iterable[Event]) -> State:
    actual = new_game(scenario, seed)
    world = new_game(scenario, seed)
    for event in events:
        if event.type == "round_resolved":
            world = replace(world, policies=frozen(_kept(actual, world)))
            world = apply(world, Event("round_resolved", resolve_round(world)))
        elif event.type == "phase_changed" and event.data.get("phase") == "briefing":
            world = apply(world, enter_round(world, event.data["round"]))
        elif event.type == "agreement_left" and event.data.get("broken"):
            pass  # walking out of an agreement in force breaks it; here nobody walks out
        elif event.type != "policy_submitted":
            world = apply(world, event)
        actual = apply(actual, event)
    return world
