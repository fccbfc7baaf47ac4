"""WebSocket consumers: identify the viewer, validate each message, call one service, answer
errors, and pass on every recorded event as this viewer may see it. No rule lives here.

URLs: ``/ws/games/<code>/play/`` (a student, by signed cookie), ``…/facilitate/`` (the
game's facilitator, by login) and ``…/projector/?key=…`` (the big screen, by signed key).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from pydantic import TypeAdapter

from game import clock, fanout, identity, protocol, wire
from game.database import in_database
from game.errors import GameError
from game.models import Game
from game.projections import Viewer, snapshot
from game.services import phases, play, presence, seats, talk
from game.session import sessions

log = logging.getLogger(__name__)

CLOSE_UNKNOWN_GAME = 4404
CLOSE_FORBIDDEN = 4403


def language_of(scope: dict[str, Any]) -> str:
    """The viewer's language: ``?lang=``, then the language cookie, then the browser's."""
    query = parse_qs(scope.get("query_string", b"").decode())
    wanted = query.get("lang", [None])[0] or scope.get("cookies", {}).get(
        settings.LANGUAGE_COOKIE_NAME
    )
    if not wanted:
        headers = dict(scope.get("headers", []))
        accept = headers.get(b"accept-language", b"").decode()
        wanted = accept.split(",")[0].split(";")[0].strip() if accept else None
    try:
        return get_supported_language_variant(wanted or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class GameConsumer(AsyncWebsocketConsumer):
    """One viewer's socket. It has no channel of its own on the layer: the process's hub
    (game.fanout) receives each game's events once and hands them to its sockets."""

    schema: TypeAdapter[Any]
    kind: str
    # An alias with no layer behind it: no per-socket channel, subscription or receive task.
    channel_layer_alias = "sockets-use-the-hub"

    game_id: int | None = None
    viewer: Viewer
    seq = 0  # the last event of the game this socket has dealt with
    sent = 0  # the last event this socket was sent
    ready = False  # a snapshot has been sent and no other is being prepared
    missed = 0  # the last event that arrived while a snapshot was being prepared
    resyncing: asyncio.Task[None] | None = None

    # Connection ------------------------------------------------------------------------

    async def connect(self) -> None:
        self.language = language_of(self.scope)
        # Accept first, so that a refusal can say why before the socket closes.
        await self.accept()
        code = self.scope["url_route"]["kwargs"]["code"]
        try:
            self.game_id, self.viewer = await self.identify(code)
        except GameError as error:
            await self.send_json(error.payload(self.language))
            closing = CLOSE_UNKNOWN_GAME if error.code == "unknown_code" else CLOSE_FORBIDDEN
            await self.close(code=closing)
            return
        await fanout.hub().join(self.game_id, self)
        await self.send_snapshot()
        await self.joined()

    async def disconnect(self, code: int) -> None:
        if self.game_id is None:
            return
        await fanout.hub().leave(self.game_id, self)
        await self.left()

    async def identify(self, code: str) -> tuple[int, Viewer]:
        raise NotImplementedError

    async def joined(self) -> None:
        """Hook for presence; players override it."""

    async def left(self) -> None:
        """Hook for presence; players override it."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' dispatch, without closing stale database connections first: that
        costs a hop to a database thread per frame, and every database call already does it
        in its own thread (``game.database.in_database``)."""
        await getattr(self, get_handler_name(message))(message)

    # Inbound ---------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.game_id is None:
            return
        if text_data is None:
            await self.send_json(GameError("bad_json").payload(self.language))
            return
        ref = None
        try:
            message = protocol.parse(text_data, self.schema)
            ref = message.ref
            await self.handle(message)
        except GameError as error:
            await self.send_json({**error.payload(self.language), "ref": ref or error.ref})
            return
        if message.type == "ping":
            await self.send_json({"type": "pong", "ref": ref})
        elif ref is not None:
            await self.send_json({"type": "ack", "ref": ref})

    async def handle(self, message: Any) -> None:
        if message.type == "resync":
            await self.send_snapshot()
            return
        if message.type == "ping":
            return
        await in_database(self.act)(message)

    def act(self, message: Any) -> None:
        """Call the one service this message asks for (runs on a database thread)."""
        raise NotImplementedError

    # Outbound --------------------------------------------------------------------------

    async def send_json(self, content: dict[str, Any]) -> None:
        await wire.send(self, wire.Frame(fanout.encode(content)))

    async def send_snapshot(self) -> None:
        """Send the whole view; events that arrive meanwhile are folded into a second one."""
        self.ready = False
        view, seq = await in_database(self.current_view)()
        self.seq = self.sent = seq
        # The server's time lets a device with a wrong clock still count down correctly.
        now = timezone.now().isoformat()
        await self.send_json({"type": "snapshot", "seq": seq, "now": now, "view": view})
        self.ready = True
        if self.missed > self.seq:
            self.missed = 0
            await self.send_snapshot()

    def current_view(self) -> tuple[dict[str, Any], int]:
        game = Game.objects.get(pk=self.game_id)
        session = sessions.current(game)
        view = snapshot(session, self.viewer)
        if self.viewer.kind == "facilitator":
            view["online"] = sorted(presence.online_players(game.pk))
        return view, session.seq

    # Called by this process's fan-out (game.fanout), not through the channel layer --------

    async def deliver(self, last_seq: int, encoded: str | None, frames: fanout.Frames) -> None:
        """Events up to ``last_seq`` were committed; ``encoded`` is what this viewer sees."""
        if not self.ready:
            self.missed = max(self.missed, last_seq)
            return
        prev = self.sent
        self.seq = last_seq
        if encoded is None:
            return
        await wire.send(self, frames.envelope(prev, last_seq, encoded))
        self.sent = last_seq

    def resync(self) -> None:
        """Send a fresh snapshot soon, without holding up the fan-out meanwhile; events that
        arrive before it is read are folded into it (``missed``)."""
        self.ready = False
        self.resyncing = asyncio.get_running_loop().create_task(self.snapshot_later())

    async def snapshot_later(self) -> None:
        try:
            await self.send_snapshot()
        except Exception:
            # Usually the socket closed meanwhile; a reconnecting client asks again.
            log.warning("a catch-up snapshot was not sent", exc_info=True)

    async def presence(self, message: dict[str, Any]) -> None:
        if self.viewer.kind == "facilitator":
            await self.send_json(
                {"type": "presence", "player": message["player"], "online": message["online"]}
            )


@in_database
def _game(code: str) -> Game:
    return seats.find_game(code)


class PlayerConsumer(GameConsumer):
    schema = protocol.PLAYER

    async def identify(self, code: str) -> tuple[int, Viewer]:
        game = await _game(code)
        token = self.scope.get("cookies", {}).get(identity.player_cookie(game.code))
        player = identity.player_from_token(token, game)
        if player is None or not await in_database(game.players.filter(pk=player).exists)():
            raise GameError("not_in_game")
        self.player_id = player
        return game.pk, Viewer("player", player)

    async def joined(self) -> None:
        clock.local_players[self.player_id] += 1
        await in_database(presence.connected)(game_id=self.game_id, player_id=self.player_id)

    async def left(self) -> None:
        clock.local_players[self.player_id] -= 1
        await in_database(presence.disconnected)(game_id=self.game_id, player_id=self.player_id)

    def act(self, message: Any) -> None:
        game, player = self.game_id, self.player_id
        kind = message.type
        if kind == "choose_delegation":
            seats.take_seat(game_id=game, player_id=player, country=message.country)
        elif kind == "chat":
            talk.post_message(
                game_id=game, player_id=player, channel=message.channel, text=message.text
            )
        elif kind == "create_group":
            talk.create_group(
                game_id=game, player_id=player, countries=message.countries, title=message.title
            )
        elif kind == "help":
            talk.request_help(game_id=game, player_id=player, text=message.text)
        elif kind == "propose_policy":
            play.propose_policy(game_id=game, player_id=player, policy=message.policy.policy())
        elif kind == "submit_policy":
            play.submit_policy(game_id=game, player_id=player, policy=message.policy.policy())
        elif kind == "accept_proposal":
            play.accept_proposal(game_id=game, player_id=player, proposal_id=message.proposal)
        elif kind == "draft_agreement":
            play.draft_agreement(game_id=game, player_id=player, draft=message.draft)
        elif kind == "edit_agreement":
            play.edit_agreement(
                game_id=game, player_id=player, agreement=message.agreement, draft=message.draft
            )
        else:
            action = {
                "open_agreement": play.open_agreement,
                "withdraw_agreement": play.withdraw_agreement,
                "sign_agreement": play.sign_agreement,
                "leave_agreement": play.leave_agreement,
            }[kind]
            action(game_id=game, player_id=player, agreement=message.agreement)


class FacilitatorConsumer(GameConsumer):
    schema = protocol.FACILITATOR

    async def identify(self, code: str) -> tuple[int, Viewer]:
        game = await _game(code)
        user = self.scope.get("user")
        if not await in_database(identity.facilitates)(user, game):
            raise GameError("facilitator_only")
        self.actor = f"facilitator:{user.pk}"
        return game.pk, Viewer("facilitator")

    def act(self, message: Any) -> None:
        game, actor = self.game_id, self.actor
        kind = message.type
        if kind == "start":
            phases.start_game(game_id=game, actor=actor)
        elif kind in ("pause", "resume", "finish", "archive"):
            getattr(phases, kind)(game_id=game, actor=actor)
        elif kind == "advance":
            phases.advance(game_id=game, expected=(message.round, message.phase), actor=actor)
        elif kind == "extend":
            phases.extend(game_id=game, seconds=message.seconds, actor=actor)
        elif kind == "set_option":
            phases.set_option(
                game_id=game,
                advance_when_all_submitted=message.advance_when_all_submitted,
                actor=actor,
            )
        elif kind == "announce":
            talk.announce(game_id=game, text=message.text, country=message.country, actor=actor)
        elif kind == "answer_help":
            talk.answer_help(game_id=game, player_id=message.player, text=message.text, actor=actor)
        elif kind == "hide_message":
            talk.hide_message(
                game_id=game, message_id=message.message, hidden=message.hidden, actor=actor
            )
        elif kind == "mute":
            talk.mute_player(
                game_id=game, player_id=message.player, muted=message.muted, actor=actor
            )
        elif kind == "assign":
            seats.assign(
                game_id=game, player_id=message.player, country=message.country, actor=actor
            )
        elif kind == "make_head":
            seats.make_head(game_id=game, player_id=message.player, actor=actor)
        elif kind == "lock_lobby":
            seats.lock_lobby(game_id=game, locked_=message.locked, actor=actor)
        elif kind == "set_bot":
            seats.set_bot(
                game_id=game, country=message.country, strategy=message.strategy, actor=actor
            )


class ProjectorConsumer(GameConsumer):
    schema = protocol.PROJECTOR

    async def identify(self, code: str) -> tuple[int, Viewer]:
        game = await _game(code)
        query = parse_qs(self.scope.get("query_string", b"").decode())
        if not identity.projector_allowed(query.get("key", [None])[0], game):
            raise GameError("projector_key")
        return game.pk, Viewer("projector")
