"""Events and the fold: a game's state is ``apply`` over its events, nothing more.

Every decision (a command, a resolution) is recorded as events carrying the values it
produced, so folding never recomputes a rule; ``replay`` in ``game.py`` re-runs the rules and
checks they produce the same events. Types the engine does not know (chat messages, joins,
announcements: the server's business) pass through the fold unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .agreements import Agreement, AgreementDraft
from .state import CountryState, Policy, State, World, frozen


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    data: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "data": dict(self.data)}


def apply(state: State, event: Event) -> State:
    handler = _HANDLERS.get(event.type)
    return handler(state, event.data) if handler else state


def _phase_changed(state: State, data: Mapping[str, Any]) -> State:
    countries = state.countries
    if data.get("countries"):
        updated = dict(countries)
        for cid, values in data["countries"].items():
            updated[cid] = replace(updated[cid], **values)
        countries = frozen(updated)
    policies = state.policies
    if data["round"] != state.round:
        policies = frozen({})
    return replace(
        state, round=data["round"], phase=data["phase"], countries=countries, policies=policies
    )


def _policy_submitted(state: State, data: Mapping[str, Any]) -> State:
    policies = dict(state.policies)
    policies[data["country"]] = Policy.from_dict(data["policy"])
    return replace(state, policies=frozen(policies))


def _with_agreement(state: State, agreement: Agreement) -> State:
    agreements = dict(state.agreements)
    agreements[agreement.id] = agreement
    return replace(state, agreements=frozen(agreements))


def _agreement_drafted(state: State, data: Mapping[str, Any]) -> State:
    return _with_agreement(state, Agreement.from_dict(data["agreement"]))


def _agreement_edited(state: State, data: Mapping[str, Any]) -> State:
    agreement = state.agreements[data["id"]]
    draft = AgreementDraft.model_validate(data["draft"])
    return _with_agreement(state, replace(agreement, draft=draft))


def _agreement_status(status: str) -> Callable[[State, Mapping[str, Any]], State]:
    def handler(state: State, data: Mapping[str, Any]) -> State:
        return _with_agreement(state, replace(state.agreements[data["id"]], status=status))

    return handler


def _agreement_signed(state: State, data: Mapping[str, Any]) -> State:
    agreement = state.agreements[data["id"]]
    signed = (*agreement.signatories, data["country"])
    return _with_agreement(state, replace(agreement, signatories=signed))


def _agreement_activated(state: State, data: Mapping[str, Any]) -> State:
    agreement = replace(
        state.agreements[data["id"]],
        status="active",
        activated_round=data["round"],
        rounds_left=data["rounds_left"],
    )
    return _with_agreement(state, agreement)


def _agreement_left(state: State, data: Mapping[str, Any]) -> State:
    agreement = state.agreements[data["id"]]
    remaining = tuple(m for m in agreement.signatories if m != data["country"])
    state = _with_agreement(state, replace(agreement, signatories=remaining))
    if not data.get("broken"):
        return state
    country = state.countries[data["country"]]
    broken = country.pledges_broken + 1
    reputation = country.pledges_kept / (country.pledges_kept + broken)
    countries = dict(state.countries)
    countries[country.id] = replace(country, pledges_broken=broken, reputation=reputation)
    return replace(state, countries=frozen(countries))


def _round_resolved(state: State, data: Mapping[str, Any]) -> State:
    countries = frozen({cid: CountryState(**values) for cid, values in data["countries"].items()})
    agreements = dict(state.agreements)
    for agreement_id, update in data["agreements"].items():
        agreements[agreement_id] = replace(
            agreements[agreement_id], status=update["status"], rounds_left=update["rounds_left"]
        )
    return replace(
        state,
        countries=countries,
        world=World(**data["world"]),
        agreements=frozen(agreements),
        last_policies=frozen(
            {cid: Policy.from_dict(values) for cid, values in data["policies"].items()}
        ),
        policies=frozen({}),
        # ``+``, not unpacking: the history may be a packed sequence that adds records itself.
        history=state.history + (data,),  # noqa: RUF005
    )


def _game_finished(state: State, data: Mapping[str, Any]) -> State:
    return replace(state, phase="finished")


_HANDLERS: dict[str, Callable[[State, Mapping[str, Any]], State]] = {
    "phase_changed": _phase_changed,
    "policy_submitted": _policy_submitted,
    "agreement_drafted": _agreement_drafted,
    "agreement_edited": _agreement_edited,
    "agreement_opened": _agreement_status("open"),
    "agreement_withdrawn": _agreement_status("withdrawn"),
    "agreement_signed": _agreement_signed,
    "agreement_activated": _agreement_activated,
    "agreement_left": _agreement_left,
    "round_resolved": _round_resolved,
    "game_finished": _game_finished,
}

ENGINE_EVENTS = frozenset(_HANDLERS)
