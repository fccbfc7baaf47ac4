"""docs/protocol.md is the contract: it must name every message, event and error code."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from game import protocol
from game.engine.errors import MESSAGES as RULE_MESSAGES
from game.engine.events import ENGINE_EVENTS
from game.errors import MESSAGES as SERVER_MESSAGES
from game.room import ROOM_EVENTS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")


def message_types(annotated) -> set[str]:
    union = typing.get_args(annotated)[0]
    types = set()
    for model in typing.get_args(union):
        types.update(typing.get_args(model.model_fields["type"].annotation))
    return types


INBOUND = message_types(protocol.PlayerMessage) | message_types(protocol.FacilitatorMessage)


def test_the_inbound_unions_are_read_correctly():
    assert {"chat", "submit_policy", "sign_agreement", "advance", "set_bot", "resync"} <= INBOUND


@pytest.mark.parametrize("kind", sorted(INBOUND))
def test_every_inbound_message_type_is_documented(kind):
    assert f"`{kind}`" in DOC


@pytest.mark.parametrize("kind", sorted(ENGINE_EVENTS | ROOM_EVENTS))
def test_every_event_type_is_documented(kind):
    assert f"`{kind}`" in DOC


@pytest.mark.parametrize("code", sorted(set(SERVER_MESSAGES) | set(RULE_MESSAGES)))
def test_every_error_code_is_documented(code):
    assert f"`{code}`" in DOC
