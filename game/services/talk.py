"""Conversation: plenary, delegations, private groups, civil-society statements, the
facilitator's announcements, help requests, and the facilitator's moderation.

Messages are plain text (never HTML), at most ``MAX_TEXT`` characters, and each player may
post at most ``RATE_COUNT`` messages in ``RATE_WINDOW`` seconds. The limit is counted from
the folded log under the game's lock, so it holds across every server process.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from django.utils import timezone

from game.errors import GameError
from game.models import GameEvent
from game.room import ANNOUNCEMENTS, PLENARY, RATE_COUNT, RATE_WINDOW, STATEMENTS, Member
from game.session import Session

from . import access
from .log import locked, record

MAX_TEXT = 500
MAX_GROUPS_PER_COUNTRY = 20


def clean(text: str) -> str:
    """Strip control characters (keep line breaks) and surrounding blanks."""
    kept = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    return kept.strip()


def _text(raw: str) -> str:
    text = clean(raw)
    if not text:
        raise GameError("empty_message", field="text")
    if len(text) > MAX_TEXT:
        raise GameError("too_large", field="text", size=len(text), limit=MAX_TEXT)
    return text


def _not_spamming(session: Session, member: Member) -> None:
    if member.muted:
        raise GameError("muted")
    since = timezone.now() - timedelta(seconds=RATE_WINDOW)
    recent = [
        at
        for at in session.room.recent_posts.get(member.id, ())
        if datetime.fromisoformat(at) > since
    ]
    if len(recent) >= RATE_COUNT:
        wait = RATE_WINDOW - int(
            (timezone.now() - datetime.fromisoformat(recent[0])).total_seconds()
        )
        raise GameError("rate_limited", seconds=max(1, wait))


def _channel_for(session: Session, member: Member, channel: str) -> str:
    """Check the member may write to ``channel``; returns its canonical name."""
    if channel == PLENARY:
        return channel
    if channel == STATEMENTS:
        if member.role != "civil":
            raise GameError("not_allowed", field="channel", role=member.role)
        return channel
    if channel == "delegation":
        if member.country is None:
            raise GameError("no_country", field="channel")
        return f"delegation:{member.country}"
    kind, _, group_id = channel.partition(":")
    if kind == "group":
        group = session.room.groups.get(group_id)
        mine = member.country or f"cs:{member.id}"
        if group is None or mine not in group.countries:
            raise GameError("unknown_group", field="channel", group=group_id)
        return channel
    raise GameError("unknown_group", field="channel", group=channel)


def post_message(*, game_id: int, player_id: int, channel: str, text: str) -> Session:
    text = _text(text)
    with locked(game_id) as (game, session):
        access.playing(session)
        member = access.member(session, player_id)
        target = _channel_for(session, member, channel)
        _not_spamming(session, member)
        data = {"channel": target, "player": player_id, "country": member.country, "text": text}
        return record(game, session, [("message_posted", data)], f"player:{player_id}")


def create_group(*, game_id: int, player_id: int, countries: list[str], title: str = "") -> Session:
    """Start a private conversation between some countries (civil society may lobby too)."""
    title = clean(title)[:60]
    with locked(game_id) as (game, session):
        access.playing(session)
        member = access.member(session, player_id)
        mine = member.country or f"cs:{member.id}"
        if member.country is None and member.role != "civil":
            raise GameError("no_country")
        for country in countries:
            access.country(session, country)
        members = tuple(dict.fromkeys([mine, *countries]))
        if len([c for c in members if not c.startswith("cs:")]) < (
            1 if member.role == "civil" else 2
        ):
            raise GameError("group_members", field="countries")
        existing = next(
            (g for g in session.room.groups.values() if set(g.countries) == set(members)), None
        )
        if existing is not None:
            return session
        started = sum(1 for g in session.room.groups.values() if g.creator == mine)
        if started >= MAX_GROUPS_PER_COUNTRY:
            raise GameError("rate_limited", seconds=RATE_WINDOW)
        group_id = f"g{len(session.room.groups) + 1}"
        data = {"group": group_id, "title": title, "countries": list(members), "creator": mine}
        return record(game, session, [("group_created", data)], f"player:{player_id}")


def request_help(*, game_id: int, player_id: int, text: str) -> Session:
    text = _text(text)
    with locked(game_id) as (game, session):
        member = access.member(session, player_id)
        _not_spamming(session, member)
        data = {
            "channel": f"help:{player_id}",
            "player": player_id,
            "country": member.country,
            "text": text,
        }
        return record(game, session, [("message_posted", data)], f"player:{player_id}")


def announce(*, game_id: int, text: str, country: str | None, actor: str) -> Session:
    """The facilitator speaks to everyone, or to one delegation."""
    text = _text(text)
    with locked(game_id) as (game, session):
        channel = ANNOUNCEMENTS
        if country is not None:
            channel = f"announce:{access.country(session, country)}"
        data = {"channel": channel, "player": None, "country": None, "text": text}
        return record(game, session, [("message_posted", data)], actor)


def answer_help(*, game_id: int, player_id: int, text: str, actor: str) -> Session:
    text = _text(text)
    with locked(game_id) as (game, session):
        access.member(session, player_id)
        data = {"channel": f"help:{player_id}", "player": None, "country": None, "text": text}
        return record(game, session, [("message_posted", data)], actor)


def hide_message(*, game_id: int, message_id: int, hidden: bool, actor: str) -> Session:
    with locked(game_id) as (game, session):
        if session.room.message(message_id) is None and not _in_log(game.pk, message_id):
            raise GameError("unknown_message", field="message", message=message_id)
        data = {"message": message_id, "hidden": hidden}
        return record(game, session, [("message_hidden", data)], actor)


def _in_log(game_id: int, message_id: int) -> bool:
    """Whether the log holds the message (the room keeps only each channel's latest)."""
    return GameEvent.objects.filter(game_id=game_id, seq=message_id, type="message_posted").exists()


def mute_player(*, game_id: int, player_id: int, muted: bool, actor: str) -> Session:
    with locked(game_id) as (game, session):
        access.member(session, player_id)
        return record(
            game, session, [("player_muted", {"player": player_id, "muted": muted})], actor
        )
