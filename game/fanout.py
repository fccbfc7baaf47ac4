"""One channel-layer subscription per game per process, and a local fan-out to its sockets.

Without this, every socket of a game is a member of the game's layer group: a chat line in a
class of 40 becomes 40 layer messages, each through a consumer's dispatch. Here the process
has one layer channel; it joins the group of every game it has sockets for, receives each
batch of events once, folds it into the process's session cache once, projects it once per
kind of viewer (everyone in a delegation sees the same thing), encodes each projection once,
and hands the text to each local socket.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakKeyDictionary

import orjson
from channels.layers import get_channel_layer

from game import wire
from game.broadcast import group_name
from game.database import in_database
from game.lanes import Lanes
from game.models import Game
from game.projections import Viewer, project, same_for_every_player
from game.session import Recorded, Session, recorded, sessions

if TYPE_CHECKING:
    from channels.layers import BaseChannelLayer

log = logging.getLogger(__name__)

# A socket further behind than this gets a fresh snapshot rather than the missing events.
_MAX_CATCH_UP = 500

# Events whose projection can differ between two members of the same delegation.
_PERSONAL = frozenset({"player_muted", "player_joined"})


class Socket(Protocol):
    viewer: Viewer
    seq: int
    ready: bool

    async def deliver(self, last_seq: int, encoded: str | None, frames: Frames) -> None: ...

    def resync(self) -> None: ...

    async def presence(self, message: dict[str, Any]) -> None: ...


def encode(payload: Any) -> str:
    """Compact JSON, non-ASCII as is. orjson: a round's results (20 KB, mostly floats) take
    0.015 ms where the standard library takes 0.5 ms, for every audience and snapshot."""
    return orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode()


def audience(viewer: Viewer, session: Session, events: Sequence[Recorded]) -> tuple[Any, ...]:
    """Viewers with the same key see the same projection of ``events``."""
    if viewer.kind != "player":
        return (viewer.kind,)
    personal = any(
        e.type in _PERSONAL
        or (e.type == "message_posted" and e.data.get("channel", "").startswith("help:"))
        for e in events
    )
    if personal:
        return ("player", viewer.player)
    member = viewer.member(session)
    if member is None:
        return ("player", None, None)
    return ("player", member.country, member.role, member.id if member.role == "civil" else 0)


class Hub:
    """The fan-out of one process (one event loop).

    Each game's messages are handled in the order they arrive, by a task of that game's
    own: a game that has to read missing events from the database holds up no other."""

    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.sockets: dict[int, set[Socket]] = defaultdict(set)
        self.task: asyncio.Task[None] | None = None
        self.lanes: Lanes[dict[str, Any]] = Lanes(self.dispatch, "fan-out")
        # Joining and leaving await the layer; one at a time, so a socket arriving while the
        # game's last one leaves can never end up subscribed to nothing.
        self.membership = asyncio.Lock()

    async def join(self, game_id: int, socket: Socket) -> None:
        async with self.membership:
            if self.channel is None:
                self.channel = await self.layer.new_channel("mufakat-hub.")
            if not self.sockets[game_id]:
                await self.layer.group_add(group_name(game_id), self.channel)
            self.sockets[game_id].add(socket)
            if self.task is None or self.task.done():
                loop = asyncio.get_running_loop()
                self.task = loop.create_task(self.run(), name="mufakat-fanout")

    async def leave(self, game_id: int, socket: Socket) -> None:
        async with self.membership:
            members = self.sockets.get(game_id)
            if not members:
                return
            members.discard(socket)
            if not members:
                del self.sockets[game_id]
                if self.channel is not None:
                    await self.layer.group_discard(group_name(game_id), self.channel)
            if not self.sockets and self.task is not None:
                self.task.cancel()
                self.task = None
                # A layer may forget a channel nobody receives on (Redis pub/sub does): the
                # next socket gets a fresh one.
                self.channel = None

    async def run(self) -> None:
        while True:
            self.post(await self.layer.receive(self.channel))

    def post(self, message: dict[str, Any]) -> None:
        """Queue a message behind the earlier ones of its game."""
        self.lanes.post(message.get("game"), message)

    async def dispatch(self, message: dict[str, Any]) -> None:
        game_id = message.get("game")
        sockets = list(self.sockets.get(game_id, ()))
        if not sockets:
            return
        if message["type"] == "game.presence":
            for socket in sockets:
                with _each(socket):
                    await socket.presence(message)
            return
        events = [Recorded(**event) for event in message["events"]]
        ready = [socket.seq for socket in sockets if socket.ready]
        lowest = min(ready, default=events[0].seq - 1)
        if events[0].seq > lowest + 1 and events[-1].seq - lowest <= _MAX_CATCH_UP:
            # Another process's batch overtook this one on its way (each publishes after its
            # own commit): the missing events are committed, so read them from the log.
            events = await _since(game_id, lowest)
            if not events:
                return
        session = sessions.absorb(game_id, events)
        if session is None:
            session = await _current(game_id)
        frames = Frames(session)
        last = events[-1].seq
        for socket in sockets:
            with _each(socket):
                if not socket.ready:
                    await socket.deliver(last, None, frames)  # its snapshot catches up
                    continue
                if last <= socket.seq:
                    continue
                if events[0].seq > socket.seq + 1:
                    socket.resync()
                    continue
                fresh = [event for event in events if event.seq > socket.seq]
                await socket.deliver(last, frames.text(socket.viewer, fresh), frames)


class Frames:
    """The JSON text of a batch of events for each audience, built from each event's own
    text. An event that every player sees alike (a round's results: 20 KB for twenty
    countries) is encoded once however many delegations watch it, not once per delegation;
    each audience's frame is encoded and framed for the wire once (``envelope``)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.frames: dict[tuple[Any, ...], str | None] = {}
        self.events: dict[tuple[Any, ...], str | None] = {}
        self.envelopes: dict[tuple[int, int, str], wire.Frame] = {}

    def envelope(self, prev: int, seq: int, events: str) -> wire.Frame:
        """The ``events`` frame of a socket that was last sent ``prev``: the same frame,
        encoded once, for every socket of an audience that is up to date."""
        key = (prev, seq, events)
        found = self.envelopes.get(key)
        if found is None:
            text = f'{{"type":"events","seq":{seq},"prev":{prev},"events":{events}}}'
            found = self.envelopes[key] = wire.Frame(text)
        return found

    def text(self, viewer: Viewer, events: Sequence[Recorded]) -> str | None:
        """What this viewer is sent of ``events``, or None if they see none of them."""
        group = audience(viewer, self.session, events)
        key = (group, events[0].seq, events[-1].seq)
        if key not in self.frames:
            parts = [t for e in events if (t := self.event(e, viewer, group)) is not None]
            self.frames[key] = f"[{','.join(parts)}]" if parts else None
        return self.frames[key]

    def event(self, event: Recorded, viewer: Viewer, group: tuple[Any, ...]) -> str | None:
        shared = viewer.kind != "facilitator" and same_for_every_player(event.type)
        key = (event.seq,) if shared else (event.seq, group)
        if key not in self.events:
            shown = project(event, viewer, self.session)
            self.events[key] = None if shown is None else encode(shown)
        return self.events[key]


@contextmanager
def _each(socket: Socket) -> Iterator[None]:
    """A socket that fails (it closed under us) must not cost the others their update."""
    try:
        yield
    except Exception:
        log.warning("fan-out to a %s socket failed", socket.viewer.kind, exc_info=True)


@in_database
def _since(game_id: int, seq: int) -> list[Recorded]:
    return recorded(Game.objects.live().get(pk=game_id), after=seq)


@in_database
def _current(game_id: int) -> Session:
    return sessions.current(Game.objects.live().get(pk=game_id))


_hubs: WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = WeakKeyDictionary()


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub(get_channel_layer())
    return found
