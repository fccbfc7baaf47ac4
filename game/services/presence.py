"""Presence: who is connected, kept out of the event log (connecting is not a move), except
that a delegation going offline or coming back is announced to everyone.

A player is online while some socket of theirs is open and its server process has said so
recently (``last_seen``); a process that dies stops saying so, and the sweep notices.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from game.broadcast import announce_presence
from game.models import Game, Player

from .log import locked, record

FRESH = timedelta(seconds=45)
# A delegation is announced offline only after this long without anyone, so a page reload
# does not make the news.
GRACE = timedelta(seconds=20)


def online_players(game_id: int) -> set[int]:
    since = timezone.now() - FRESH
    return set(
        Player.objects.filter(game_id=game_id, connections__gt=0, last_seen__gte=since).values_list(
            "pk", flat=True
        )
    )


def connected(*, game_id: int, player_id: int) -> None:
    updated = Player.objects.filter(pk=player_id, game_id=game_id).update(
        connections=F("connections") + 1, last_seen=timezone.now()
    )
    if not updated:
        return
    announce_presence(game_id, player_id, True)
    with locked(game_id) as (game, session):
        member = session.room.members.get(player_id)
        if member and member.country in session.room.offline:
            record(
                game,
                session,
                [("delegation_presence", {"country": member.country, "online": True})],
                "system",
            )


def disconnected(*, game_id: int, player_id: int) -> None:
    Player.objects.filter(pk=player_id, connections__gt=0).update(connections=F("connections") - 1)
    remaining = Player.objects.filter(pk=player_id).values_list("connections", flat=True).first()
    if not remaining:
        announce_presence(game_id, player_id, False)


def heartbeat(player_ids: Iterable[int]) -> None:
    """This process still holds sockets for these players."""
    ids = list(player_ids)
    if ids:
        Player.objects.filter(pk__in=ids).update(last_seen=timezone.now())


def sweep() -> None:
    """Mark players whose process went silent offline, and announce delegations that have
    had nobody connected for the grace period."""
    now = timezone.now()
    stale = Player.objects.filter(connections__gt=0, last_seen__lt=now - FRESH)
    for game_id, player_id in stale.values_list("game_id", "pk"):
        announce_presence(game_id, player_id, False)
    stale.update(connections=0)
    for game_id in Game.objects.filter(status="running").values_list("pk", flat=True):
        _announce_empty_delegations(game_id)


def _announce_empty_delegations(game_id: int) -> None:
    recent = timezone.now() - GRACE
    with locked(game_id) as (game, session):
        # Who is online is read under the game's lock: a student who connects meanwhile
        # either counts here, or takes the lock after this sweep and announces their
        # delegation back (``connected``).
        seen = dict(Player.objects.filter(game_id=game_id).values_list("pk", "last_seen"))
        online = online_players(game_id)
        entries = []
        for country in session.state.countries:
            members = session.room.delegation(country)
            if not members or country in session.room.offline or country in session.room.bots:
                continue
            if any(m.id in online for m in members):
                continue
            if any(seen.get(m.id) and seen[m.id] >= recent for m in members):
                continue
            entries.append(("delegation_presence", {"country": country, "online": False}))
        if entries:
            record(game, session, entries, "system")
