"""The room: everything about a live game that is not a rule of the negotiation world.

Who is playing which country, which countries bots play, the conversations, the timer and
the game's lifecycle. Like the engine's state it is a frozen value folded from the game's
event log (``apply``), so a replay of the log rebuilds the room exactly; it imports no Django.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from heapq import merge
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Literal, Protocol

Status = Literal["lobby", "running", "paused", "finished", "archived"]
Role = Literal["delegate", "civil"]

PLENARY = "plenary"
STATEMENTS = "statements"
ANNOUNCEMENTS = "announcements"

# Every server process holds each live game's room in memory for as long as the game runs,
# so the room keeps only the latest messages of each channel: what a page is sent when it
# loads (``projections.snapshot``). The log keeps every message; the exports and the report
# read the whole conversation from it (``conversation``).
KEPT_PER_CHANNEL = 100
# The spam limit (``services.talk``): a player may post this many messages in RATE_WINDOW
# seconds. The room keeps the times of each player's latest RATE_COUNT posts to check it.
RATE_COUNT = 5
RATE_WINDOW = 10


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    role: Role = "delegate"
    country: str | None = None
    head: bool = False
    muted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "country": self.country,
            "head": self.head,
            "muted": self.muted,
        }


@dataclass(frozen=True, slots=True)
class Message:
    """One line of conversation; ``channel`` says who may read it (see ``readers``)."""

    id: int
    channel: str
    sender: int | None  # a player, or None for the facilitator and the system
    country: str | None
    text: str
    at: str
    hidden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "sender": self.sender,
            "country": self.country,
            "text": self.text,
            "at": self.at,
            "hidden": self.hidden,
        }


@dataclass(frozen=True, slots=True)
class Group:
    """A private channel between some countries, started by one of them."""

    id: str
    title: str
    countries: tuple[str, ...]
    creator: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "countries": list(self.countries),
            "creator": self.creator,
        }


@dataclass(frozen=True, slots=True)
class Proposal:
    """A member's suggestion for the national policy, which the head may accept."""

    id: int
    country: str
    player: int
    round: int
    policy: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "country": self.country,
            "player": self.player,
            "round": self.round,
            "policy": dict(self.policy),
        }


@dataclass(frozen=True, slots=True)
class Timer:
    """The running phase's deadline (ISO time) or, while paused, the seconds left."""

    deadline: str | None = None
    remaining: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"deadline": self.deadline, "remaining": self.remaining}


def _empty() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Room:
    status: Status = "lobby"
    locked: bool = False
    advance_when_all_submitted: bool = False
    timer: Timer = Timer()
    members: Mapping[int, Member] = field(default_factory=_empty)
    bots: Mapping[str, str] = field(default_factory=_empty)
    channels: Mapping[str, tuple[Message, ...]] = field(default_factory=_empty)  # oldest first
    posted: Mapping[str, int] = field(default_factory=_empty)  # messages ever, per channel
    recent_posts: Mapping[int, tuple[str, ...]] = field(default_factory=_empty)
    groups: Mapping[str, Group] = field(default_factory=_empty)
    proposals: tuple[Proposal, ...] = ()
    offline: frozenset[str] = frozenset()

    def delegation(self, country: str) -> list[Member]:
        return [m for m in self.members.values() if m.country == country]

    def head_of(self, country: str) -> Member | None:
        return next((m for m in self.delegation(country) if m.head), None)

    @property
    def messages(self) -> tuple[Message, ...]:
        """The kept messages of every channel, in the order they were posted."""
        return self.messages_in(lambda channel: True)

    def messages_in(self, channels: Callable[[str], bool]) -> tuple[Message, ...]:
        """The kept messages of the channels the predicate accepts, in posting order: who
        may read a message is decided by its channel, once per channel."""
        chosen = (kept for channel, kept in self.channels.items() if channels(channel))
        return tuple(merge(*chosen, key=attrgetter("id")))

    def message(self, message_id: int) -> Message | None:
        """The message if the room still keeps it (``KEPT_PER_CHANNEL``)."""
        kept = (m for messages in self.channels.values() for m in messages)
        return next((m for m in kept if m.id == message_id), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "locked": self.locked,
            "advance_when_all_submitted": self.advance_when_all_submitted,
            "timer": self.timer.as_dict(),
            "members": {str(pid): m.as_dict() for pid, m in self.members.items()},
            "bots": dict(self.bots),
            "messages": [m.as_dict() for m in self.messages],
            "posted": dict(self.posted),
            "groups": {gid: g.as_dict() for gid, g in self.groups.items()},
            "proposals": [p.as_dict() for p in self.proposals],
            "offline": sorted(self.offline),
        }


def readers(channel: str, room: Room) -> tuple[str, frozenset[str] | None, frozenset[int] | None]:
    """Who may read a channel: ("public", …), ("countries", set, …) or ("players", …, set).

    The facilitator reads everything; the projector only what is public.
    """
    if channel in (PLENARY, STATEMENTS, ANNOUNCEMENTS):
        return "public", None, None
    kind, _, rest = channel.partition(":")
    if kind in ("delegation", "announce"):
        return "countries", frozenset([rest]), None
    if kind == "group":
        group = room.groups.get(rest)
        return "countries", frozenset(group.countries if group else ()), None
    if kind == "help":
        return "players", None, frozenset([int(rest)])
    raise ValueError(f"unknown channel {channel!r}")


# The fold --------------------------------------------------------------------------------


def apply(room: Room, event_type: str, data: Mapping[str, Any], seq: int, at: str) -> Room:
    handler = _HANDLERS.get(event_type)
    return handler(room, data, seq, at) if handler else room


def _members(room: Room, member: Member) -> Room:
    members = dict(room.members)
    members[member.id] = member
    return replace(room, members=MappingProxyType(members))


def _player_joined(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return _members(room, Member(id=data["player"], name=data["name"], role=data["role"]))


def _seat_taken(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    member = room.members[data["player"]]
    return _members(room, replace(member, country=data["country"], head=data["head"]))


def _seat_left(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    member = room.members[data["player"]]
    return _members(room, replace(member, country=None, head=False))


def _head_changed(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    members = dict(room.members)
    for pid, member in members.items():
        if member.country == data["country"]:
            members[pid] = replace(member, head=pid == data["player"])
    return replace(room, members=MappingProxyType(members))


def _player_muted(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return _members(room, replace(room.members[data["player"]], muted=data["muted"]))


def _bot_assigned(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    bots = dict(room.bots)
    if data["strategy"] is None:
        bots.pop(data["country"], None)
    else:
        bots[data["country"]] = data["strategy"]
    return replace(room, bots=MappingProxyType(bots))


def _posted(data: Mapping[str, Any], seq: int, at: str) -> Message:
    # Each event's data is parsed afresh, with strings of its own: the names of channels and
    # countries, repeated in every kept line, are shared instead (about a quarter of a line).
    country = data.get("country")
    return Message(
        id=seq,
        channel=sys.intern(data["channel"]),
        sender=data.get("player"),
        country=sys.intern(country) if country is not None else None,
        text=data["text"],
        at=at,
    )


def _message(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    message = _posted(data, seq, at)
    channel = message.channel
    channels = dict(room.channels)
    channels[channel] = (*channels.get(channel, ()), message)[-KEPT_PER_CHANNEL:]
    posted = dict(room.posted)
    posted[channel] = posted.get(channel, 0) + 1
    recent = room.recent_posts
    if message.sender is not None:
        recent = dict(recent)
        recent[message.sender] = (*recent.get(message.sender, ()), at)[-RATE_COUNT:]
        recent = MappingProxyType(recent)
    return replace(
        room,
        channels=MappingProxyType(channels),
        posted=MappingProxyType(posted),
        recent_posts=recent,
    )


def _message_hidden(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    message = room.message(data["message"])
    if message is None:  # no longer kept: only the log and the exports still show it
        return room
    channels = dict(room.channels)
    channels[message.channel] = tuple(
        replace(m, hidden=data["hidden"]) if m is message else m for m in channels[message.channel]
    )
    return replace(room, channels=MappingProxyType(channels))


class Logged(Protocol):
    """An event as the log holds it (``session.Recorded``)."""

    @property
    def type(self) -> str: ...
    @property
    def data(self) -> Mapping[str, Any]: ...
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> str: ...


def conversation(events: Iterable[Logged]) -> list[Message]:
    """Every message of a game, with whether it is hidden, from its events: the whole
    conversation, which a room keeps only the end of."""
    messages: dict[int, Message] = {}
    for event in events:
        if event.type == "message_posted":
            messages[event.seq] = _posted(event.data, event.seq, event.at)
        elif event.type == "message_hidden" and event.data["message"] in messages:
            message = messages[event.data["message"]]
            messages[message.id] = replace(message, hidden=event.data["hidden"])
    return list(messages.values())


def _group_created(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    group = Group(
        id=data["group"],
        title=data["title"],
        countries=tuple(data["countries"]),
        creator=data["creator"],
    )
    groups = dict(room.groups)
    groups[group.id] = group
    return replace(room, groups=MappingProxyType(groups))


def _policy_proposed(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    proposal = Proposal(
        id=seq,
        country=data["country"],
        player=data["player"],
        round=data["round"],
        policy=MappingProxyType(dict(data["policy"])),
    )
    return replace(room, proposals=(*room.proposals, proposal))


def _status(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return replace(room, status=data["status"])


def _timer(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return replace(room, timer=Timer(deadline=data["deadline"], remaining=data["remaining"]))


def _lobby_locked(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return replace(room, locked=data["locked"])


def _option_set(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    return replace(room, advance_when_all_submitted=data["advance_when_all_submitted"])


def _delegation_presence(room: Room, data: Mapping[str, Any], seq: int, at: str) -> Room:
    offline = set(room.offline)
    if data["online"]:
        offline.discard(data["country"])
    else:
        offline.add(data["country"])
    return replace(room, offline=frozenset(offline))


_HANDLERS: dict[str, Callable[[Room, Mapping[str, Any], int, str], Room]] = {
    "player_joined": _player_joined,
    "seat_taken": _seat_taken,
    "seat_left": _seat_left,
    "head_changed": _head_changed,
    "player_muted": _player_muted,
    "bot_assigned": _bot_assigned,
    "message_posted": _message,
    "message_hidden": _message_hidden,
    "group_created": _group_created,
    "policy_proposed": _policy_proposed,
    "status_changed": _status,
    "timer_set": _timer,
    "lobby_locked": _lobby_locked,
    "option_set": _option_set,
    "delegation_presence": _delegation_presence,
}

ROOM_EVENTS = frozenset(_HANDLERS)
