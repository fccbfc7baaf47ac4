"""What one load-generator process knows: its sockets, its games, and every measured action.

A measured action carries a token (``#<worker>.<n>@<send time>``) at the start of its chat
text or agreement title. Every socket that receives the resulting event ticks the token off;
the action's fan-out latency is the time from sending it to the moment the last socket that
had to see it did. All sockets of a game live in one generator process, so "the last" is
known without any clock but this machine's.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

# The server allows 5 messages per 10 s per player; the generator keeps to 4, so that the
# server's clock (it counts recorded times) never sees a fifth inside its window.
RATE_COUNT = 4
RATE_WINDOW = 10.0


def timestamp(iso: str | None) -> float | None:
    return datetime.fromisoformat(iso).timestamp() if iso else None


def token_of(text: str) -> str | None:
    """The token at the start of a measured text (``#w.n@t ...``)."""
    if not text.startswith("#"):
        return None
    return text[1:].split("@", 1)[0]


@dataclass
class Track:
    """One measured action: who still has to see it, and when the last one did."""

    kind: str
    sent: float
    window: int
    remaining: set[int]
    expected: int
    delivered: int = 0
    done_at: float | None = None
    refused: bool = False
    channel: str = ""
    sender: int = -1

    def deliver(self, socket_id: int, now: float) -> bool:
        if socket_id not in self.remaining:
            return False
        self.remaining.discard(socket_id)
        self.delivered += 1
        if not self.remaining:
            self.done_at = now
        return True


@dataclass
class WindowStats:
    """What happened during one measurement window (and its drain)."""

    index: int = 0
    sent: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    lag: list[float] = field(default_factory=list)  # scheduled → actually sent, seconds
    frames: int = 0
    gaps: int = 0
    resyncs: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    dropped: int = 0
    reconnects: int = 0
    reconnect_failures: int = 0
    acks: list[float] = field(default_factory=list)


class Socket:
    """One WebSocket of the generator: a student, a facilitator, or a baseline relay."""

    def __init__(self, sid: int, game: Game, role: str, port: int, path: str, cookie: str):
        self.sid = sid
        self.game = game
        self.role = role
        self.port = port
        self.path = path
        self.cookie = cookie
        self.player: int | None = None
        self.country: str | None = None
        self.head = False
        self.ws: Any = None
        self.open = False
        self.closing = False
        self.last_seq: int | None = None
        self.snapshots = 0  # on this connection
        self.sends: deque[float] = deque()
        self.first_snapshot: dict[str, Any] | None = None

    @property
    def uri(self) -> str:
        return f"ws://127.0.0.1:{self.port}{self.path}"

    @property
    def headers(self) -> dict[str, str]:
        headers = {"Origin": f"http://127.0.0.1:{self.port}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        return headers

    def may_send(self, now: float) -> bool:
        while self.sends and now - self.sends[0] > RATE_WINDOW:
            self.sends.popleft()
        return self.open and len(self.sends) < RATE_COUNT


@dataclass
class Agreement:
    author: str
    status: str = "draft"
    signatories: set[str] = field(default_factory=set)


class Game:
    """One game (or one baseline group) and its sockets; the game's public state is folded
    from the facilitator's stream, which sees every event."""

    def __init__(self, index: int, code: str, countries: list[str]) -> None:
        self.index = index
        self.code = code
        self.countries = countries
        self.sockets: list[Socket] = []
        self.facilitator: Socket | None = None
        self.round = 0
        self.phase = "lobby"
        self.status = "lobby"
        self.deadline: float | None = None
        self.decision_deadlines: dict[int, float] = {}
        self.resolved: dict[int, tuple[set[int], float]] = {}
        self.agreements: dict[str, Agreement] = {}
        self.groups: dict[str, tuple[str, list[str]]] = {}  # country -> (group id, countries)
        self.submitted: set[tuple[int, str]] = set()
        self.drafts: Counter[tuple[int, str]] = Counter()

    @property
    def players(self) -> list[Socket]:
        return [s for s in self.sockets if s.role == "player"]

    def readers(self, channel: str, sender: Socket) -> set[int]:
        """The open sockets that must be shown a message on ``channel``."""
        if channel == "delegation":
            countries = {sender.country}
        elif channel.startswith("group:"):
            countries = set(self.groups[sender.country][1])
        else:
            return {s.sid for s in self.sockets if s.open}
        return {
            s.sid
            for s in self.sockets
            if s.open and (s.role == "facilitator" or s.country in countries)
        }

    # The facilitator's stream: the game's public state ------------------------------------

    def fold_snapshot(self, view: dict[str, Any]) -> None:
        game = view["game"]
        self.round, self.phase, self.status = game["round"], game["phase"], game["status"]
        self.deadline = timestamp((game.get("timer") or {}).get("deadline"))
        for item in view.get("agreements", []):
            self.agreements[item["id"]] = Agreement(
                item["author"], item["status"], set(item["signatories"])
            )
        for group in view.get("groups", []):
            for country in group["countries"]:
                self.groups[country] = (group["id"], group["countries"])

    def fold_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "phase_changed":
            self.round, self.phase = data["round"], data["phase"]
        elif kind == "timer_set":
            self.deadline = timestamp(data.get("deadline"))
            if self.phase == "decision" and self.deadline is not None:
                self.decision_deadlines[self.round] = self.deadline
        elif kind == "status_changed":
            self.status = data["status"]
        elif kind == "game_finished":
            self.phase = "finished"
        elif kind == "group_created":
            for country in data["countries"]:
                self.groups.setdefault(country, (data["group"], data["countries"]))
        elif kind == "agreement_drafted":
            item = data["agreement"]
            self.agreements[item["id"]] = Agreement(
                item["author"], item["status"], set(item["signatories"])
            )
        elif kind in ("agreement_opened", "agreement_withdrawn", "agreement_activated"):
            found = self.agreements.get(data["id"])
            if found is not None:
                found.status = {
                    "agreement_opened": "open",
                    "agreement_withdrawn": "withdrawn",
                    "agreement_activated": "active",
                }[kind]
        elif kind == "agreement_signed":
            found = self.agreements.get(data["id"])
            if found is not None:
                found.signatories.add(data["country"])
        elif kind == "policy_submitted":
            self.submitted.add((self.round, data["country"]))

    def time_left(self, now: float) -> float:
        return (self.deadline - now) if self.deadline is not None else 0.0


class Ledger:
    """Every measured action of this generator process, by token."""

    def __init__(self, worker: int) -> None:
        self.worker = worker
        self.serial = 0
        self.tracks: dict[str, Track] = {}
        self.refs: dict[str, tuple[str, float]] = {}  # ref -> (token, sent)
        self.replies: dict[str, asyncio.Future[str]] = {}  # setup steps awaiting ack/error
        self.stats = WindowStats()

    def new_token(self, now: float) -> tuple[str, str]:
        """A fresh token and the text prefix that carries it."""
        self.serial += 1
        token = f"{self.worker}.{self.serial}"
        return token, f"#{token}@{now:.6f}"

    def expect(
        self, token: str, kind: str, sent: float, readers: set[int], channel: str, sender: int
    ) -> None:
        self.tracks[token] = Track(
            kind, sent, self.stats.index, readers, len(readers), channel=channel, sender=sender
        )

    def deliver(self, token: str | None, socket_id: int, now: float) -> None:
        if token is None:
            return
        track = self.tracks.get(token)
        if track is not None:
            track.deliver(socket_id, now)

    # Frames ------------------------------------------------------------------------------

    def product_frame(self, sock: Socket, raw: str, now: float) -> None:
        self.stats.frames += 1
        frame = orjson.loads(raw)
        kind = frame["type"]
        if kind == "events":
            if frame["prev"] != sock.last_seq:
                self.stats.gaps += 1
            sock.last_seq = frame["seq"]
            for event in frame["events"]:
                self._event(sock, event, now)
        elif kind == "snapshot":
            sock.last_seq = frame["seq"]
            sock.snapshots += 1
            view = frame["view"]
            if sock.first_snapshot is None:
                sock.first_snapshot = view
            if sock.role == "facilitator":
                sock.game.fold_snapshot(view)
            if sock.snapshots > 1:
                # The server saw a hole in its numbers and sent the whole view again: what it
                # holds has reached this socket, late.
                self.stats.resyncs += 1
            for message in view.get("messages", []):
                self.deliver(token_of(message.get("text") or ""), sock.sid, now)
            for item in view.get("agreements", []):
                self.deliver(token_of(item["draft"]["title"]), sock.sid, now)
        elif kind in ("ack", "error"):
            ref = frame.get("ref")
            pending = self.refs.pop(ref, None) if ref else None
            waiter = self.replies.pop(ref, None) if ref else None
            if waiter is not None and not waiter.done():
                waiter.set_result(kind)
            if kind == "error":
                self.stats.errors[frame.get("code", "?")] += 1
                if pending is not None and pending[0] in self.tracks:
                    self.tracks[pending[0]].refused = True
            elif pending is not None:
                self.stats.acks.append(now - pending[1])

    def _event(self, sock: Socket, event: dict[str, Any], now: float) -> None:
        kind, data = event["type"], event["data"]
        if kind == "message_posted":
            self.deliver(token_of(data.get("text") or ""), sock.sid, now)
        elif kind == "agreement_drafted":
            self.deliver(token_of(data["agreement"]["draft"]["title"]), sock.sid, now)
        elif kind == "round_resolved":
            seen, last = sock.game.resolved.get(data["round"], (set(), 0.0))
            seen.add(sock.sid)
            sock.game.resolved[data["round"]] = (seen, max(last, now))
        if sock.role == "facilitator":
            sock.game.fold_event(kind, data)

    def baseline_frame(self, sock: Socket, raw: str, now: float) -> None:
        self.stats.frames += 1
        frame = orjson.loads(raw)
        self.deliver(token_of(frame.get("text") or ""), sock.sid, now)

    # Results -----------------------------------------------------------------------------

    def window_result(self, games: list[Game], start: float, end: float) -> dict[str, Any]:
        stats = self.stats
        latencies: dict[str, list[float]] = {}
        expected = delivered = incomplete = refused = 0
        missing: list[dict[str, Any]] = []
        timeline: list[tuple[float, float]] = []  # (sent, seconds after the start; latency)
        sockets = {s.sid: s for g in games for s in g.sockets}
        for token, track in list(self.tracks.items()):
            if track.window != stats.index:
                continue
            del self.tracks[token]
            if track.refused:
                refused += 1
                continue
            expected += track.expected
            delivered += track.delivered
            if track.done_at is None:
                incomplete += 1
                if len(missing) < 20:
                    missing.append(self._describe(track, sockets, start))
            else:
                latencies.setdefault(track.kind, []).append(track.done_at - track.sent)
                timeline.append((round(track.sent - start, 3), track.done_at - track.sent))
        rounds: list[float] = []
        rounds_incomplete = 0
        due: list[float] = []  # the rounds' deadlines, seconds after the start
        for game in games:
            for number, deadline in game.decision_deadlines.items():
                if not start <= deadline <= end:
                    continue
                seen, last = game.resolved.get(number, (set(), 0.0))
                must = {s.sid for s in game.sockets if s.open}
                due.append(round(deadline - start, 3))
                if must <= seen:
                    rounds.append(last - deadline)
                else:
                    rounds_incomplete += 1
        return {
            "sent": dict(stats.sent),
            "throttled": stats.throttled,
            "lag": stats.lag,
            "frames": stats.frames,
            "latencies": latencies,
            "expected": expected,
            "delivered": delivered,
            "incomplete": incomplete,
            "refused": refused,
            "gaps": stats.gaps,
            "resyncs": stats.resyncs,
            "errors": dict(stats.errors),
            "dropped": stats.dropped,
            "reconnects": stats.reconnects,
            "reconnect_failures": stats.reconnect_failures,
            "acks": stats.acks,
            "rounds": rounds,
            "rounds_incomplete": rounds_incomplete,
            "timeline": timeline,
            "due": due,
            "incomplete_sample": missing,
            "connections": sum(s.open for g in games for s in g.sockets),
            "sockets": sum(len(g.sockets) for g in games),
        }

    @staticmethod
    def _describe(track: Track, sockets: dict[int, Socket], start: float) -> dict[str, Any]:
        """Who did not get an action: enough to tell a harness mistake from a lost event."""
        sender = sockets.get(track.sender)
        return {
            "kind": track.kind,
            "channel": track.channel,
            "sent_s": round(track.sent - start, 2),
            "game": sender.game.code if sender else None,
            "sender": [sender.country, sender.port] if sender else None,
            "phase_at_end": sender.game.phase if sender else None,
            "expected": track.expected,
            "delivered": track.delivered,
            "missing": [
                [sockets[sid].role, sockets[sid].country, sockets[sid].port, sockets[sid].open]
                for sid in sorted(track.remaining)[:8]
            ],
        }

    def pending_in(self, index: int) -> int:
        return sum(
            1
            for t in self.tracks.values()
            if t.window == index and t.done_at is None and not t.refused
        )


def now() -> float:
    return time.time()
