"""National policies: what a delegation may submit, and what stands when it submits nothing."""

from __future__ import annotations

from dataclasses import replace

from .agreements import binding_minimums
from .errors import RuleError
from .scenario import SPENDING_LINES
from .state import Policy, State

_ISSUE_OF_LINE = {"mitigation": "climate", "security": "terrorism", "migration": "migration"}


def check_policy(state: State, country_id: str, policy: Policy) -> None:
    """Raise the first rule a policy breaks: sign, allowed amounts, switches, budget, minimums."""
    scenario = state.scenario
    budget = state.budget(country_id)
    allowed = scenario.economy.allowed_amounts
    for line in SPENDING_LINES:
        amount = getattr(policy, line)
        if amount < 0:
            raise RuleError("negative_amount", field=line, line=line)
        if allowed is not None and line != "development" and amount not in allowed:
            shown = ", ".join(f"{value:g}" for value in allowed)
            raise RuleError("amount_not_allowed", field=line, line=line, allowed=shown)
        issue = _ISSUE_OF_LINE.get(line)
        if issue and amount > 0 and not getattr(scenario.issues, issue):
            raise RuleError("issue_off", field=line, line=line)
    if policy.total > budget * (1 + 1e-9):
        raise RuleError("over_budget", field="total", total=policy.total, budget=budget)
    for line, (minimum, agreement) in binding_minimums(state, country_id).items():
        if getattr(policy, line) < minimum * (1 - 1e-9):
            raise RuleError(
                "below_minimum", field=line, line=line, minimum=minimum, agreement=agreement
            )


def default_policy(state: State, country_id: str) -> Policy:
    """The scenario's default shares of this round's budget (used in round 1)."""
    shares = state.scenario.default_policy
    budget = state.budget(country_id)
    scenario = state.scenario
    amounts = {}
    for line in SPENDING_LINES:
        issue = _ISSUE_OF_LINE.get(line)
        on = issue is None or getattr(scenario.issues, issue)
        amounts[line] = getattr(shares, line) * budget if on else 0.0
    allowed = scenario.economy.allowed_amounts
    if allowed is not None:
        for line in SPENDING_LINES:
            if line != "development":
                amounts[line] = max((a for a in allowed if a <= amounts[line]), default=0.0)
    return Policy(**amounts, trade=shares.trade, borders=shares.borders)


def policy_in_force(state: State, country_id: str) -> tuple[Policy, bool]:
    """The submitted policy, or (flagged as a fallback) the last one, else the default.

    A kept policy is scaled down if the budget shrank and raised to any binding minimum,
    the difference taken from development, so a fallback never breaks a rule.
    """
    submitted = state.policies.get(country_id)
    if submitted is not None:
        return submitted, False
    previous = state.last_policies.get(country_id)
    policy = previous if previous is not None else default_policy(state, country_id)
    budget = state.budget(country_id)
    if policy.total > budget and state.scenario.economy.allowed_amounts is None:
        factor = budget / policy.total
        policy = replace(
            policy, **{line: getattr(policy, line) * factor for line in SPENDING_LINES}
        )
    minimums = binding_minimums(state, country_id)
    return raised_to(policy, {line: amount for line, (amount, _) in minimums.items()}), True


def raised_to(policy: Policy, minimums: dict[str, float]) -> Policy:
    """The policy with each line at least its minimum, the difference taken from development
    (the national-interest line is what an obligation crowds out)."""
    for line, minimum in minimums.items():
        shortfall = minimum - getattr(policy, line)
        if shortfall > 0:
            development = max(0.0, policy.development - shortfall)
            policy = replace(policy, **{line: minimum, "development": development})
    return policy
