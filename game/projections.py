"""What each viewer may see: one projection of events and one snapshot per kind of viewer.

- A **player** sees the public world, their own country's private state (its submitted
  policy, its members' proposals, its budget and binding minimums), their delegation's
  conversation, the private groups their country is in, and their own help requests.
- The **facilitator** sees everything, including real names in an in-character game.
- The **projector** sees only the public world.
Every event passes through ``project`` before it reaches a socket; nothing else sends game
content to viewers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from game.engine import news
from game.engine.agreements import binding_minimums
from game.engine.game import civil_society_scores
from game.room import Member, Message, readers
from game.round_history import RoundHistory
from game.session import Recorded, Session

ViewerKind = Literal["player", "facilitator", "projector"]

# Events every viewer may see as they are.
_PUBLIC = frozenset(
    {
        "phase_changed",
        "round_resolved",
        "game_finished",
        "agreement_drafted",
        "agreement_edited",
        "agreement_opened",
        "agreement_withdrawn",
        "agreement_signed",
        "agreement_activated",
        "agreement_left",
        "seat_left",
        "head_changed",
        "bot_assigned",
        "status_changed",
        "timer_set",
        "lobby_locked",
        "option_set",
        "delegation_presence",
    }
)


def same_for_every_player(event_type: str) -> bool:
    """True if every player and the projector see this kind of event exactly as it is."""
    return event_type in _PUBLIC


@dataclass(frozen=True, slots=True)
class Viewer:
    kind: ViewerKind
    player: int | None = None

    def member(self, session: Session) -> Member | None:
        return session.room.members.get(self.player) if self.player is not None else None


def _identity(member: Member | None) -> set[str]:
    """The names under which a player is addressed: their country and, in civil society,
    their own seat (``cs:ID``)."""
    if member is None:
        return set()
    found = {f"cs:{member.id}"}
    if member.country:
        found.add(member.country)
    return found


def may_read(message_channel: str, viewer: Viewer, session: Session) -> bool:
    if viewer.kind == "facilitator":
        return True
    audience, countries, players = readers(message_channel, session.room)
    if audience == "public":
        return True
    if viewer.kind == "projector":
        return False
    if audience == "countries":
        return bool(_identity(viewer.member(session)) & set(countries or ()))
    return viewer.player in (players or ())


def _name(member: Member, viewer: Viewer, session: Session) -> str | None:
    """Real names stay with the facilitator when the class plays in character."""
    if session.in_character and viewer.kind != "facilitator" and member.id != viewer.player:
        return None
    return member.name


def project(event: Recorded, viewer: Viewer, session: Session) -> dict[str, Any] | None:
    """The event as this viewer may see it, or None if they may not see it at all."""
    shown = {"seq": event.seq, "type": event.type, "at": event.at, "data": event.data}
    if viewer.kind == "facilitator":
        return {**shown, "actor": event.actor}
    kind = event.type
    if kind in _PUBLIC:
        return shown
    if kind == "message_posted":
        return shown if may_read(event.data["channel"], viewer, session) else None
    if kind == "message_hidden":
        return {**shown, "data": _hidden(event, viewer, session)}
    if kind == "seat_taken":
        return {**shown, "data": _seated(event, viewer, session)}
    if kind == "policy_submitted":
        member = viewer.member(session)
        if member is not None and member.country == event.data["country"]:
            return shown
        return {**shown, "data": {"country": event.data["country"]}}
    if kind == "policy_proposed":
        member = viewer.member(session)
        return shown if member is not None and member.country == event.data["country"] else None
    if kind == "group_created":
        identity = _identity(viewer.member(session))
        return shown if identity & set(event.data["countries"]) else None
    if kind == "player_joined":
        member = session.room.members.get(event.data["player"])
        name = _name(member, viewer, session) if member else None
        return {**shown, "data": {**event.data, "name": name}}
    if kind == "player_muted":
        return shown if viewer.player == event.data["player"] else None
    return None


def _hidden(event: Recorded, viewer: Viewer, session: Session) -> dict[str, Any]:
    """A message hidden or shown again, with the text its readers now see.

    A player's snapshot holds a hidden message with no text, so a page loaded while it was
    hidden learns the text only from the event that shows it again."""
    message = session.room.message(event.data["message"])
    if message is None or not _blanked_when_hidden(message):
        return event.data
    if not may_read(message.channel, viewer, session):
        return event.data
    return {**event.data, "text": "" if event.data["hidden"] else message.text}


def _seated(event: Recorded, viewer: Viewer, session: Session) -> dict[str, Any]:
    """A seat taken; the members of the delegation it is in also get that delegation's
    private view, which is what the player who sat down may now read (a page folds it
    instead of asking for a snapshot).

    Everyone in a delegation gets the same frame (``fanout.audience``), so it goes to all of
    them rather than to the one player; they may read all of it anyway."""
    member = viewer.member(session)
    if member is None or member.country != event.data["country"]:
        return event.data
    return {**event.data, "delegation": _delegation(session, viewer, member, event.seq)}


def _delegation(session: Session, viewer: Viewer, member: Member, seq: int) -> dict[str, Any]:
    """What a player may see because of the country they sit for: ``own``, the messages of
    its delegation, announcement and group channels, its groups. Messages and proposals stop
    at event ``seq``: the later ones reach the page as their own events."""
    own = _own(session, member)
    own["proposals"] = [p for p in own["proposals"] if p["id"] <= seq]
    room = session.room
    shown = [
        m
        for m in room.messages_in(
            lambda channel: (
                readers(channel, room)[0] == "countries" and may_read(channel, viewer, session)
            )
        )
        if m.id <= seq
    ]
    return {
        "own": own,
        "messages": [_message(m, viewer) for m in shown],
        "groups": _groups(session, viewer),
    }


# Snapshots -------------------------------------------------------------------------------


def _blanked_when_hidden(message: Message) -> bool:
    """Hiding is moderation of what classmates read. A help channel has no classmates in it
    (one student and the facilitator), so nothing there is hidden from its student; and the
    fan-out gives every delegate of a country the same frame, so an un-hiding event could not
    carry a help message's text to its one student alone."""
    return not message.channel.startswith("help:")


def _message(message: Message, viewer: Viewer) -> dict[str, Any]:
    shown = message.as_dict()
    if message.hidden and viewer.kind != "facilitator" and _blanked_when_hidden(message):
        shown["text"] = ""
    return shown


def _groups(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    identity = _identity(viewer.member(session))
    return [
        g.as_dict()
        for g in session.room.groups.values()
        if viewer.kind == "facilitator" or identity & set(g.countries)
    ]


def _members(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """Everyone in the room; whether someone is muted is between them and the facilitator."""
    shown = []
    for member in session.room.members.values():
        entry = {**member.as_dict(), "name": _name(member, viewer, session)}
        if viewer.kind != "facilitator" and member.id != viewer.player:
            entry["muted"] = False
        shown.append(entry)
    return shown


def public_view(session: Session) -> dict[str, Any]:
    state = session.state
    scenario = session.scenario
    return {
        "game": {
            "code": session.code,
            "scenario": scenario.slug,
            "title": scenario.title.model_dump(),
            "rounds": scenario.rounds,
            "round": state.round,
            "year": scenario.year_of(max(state.round, 1)),
            "start_year": scenario.start_year,
            "years_per_round": scenario.years_per_round,
            "phase": state.phase,
            "status": session.room.status,
            "timer": session.room.timer.as_dict(),
            "phases": scenario.phases.model_dump(),
            "locked": session.room.locked,
            "advance_when_all_submitted": session.room.advance_when_all_submitted,
            "delegation_size": scenario.delegation_size,
            "issues": scenario.issues.model_dump(),
            # Collective-risk games allow only some amounts per line (Milinski: 0, 2 or 4).
            "allowed_amounts": (
                list(scenario.economy.allowed_amounts)
                if scenario.economy.allowed_amounts is not None
                else None
            ),
        },
        "countries": {
            cid: {
                **country.as_dict(),
                "name": scenario.country(cid).name.model_dump(),
                "budget": state.budget(cid),
            }
            for cid, country in state.countries.items()
        },
        "world": state.world.as_dict(),
        "world_start": {
            "gini": state.baseline["gini"],
            "welfare": state.baseline["welfare"],
            "warming": scenario.climate.warming_start,
        },
        # The round's scheduled news, for a page that connects after the briefing began.
        "briefing": [
            news.scheduled(event.headline.model_dump())
            for event in scenario.events
            if event.round == state.round
        ],
        "history": rounds_json(state.history),
        "agreements": [agreement.as_dict() for agreement in state.agreements.values()],
        "submitted": sorted(state.policies),
        "civil_society": civil_society_scores(state),
        "bots": dict(session.room.bots),
        "offline": sorted(session.room.offline),
    }


def rounds_json(history: Sequence[Mapping[str, Any]]) -> orjson.Fragment:
    """Every round's results as JSON text for the snapshot (``game.fanout.encode`` and the
    player page's ``snapshot_script`` put it in as it is): a fold keeps its rounds packed, and a
    snapshot late in a lesson would otherwise parse each one only to encode it again."""
    if isinstance(history, RoundHistory):
        return orjson.Fragment(history.json())
    return orjson.Fragment(orjson.dumps(list(history), option=orjson.OPT_NON_STR_KEYS))


def snapshot(session: Session, viewer: Viewer) -> dict[str, Any]:
    """Everything this viewer may see now, as sent on connection and on resync.

    Of the conversation, the messages the room keeps: the latest of each channel
    (``room.KEPT_PER_CHANNEL``), not the whole of a long lesson (hundreds of kilobytes on a
    phone's connection); the log and the exports keep every message."""
    view = public_view(session)
    room = session.room
    shown = room.messages_in(lambda channel: may_read(channel, viewer, session))
    view["messages"] = [_message(m, viewer) for m in shown]
    if viewer.kind == "projector":
        view["members"] = []
        return view
    view["members"] = _members(session, viewer)
    view["groups"] = _groups(session, viewer)
    if viewer.kind == "facilitator":
        view["policies"] = {cid: p.as_dict() for cid, p in session.state.policies.items()}
        view["proposals"] = [p.as_dict() for p in room.proposals]
        return view
    member = viewer.member(session)
    view["me"] = member.as_dict() if member else None
    view["own"] = _own(session, member) if member and member.country else None
    return view


def _own(session: Session, member: Member) -> dict[str, Any]:
    state = session.state
    country = member.country or ""
    policy = state.policies.get(country)
    return {
        "country": country,
        "budget": state.budget(country),
        "policy": policy.as_dict() if policy else None,
        "last_policy": (
            state.last_policies[country].as_dict() if country in state.last_policies else None
        ),
        "minimums": {
            line: {"amount": amount, "agreement": agreement}
            for line, (amount, agreement) in binding_minimums(state, country).items()
        },
        "proposals": [
            p.as_dict()
            for p in session.room.proposals
            if p.country == country and p.round == state.round
        ],
    }
