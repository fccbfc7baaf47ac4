"""Telling every connected viewer of a game what was just recorded.

One channel-layer message per commit carries the new events to the game's group; each
consumer projects them for its own viewer. The layer may drop a message (it is at-most-once
when a channel is full), so events carry sequence numbers and consumers resynchronise on a
gap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

if TYPE_CHECKING:
    from game.session import Recorded

log = logging.getLogger(__name__)


def group_name(game_id: int) -> str:
    return f"game-{game_id}"


def broadcast(game_id: int, events: Sequence[Recorded]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {
        "type": "game.events",
        "game": game_id,
        "events": [event.as_dict() for event in events],
    }
    try:
        async_to_sync(layer.group_send)(group_name(game_id), message)
    except Exception:
        # The events are committed; viewers who miss them resynchronise from the log.
        log.exception("broadcast of game %s events failed", game_id)


def announce_presence(game_id: int, player_id: int, online: bool) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "game.presence", "game": game_id, "player": player_id, "online": online}
    try:
        async_to_sync(layer.group_send)(group_name(game_id), message)
    except Exception:
        log.exception("presence broadcast for game %s failed", game_id)
