"""The WebSocket protocol, version 1: one schema per inbound message type.

Every message is a JSON object with a ``type``; an optional ``ref`` (the client's own label)
comes back in the ``ack`` or ``error`` that answers it. docs/protocol.md shows an example of
every message, inbound and outbound.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from game.engine.agreements import AgreementDraft
from game.engine.state import Policy
from game.errors import GameError

VERSION = 1
MAX_MESSAGE_BYTES = 16 * 1024

Ref = Annotated[str, Field(max_length=40)]
CountryId = Annotated[str, Field(min_length=1, max_length=24)]
AgreementId = Annotated[str, Field(min_length=1, max_length=12)]
Text = Annotated[str, Field(max_length=2000)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: Ref | None = None
    v: Literal[1] = 1


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    development: Amount = 0.0
    mitigation: Amount = 0.0
    security: Amount = 0.0
    migration: Amount = 0.0
    aid: Amount = 0.0
    trade: Literal["open", "protect"] = "open"
    borders: Literal["open", "closed"] = "open"

    def policy(self) -> Policy:
        return Policy(**self.model_dump())


# Messages every viewer may send ----------------------------------------------------------


class Resync(Message):
    type: Literal["resync"]


class Ping(Message):
    type: Literal["ping"]


# Player messages -------------------------------------------------------------------------


class ChooseDelegation(Message):
    type: Literal["choose_delegation"]
    country: CountryId


class Chat(Message):
    type: Literal["chat"]
    channel: Annotated[str, Field(min_length=1, max_length=40)]
    text: Text


class CreateGroup(Message):
    type: Literal["create_group"]
    countries: Annotated[list[CountryId], Field(min_length=1, max_length=30)]
    title: Annotated[str, Field(max_length=60)] = ""


class Help(Message):
    type: Literal["help"]
    text: Text


class ProposePolicy(Message):
    type: Literal["propose_policy"]
    policy: PolicyIn


class SubmitPolicy(Message):
    type: Literal["submit_policy"]
    policy: PolicyIn


class AcceptProposal(Message):
    type: Literal["accept_proposal"]
    proposal: Annotated[int, Field(ge=1)]


class DraftAgreement(Message):
    type: Literal["draft_agreement"]
    draft: AgreementDraft


class EditAgreement(Message):
    type: Literal["edit_agreement"]
    agreement: AgreementId
    draft: AgreementDraft


class AgreementAction(Message):
    type: Literal["open_agreement", "withdraw_agreement", "sign_agreement", "leave_agreement"]
    agreement: AgreementId


PlayerMessage = Annotated[
    Resync
    | Ping
    | ChooseDelegation
    | Chat
    | CreateGroup
    | Help
    | ProposePolicy
    | SubmitPolicy
    | AcceptProposal
    | DraftAgreement
    | EditAgreement
    | AgreementAction,
    Field(discriminator="type"),
]


# Facilitator messages --------------------------------------------------------------------


class Control(Message):
    type: Literal["start", "pause", "resume", "finish", "archive"]


class Advance(Message):
    """Names the phase being left, so a late click never skips the next one."""

    type: Literal["advance"]
    round: Annotated[int, Field(ge=0)]
    phase: Literal["briefing", "negotiation", "decision", "results"]


class Extend(Message):
    type: Literal["extend"]
    seconds: Annotated[int, Field(ge=1, le=3600)]


class SetOption(Message):
    type: Literal["set_option"]
    advance_when_all_submitted: bool


class Announce(Message):
    type: Literal["announce"]
    text: Text
    country: CountryId | None = None


class AnswerHelp(Message):
    type: Literal["answer_help"]
    player: Annotated[int, Field(ge=1)]
    text: Text


class HideMessage(Message):
    type: Literal["hide_message"]
    message: Annotated[int, Field(ge=1)]
    hidden: bool = True


class Mute(Message):
    type: Literal["mute"]
    player: Annotated[int, Field(ge=1)]
    muted: bool = True


class Assign(Message):
    type: Literal["assign"]
    player: Annotated[int, Field(ge=1)]
    country: CountryId | None


class MakeHead(Message):
    type: Literal["make_head"]
    player: Annotated[int, Field(ge=1)]


class LockLobby(Message):
    type: Literal["lock_lobby"]
    locked: bool


class SetBot(Message):
    type: Literal["set_bot"]
    country: CountryId
    strategy: Annotated[str, Field(min_length=1, max_length=40)] | None


FacilitatorMessage = Annotated[
    Resync
    | Ping
    | Control
    | Advance
    | Extend
    | SetOption
    | Announce
    | AnswerHelp
    | HideMessage
    | Mute
    | Assign
    | MakeHead
    | LockLobby
    | SetBot,
    Field(discriminator="type"),
]

ProjectorMessage = Annotated[Resync | Ping, Field(discriminator="type")]

PLAYER = TypeAdapter(PlayerMessage)
FACILITATOR = TypeAdapter(FacilitatorMessage)
PROJECTOR = TypeAdapter(ProjectorMessage)


_PROBLEMS = {
    "missing": _("is required"),
    "extra_forbidden": _("is not allowed here"),
    "literal_error": _("must be one of {expected}"),
    "string_too_long": _("is too long (at most {max_length} characters)"),
    "string_too_short": _("must not be empty"),
    "too_long": _("has too many items (at most {max_length})"),
    "too_short": _("needs at least {min_length} items"),
    "greater_than_equal": _("must be at least {ge}"),
    "less_than_equal": _("must be at most {le}"),
    "finite_number": _("must be a finite number"),
    "union_tag_invalid": _("must be one of {expected_tags}"),
    "union_tag_not_found": _("is required"),
}


def _problem(item: Any, tag: object) -> tuple[str, Any]:
    location = list(item["loc"])
    if location and location[0] == tag:
        location = location[1:]  # a tagged union puts the message type first
    path = ".".join(str(part) for part in location if not str(part).startswith("function"))
    template = _PROBLEMS.get(item["type"])
    if template is None:
        return path or "message", _("has the wrong type or value")
    # Lazy: the text is put together in the viewer's language when the error is sent.
    return path or "message", format_lazy(template, **(item.get("ctx") or {}))


def parse(raw: str, schema: TypeAdapter[Any]) -> Any:
    """A validated message, or a ``GameError`` that names what was wrong with it."""
    size = len(raw.encode("utf-8"))
    if size > MAX_MESSAGE_BYTES:
        raise GameError("too_large", size=size, limit=MAX_MESSAGE_BYTES)
    try:
        data = json.loads(raw)
    except ValueError:
        raise GameError("bad_json") from None
    if not isinstance(data, dict):
        raise GameError("bad_json")
    try:
        return schema.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "union_tag_invalid":
            problem = GameError("unknown_type", field="type", type=str(data.get("type")))
        else:
            path, text = _problem(first, data.get("type"))
            problem = GameError("invalid", field=path, path=path, problem=text)
        ref = data.get("ref")
        # Even a refused message gets its label back, so the client knows which one it was.
        problem.ref = ref if isinstance(ref, str) and len(ref) <= 40 else None
        raise problem from None
