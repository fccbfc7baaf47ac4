"""Commands: what players and the facilitator ask of the game, checked against the rules.

``decide`` either raises ``RuleError`` (nothing happens) or returns the events that record
what the command did. Chat is not the engine's business; roles and permissions (who may act
for which country) are checked by the server before a command gets here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import news
from .agreements import Agreement, AgreementDraft, binding_minimums, threshold_met
from .errors import ACTIONS, RuleError, phase_names
from .events import Event
from .policy import check_policy
from .rounds import resolve_round
from .state import TIMED_PHASES, Policy, State


@dataclass(frozen=True)
class StartGame:
    pass


@dataclass(frozen=True)
class AdvancePhase:
    """Move to the next phase; leaving the decision phase resolves the round."""


@dataclass(frozen=True)
class SubmitPolicy:
    country: str
    policy: Policy


@dataclass(frozen=True)
class DraftAgreement:
    author: str
    draft: AgreementDraft


@dataclass(frozen=True)
class EditAgreement:
    author: str
    agreement: str
    draft: AgreementDraft


@dataclass(frozen=True)
class OpenAgreement:
    author: str
    agreement: str


@dataclass(frozen=True)
class WithdrawAgreement:
    author: str
    agreement: str


@dataclass(frozen=True)
class SignAgreement:
    country: str
    agreement: str


@dataclass(frozen=True)
class LeaveAgreement:
    country: str
    agreement: str


Command = (
    StartGame
    | AdvancePhase
    | SubmitPolicy
    | DraftAgreement
    | EditAgreement
    | OpenAgreement
    | WithdrawAgreement
    | SignAgreement
    | LeaveAgreement
)


def decide(state: State, command: Command) -> list[Event]:
    return _DECIDERS[type(command)](state, command)


def _require_phase(state: State, action: str, *phases: str) -> None:
    if state.phase in ("lobby", "finished"):
        raise RuleError("game_not_running", phase=phase_names(state.phase))
    if state.phase not in phases:
        raise RuleError(
            "wrong_phase",
            action=ACTIONS[action],
            expected=phase_names(*phases),
            phase=phase_names(state.phase),
        )


def _require_country(state: State, country: str) -> None:
    if country not in state.countries:
        raise RuleError("unknown_country", field="country", country=country)


def _agreement(state: State, agreement_id: str) -> Agreement:
    try:
        return state.agreements[agreement_id]
    except KeyError:
        raise RuleError("unknown_agreement", field="agreement", agreement=agreement_id) from None


def _require_status(agreement: Agreement, *statuses: str) -> None:
    if agreement.status not in statuses:
        raise RuleError(
            "wrong_status",
            agreement=agreement.id,
            status=agreement.status,
            expected=" / ".join(statuses),
        )


def _start(state: State, command: StartGame) -> list[Event]:
    if state.phase != "lobby":
        raise RuleError("already_started")
    return [enter_round(state, 1)]


def enter_round(state: State, round_number: int) -> Event:
    """Open a round's briefing, applying the scenario's news events scheduled for it."""
    scenario = state.scenario
    headlines = []
    updates: dict[str, dict[str, float]] = {}
    for scheduled in scenario.events:
        if scheduled.round != round_number:
            continue
        headlines.append(news.scheduled(scheduled.headline.model_dump()))
        for effect in scheduled.effects:
            targets = state.countries if effect.country == "*" else [effect.country]
            for cid in targets:
                values = updates.setdefault(cid, {})
                current = values.get(effect.field, getattr(state.countries[cid], effect.field))
                changed = current * (1 + effect.change)
                if effect.field == "stability":
                    changed = min(1.0, changed)
                values[effect.field] = changed
    budgets = {cid: state.budget(cid) for cid in state.countries}
    for cid, values in updates.items():
        if "wealth" in values and state.scenario.economy.budget_absolute is None:
            budgets[cid] = state.scenario.economy.budget_share * values["wealth"]
    return Event(
        "phase_changed",
        {
            "round": round_number,
            "phase": "briefing",
            "news": headlines,
            "countries": updates,
            # Each delegation's budget for the round it opens (clients show it at once).
            "budgets": budgets,
        },
    )


def _advance(state: State, command: AdvancePhase) -> list[Event]:
    if state.phase in ("lobby", "finished"):
        raise RuleError("game_not_running", phase=phase_names(state.phase))
    index = TIMED_PHASES.index(state.phase)
    if state.phase == "decision":
        payload = resolve_round(state)
        economy = state.scenario.economy
        budgets = {
            cid: economy.budget_absolute
            if economy.budget_absolute is not None
            else economy.budget_share * values["wealth"]
            for cid, values in payload["countries"].items()
        }
        return [
            Event("round_resolved", payload),
            # The budgets the new wealth gives, so clients show them without asking again.
            Event("phase_changed", {"round": state.round, "phase": "results", "budgets": budgets}),
        ]
    if state.phase == "results":
        if state.round >= state.scenario.rounds:
            return [Event("game_finished", {"round": state.round})]
        return [enter_round(state, state.round + 1)]
    return [Event("phase_changed", {"round": state.round, "phase": TIMED_PHASES[index + 1]})]


def _submit(state: State, command: SubmitPolicy) -> list[Event]:
    _require_phase(state, "submit_policy", "decision")
    _require_country(state, command.country)
    check_policy(state, command.country, command.policy)
    return [
        Event("policy_submitted", {"country": command.country, "policy": command.policy.as_dict()})
    ]


def _check_issue(state: State, draft: AgreementDraft) -> None:
    switch = {"climate": "climate", "terrorism": "terrorism", "migration": "migration"}.get(
        draft.issue, "trade" if draft.issue == "trade" else None
    )
    if switch and not getattr(state.scenario.issues, switch):
        raise RuleError("issue_disabled", field="issue", issue=draft.issue)
    for bloc, terms in draft.terms.items():
        if terms.minimum_share > 1 + 1e-9:
            raise RuleError(
                "invalid_terms",
                field=f"terms.{bloc}",
                detail=f"terms for {bloc} ask for {terms.minimum_share:.0%} of the budget",
            )


def _draft(state: State, command: DraftAgreement) -> list[Event]:
    _require_phase(state, "draft_agreement", *TIMED_PHASES)
    _check_issue(state, command.draft)
    agreement = Agreement(
        id=f"A{len(state.agreements) + 1}", author=command.author, draft=command.draft
    )
    return [Event("agreement_drafted", {"agreement": agreement.as_dict()})]


def _edit(state: State, command: EditAgreement) -> list[Event]:
    _require_phase(state, "edit_agreement", *TIMED_PHASES)
    agreement = _agreement(state, command.agreement)
    if agreement.author != command.author:
        raise RuleError("not_author", agreement=agreement.id)
    _require_status(agreement, "draft")
    _check_issue(state, command.draft)
    return [
        Event(
            "agreement_edited",
            {"id": agreement.id, "draft": command.draft.model_dump(mode="json")},
        )
    ]


def _open(state: State, command: OpenAgreement) -> list[Event]:
    _require_phase(state, "open_agreement", *TIMED_PHASES)
    agreement = _agreement(state, command.agreement)
    if agreement.author != command.author:
        raise RuleError("not_author", agreement=agreement.id)
    _require_status(agreement, "draft")
    return [Event("agreement_opened", {"id": agreement.id})]


def _withdraw(state: State, command: WithdrawAgreement) -> list[Event]:
    _require_phase(state, "withdraw_agreement", *TIMED_PHASES)
    agreement = _agreement(state, command.agreement)
    if agreement.author != command.author:
        raise RuleError("not_author", agreement=agreement.id)
    _require_status(agreement, "draft", "open")
    return [Event("agreement_withdrawn", {"id": agreement.id})]


def can_afford(state: State, country: str, agreement: Agreement) -> bool:
    """Whether the country's budget covers all binding minimums once it joins."""
    terms = agreement.draft.terms_for(state.countries[country].bloc)
    budget = state.budget(country)
    needed = {line: amount for line, (amount, _) in binding_minimums(state, country).items()}
    if agreement.draft.kind == "binding":
        for line, share in terms.minimums.items():
            needed[line] = max(needed.get(line, 0.0), share * budget)
        return sum(needed.values()) <= budget * (1 + 1e-9)
    return terms.minimum_share <= 1 + 1e-9


def _sign(state: State, command: SignAgreement) -> list[Event]:
    _require_phase(state, "sign_agreement", "negotiation")
    _require_country(state, command.country)
    agreement = _agreement(state, command.agreement)
    _require_status(agreement, "open", "active")
    if command.country in agreement.signatories:
        raise RuleError("already_signed", country=command.country, agreement=agreement.id)
    if not can_afford(state, command.country, agreement):
        raise RuleError("cannot_afford", country=command.country, agreement=agreement.id)
    events = [Event("agreement_signed", {"id": agreement.id, "country": command.country})]
    members = (*agreement.signatories, command.country)
    if agreement.status == "open" and threshold_met(state, agreement.draft, members):
        events.append(
            Event(
                "agreement_activated",
                {"id": agreement.id, "round": state.round, "rounds_left": agreement.draft.duration},
            )
        )
    return events


def _leave(state: State, command: LeaveAgreement) -> list[Event]:
    _require_phase(state, "leave_agreement", "negotiation")
    _require_country(state, command.country)
    agreement = _agreement(state, command.agreement)
    _require_status(agreement, "open", "active")
    if command.country not in agreement.signatories:
        raise RuleError("not_signed", country=command.country, agreement=agreement.id)
    # Walking out of an agreement in force is a broken commitment; leaving a draft is not.
    data: dict[str, Any] = {
        "id": agreement.id,
        "country": command.country,
        "broken": agreement.status == "active",
    }
    return [Event("agreement_left", data)]


_DECIDERS: dict[type, Callable[[State, Any], list[Event]]] = {
    StartGame: _start,
    AdvancePhase: _advance,
    SubmitPolicy: _submit,
    DraftAgreement: _draft,
    EditAgreement: _edit,
    OpenAgreement: _open,
    WithdrawAgreement: _withdraw,
    SignAgreement: _sign,
    LeaveAgreement: _leave,
}
