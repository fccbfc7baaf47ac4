"""Games and seats: creating a game, joining it, sitting down in a delegation, and the
facilitator's seating tools (assign, move, lock the lobby, hand a country to a bot)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from game.engine.bots import check_strategy
from game.errors import GameError
from game.models import Game, Player, Scenario
from game.session import Session

from . import access
from .bots import play_bots
from .log import locked, record

# Join codes avoid characters that are easy to confuse when read off a projector.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    return "".join(raw.split()).upper()


def create_game(
    *,
    owner: AbstractBaseUser,
    scenario: Scenario,
    seed: int | None = None,
    in_character: bool = False,
    bots: dict[str, str] | None = None,
) -> Game:
    """A new game in the lobby, with a frozen copy of the scenario and a fresh join code."""
    definition = scenario.definition
    for country, strategy in (bots or {}).items():
        if country not in definition.country_ids:
            raise GameError("unknown_country", field="bots", country=country)
        try:
            check_strategy(strategy)
        except ValueError as error:
            raise GameError("invalid", field="bots", path="bots", problem=str(error)) from None
    for _ in range(20):
        try:
            with transaction.atomic():
                game = Game.objects.create(
                    code=new_code(),
                    owner=owner,
                    scenario=scenario,
                    scenario_data=definition.model_dump(mode="json"),
                    seed=seed if seed is not None else secrets.randbelow(2**31),
                    in_character=in_character,
                )
                break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 32⁶ codes make twenty collisions in a row unthinkable
        raise RuntimeError("could not find a free join code")
    for country, strategy in (bots or {}).items():
        set_bot(game_id=game.pk, country=country, strategy=strategy, actor="facilitator")
    return game


def find_game(code: str) -> Game:
    try:
        # Without the scenario column: a join and every socket's connection look the game
        # up by its code, and only a process that folds the game afresh needs the scenario.
        return Game.objects.live().get(code=normalise_code(code))
    except Game.DoesNotExist:
        raise GameError("unknown_code", field="code", code=normalise_code(code)) from None


def join_game(*, code: str, name: str, civil: bool = False) -> Player:
    """A student arrives: a new player in the room, not yet in a delegation."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 40:
        raise GameError("name_invalid", field="name")
    game = find_game(code)
    with locked(game.pk) as (game, session):
        access.playing(session)
        if session.room.locked:
            raise GameError("lobby_locked")
        player = Player.objects.create(game=game, name=name)
        role = "civil" if civil else "delegate"
        record(
            game,
            session,
            [("player_joined", {"player": player.pk, "name": name, "role": role})],
            f"player:{player.pk}",
        )
        return player


def _seat(
    game: Game, session: Session, player_id: int, country: str, actor: str, *, check_size: bool
) -> Session:
    member = access.member(session, player_id)
    access.country(session, country)
    if member.role == "civil":
        raise GameError("civil_cannot")
    if member.country == country:
        return session
    delegation = session.room.delegation(country)
    size = session.scenario.delegation_size
    if check_size and len(delegation) >= size:
        raise GameError("delegation_full", field="country", country=country, size=size)
    entries: list[tuple[str, dict[str, Any]]] = []
    if member.country is not None:
        entries.extend(_leave_entries(session, player_id))
    if country in session.room.bots:
        # A student takes the seat back from the bot.
        entries.append(("bot_assigned", {"country": country, "strategy": None}))
    head = not delegation
    entries.append(("seat_taken", {"player": player_id, "country": country, "head": head}))
    return record(game, session, entries, actor)


def _leave_entries(session: Session, player_id: int) -> list[tuple[str, dict[str, Any]]]:
    member = access.member(session, player_id)
    entries: list[tuple[str, dict[str, Any]]] = [("seat_left", {"player": player_id})]
    if member.head and member.country:
        successor = next(
            (m for m in session.room.delegation(member.country) if m.id != player_id), None
        )
        if successor is not None:
            entries.append(("head_changed", {"country": member.country, "player": successor.id}))
    return entries


def take_seat(*, game_id: int, player_id: int, country: str) -> Session:
    """A student chooses a delegation (while the lobby is open)."""
    with locked(game_id) as (game, session):
        access.playing(session)
        if session.room.locked:
            raise GameError("lobby_locked")
        return _seat(game, session, player_id, country, f"player:{player_id}", check_size=True)


def assign(*, game_id: int, player_id: int, country: str | None, actor: str) -> Session:
    """The facilitator seats, moves or unseats a player, locked lobby or not."""
    with locked(game_id) as (game, session):
        access.playing(session)
        if country is None:
            access.member(session, player_id)
            return record(game, session, _leave_entries(session, player_id), actor)
        return _seat(game, session, player_id, country, actor, check_size=False)


def make_head(*, game_id: int, player_id: int, actor: str) -> Session:
    with locked(game_id) as (game, session):
        member = access.delegate(session, player_id)
        return record(
            game,
            session,
            [("head_changed", {"country": member.country, "player": player_id})],
            actor,
        )


def lock_lobby(*, game_id: int, locked_: bool, actor: str) -> Session:
    with locked(game_id) as (game, session):
        return record(game, session, [("lobby_locked", {"locked": locked_})], actor)


def set_bot(*, game_id: int, country: str, strategy: str | None, actor: str) -> Session:
    """Hand a country to a bot (``strategy``), or take the bot away (None)."""
    if strategy is not None:
        try:
            check_strategy(strategy)
        except ValueError as error:
            raise GameError(
                "invalid", field="strategy", path="strategy", problem=str(error)
            ) from None
    with locked(game_id) as (game, session):
        access.playing(session)
        access.country(session, country)
        session = record(
            game, session, [("bot_assigned", {"country": country, "strategy": strategy})], actor
        )
        return play_bots(game, session)
