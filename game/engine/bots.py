"""Bots: simple, named strategies that can play any empty country.

They exist so a class of any size can play a full scenario, and so the model's properties
can be tested (GAME_MODEL: "Properties the model must show"):
- ``fixed:X`` always puts X into mitigation (contributes X in the Milinski game);
- ``cooperator`` funds every public good, trades and hosts openly, honours agreements;
- ``free-rider`` puts everything into development, protects trade and closes borders;
- ``reciprocator`` follows the rest of the group's public-good effort in the last round;
- ``fair-share`` pays in proportion to its emissions, by common but differentiated duty;
- ``pragmatist`` guards the national interest: mostly development, enough security and
  integration to protect itself, a little mitigation, open trade and borders;
- ``all:LINE`` puts the whole budget into one line (a corner, for the model's tests);
- ``shares:D/M/S/G/A`` splits the budget in percent: development, mitigation, security,
  migration, aid (``shares:80/0/10/10/0``), with open trade and borders.
Bots sign agreements whose cost they can afford once the signatures cover the threshold.
"""

from __future__ import annotations

from dataclasses import replace

from .agreements import Agreement, active_for, binding_minimums, threshold_met
from .commands import can_afford
from .errors import RuleError
from .policy import raised_to
from .scenario import SPENDING_LINES
from .state import Policy, State

PUBLIC_LINES = ("mitigation", "security", "migration", "aid")
STRATEGIES = (
    "cooperator",
    "free-rider",
    "reciprocator",
    "fair-share",
    "pragmatist",
    "fixed:X",
    "all:LINE",
    "shares:D/M/S/G/A",
)

# Shares of the budget a cooperator gives each public good; developing countries give no aid.
# Aid of 5 % of the budget is 0.5 % of wealth, near the UN's 0.7 %-of-income target.
_COOPERATIVE = {"mitigation": 0.3, "security": 0.2, "migration": 0.15, "aid": 0.05}
_PRAGMATIC = {"mitigation": 0.1, "security": 0.25, "migration": 0.15, "aid": 0.0}
_LINE_ISSUE = {"mitigation": "climate", "security": "terrorism", "migration": "migration"}


def check_strategy(name: str) -> None:
    if name in STRATEGIES and ":" not in name:
        return
    if name.removeprefix("all:") in SPENDING_LINES:
        return
    if name.startswith("shares:"):
        try:
            percents = [float(part) for part in name.removeprefix("shares:").split("/")]
        except ValueError:
            percents = []
        if len(percents) == len(SPENDING_LINES) and min(percents) >= 0 and sum(percents) <= 100:
            return
    if name.startswith("fixed:"):
        try:
            if float(name.removeprefix("fixed:")) >= 0:
                return
        except ValueError:
            pass
    raise ValueError(f"unknown bot strategy '{name}' (known: {', '.join(STRATEGIES)})")


def policy_for(state: State, country_id: str, strategy: str) -> Policy:
    check_strategy(strategy)
    if state.scenario.economy.allowed_amounts is not None:
        return _contribution(state, country_id, strategy)
    budget = state.budget(country_id)
    shares = _shares(state, country_id, strategy)
    amounts = {line: shares.get(line, 0.0) * budget for line in PUBLIC_LINES}
    amounts = _switched(state, amounts)
    amounts["development"] = max(0.0, budget - sum(amounts.values()))
    if strategy.startswith(("all:", "shares:")):
        amounts["development"] = shares.get("development", 0.0) * budget
    selfish = strategy == "free-rider"
    policy = Policy(
        **amounts,
        trade="protect" if selfish else "open",
        borders="closed" if selfish else "open",
    )
    return honour(state, country_id, policy)


def _switched(state: State, amounts: dict[str, float]) -> dict[str, float]:
    issues = state.scenario.issues
    return {
        line: (amount if getattr(issues, _LINE_ISSUE.get(line, "trade"), True) else 0.0)
        for line, amount in amounts.items()
    }


def _shares(state: State, country_id: str, strategy: str) -> dict[str, float]:
    country = state.countries[country_id]
    cooperative = dict(_COOPERATIVE)
    if country.bloc == "developing":
        cooperative["aid"] = 0.0
    if strategy == "cooperator":
        return cooperative
    if strategy == "free-rider":
        return {}
    if strategy == "pragmatist":
        return dict(_PRAGMATIC)
    if strategy.startswith("all:"):
        return {strategy.removeprefix("all:"): 1.0}
    if strategy.startswith("shares:"):
        percents = [float(part) / 100 for part in strategy.removeprefix("shares:").split("/")]
        return dict(zip(SPENDING_LINES, percents, strict=True))
    if strategy.startswith("fixed:"):
        budget = state.budget(country_id)
        return {"mitigation": min(1.0, float(strategy.removeprefix("fixed:")) / budget)}
    if strategy == "fair-share":
        # Never more than the whole budget, however large the duty.
        scale = min(_duty(state, country_id), 1 / sum(cooperative.values()))
        return {line: share * scale for line, share in cooperative.items()}
    # reciprocator
    effort = _others_effort(state, country_id)
    if effort is None:
        return cooperative
    scale = effort / sum(cooperative.values())
    return {line: share * scale for line, share in cooperative.items()}


def _duty(state: State, country_id: str) -> float:
    """Own share of world emissions over own share of world population, between ½ and 2."""
    countries = state.countries.values()
    emitted = {c.id: c.wealth * c.emissions_intensity for c in countries}
    population = sum(c.population for c in countries)
    emission_share = emitted[country_id] / (sum(emitted.values()) or 1.0)
    population_share = state.countries[country_id].population / population
    return min(2.0, max(0.5, emission_share / population_share))


def _others_effort(state: State, country_id: str) -> float | None:
    """Average share of budget the other countries put into public goods last round."""
    if not state.history:
        return None
    last = state.history[-1]
    shares = []
    for cid, policy in last["policies"].items():
        if cid == country_id:
            continue
        budget = last["budgets"][cid] or 1.0
        shares.append(sum(policy[line] for line in PUBLIC_LINES) / budget)
    return sum(shares) / len(shares) if shares else None


def _contribution(state: State, country_id: str, strategy: str) -> Policy:
    """Collective-risk games with fixed choices (Milinski): contribute one allowed amount."""
    allowed = sorted(state.scenario.economy.allowed_amounts or (0.0,))
    rules = state.scenario.climate
    target = rules.milestones[-1].target if rules.milestones else 0.0
    horizon = rules.milestones[-1].round if rules.milestones else state.scenario.rounds
    fair = target / (len(state.countries) * horizon) if horizon else 0.0
    if strategy.startswith("fixed:"):
        wanted = float(strategy.removeprefix("fixed:"))
    elif strategy == "free-rider":
        wanted = 0.0
    elif strategy == "reciprocator" and state.history:
        others = [
            p["mitigation"] for cid, p in state.history[-1]["policies"].items() if cid != country_id
        ]
        wanted = sum(others) / len(others)
    else:
        wanted = fair
    amount = min(allowed, key=lambda value: (abs(value - wanted), value))
    return Policy(mitigation=amount)


def honour(state: State, country_id: str, policy: Policy, *, pledges: bool = True) -> Policy:
    """Raise a policy to every agreement's terms (binding always, pledges when honest)."""
    budget = state.budget(country_id)
    needed = {line: amount for line, (amount, _) in binding_minimums(state, country_id).items()}
    if pledges:
        bloc = state.countries[country_id].bloc
        for agreement in active_for(state, country_id):
            terms = agreement.draft.terms_for(bloc)
            for line, share in terms.minimums.items():
                needed[line] = max(needed.get(line, 0.0), share * budget)
            if terms.quota:
                policy = replace(policy, borders="open")
            if terms.open_trade:
                policy = replace(policy, trade="open")
    policy = raised_to(policy, needed)
    if policy.total > budget * (1 + 1e-9):
        # Only reachable when agreements ask for more than the budget; keep the minimums.
        raise RuleError("cannot_afford", country=country_id, agreement="*")
    return policy


def wants_to_sign(state: State, country_id: str, strategy: str, agreement: Agreement) -> bool:
    if strategy == "free-rider" or strategy.startswith(("fixed:", "all:", "shares:")):
        return False
    if country_id in agreement.signatories or agreement.status not in ("open", "active"):
        return False
    if not can_afford(state, country_id, agreement):
        return False
    if strategy == "cooperator":
        return True
    members = (*agreement.signatories, country_id)
    return agreement.status == "active" or threshold_met(state, agreement.draft, members)
