"""A scripted WebSocket client: one viewer (student, facilitator or projector) of one game.

It keeps every frame it receives, checks as they arrive that ``events`` frames chain
(``prev`` is the ``seq`` of the previous frame this socket was sent), and folds the public
numbers of the world (each country's wealth and score, the world's indicators, the length of
the history) from its snapshots and events, so a test can compare what every client derived
with the server's replay of the log. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

WAIT = 10.0
REPLIES = ("ack", "error", "pong")


class Client:
    def __init__(self, label: str, uri: str, *, origin: str, cookie: str | None = None) -> None:
        self.label = label
        self.uri = uri
        self.headers = {"Origin": origin, **({"Cookie": cookie} if cookie else {})}
        self.ws: ClientConnection | None = None
        self.frames: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []  # every event of every "events" frame
        self.snapshots: list[dict[str, Any]] = []
        self.chain_breaks: list[str] = []  # "events" frames whose prev was not the last seq
        self.last_seq: int | None = None
        self.close_code: int | None = None
        self.derived: dict[str, Any] = {}
        self._refs = itertools.count(1)
        self._changed = asyncio.Condition()
        self._reader: asyncio.Task[None] | None = None

    # Connection --------------------------------------------------------------------------

    async def open(self, *, retry_for: float = 0.0) -> Client:
        """Connect and wait for the first frame (the snapshot, or the refusal)."""
        loop = asyncio.get_running_loop()
        limit = loop.time() + retry_for
        while True:
            try:
                self.ws = await connect(
                    self.uri, additional_headers=self.headers, open_timeout=WAIT, max_size=2**23
                )
                break
            except OSError:
                if loop.time() >= limit:
                    raise
                await asyncio.sleep(0.2)
        self.close_code = None
        self.last_seq = None
        self._reader = asyncio.create_task(self._read(self.ws), name=f"reader-{self.label}")
        count = len(self.frames)
        await self.wait_for(
            lambda: len(self.frames) > count or self.close_code is not None, "a first frame"
        )
        assert len(self.frames) > count, f"{self.label}: closed ({self.close_code}) unanswered"
        return self

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, WAIT)

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                self._take(json.loads(raw))
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        self.close_code = ws.close_code
        async with self._changed:
            self._changed.notify_all()

    def _take(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame)
        if frame["type"] == "snapshot":
            self.snapshots.append(frame)
            self.last_seq = frame["seq"]
            self._derive_from_snapshot(frame["view"])
        elif frame["type"] == "events":
            if frame["prev"] != self.last_seq:
                self.chain_breaks.append(
                    f"frame seq={frame['seq']} prev={frame['prev']} after seq={self.last_seq}"
                )
            # In order, after ``prev``, up to ``seq``; not necessarily ending at ``seq``, which
            # also counts the events this viewer may not see (docs/protocol.md).
            seqs = [event["seq"] for event in frame["events"]]
            in_order = seqs == sorted(set(seqs))
            if not (in_order and frame["prev"] < seqs[0] and seqs[-1] <= frame["seq"]):
                self.chain_breaks.append(f"frame seq={frame['seq']} holds events {seqs}")
            self.last_seq = frame["seq"]
            for event in frame["events"]:
                self.events.append(event)
                self._derive_from_event(event)

    # What the client derives -------------------------------------------------------------

    def _derive_from_snapshot(self, view: dict[str, Any]) -> None:
        self.derived = {
            "countries": {
                cid: {"wealth": c["wealth"], "score": c["score"]}
                for cid, c in view["countries"].items()
            },
            "world": dict(view["world"]),
            "history": len(view["history"]),
            "round": view["game"]["round"],
            "phase": view["game"]["phase"],
            "status": view["game"]["status"],
        }

    def _derive_from_event(self, event: dict[str, Any]) -> None:
        data = event["data"]
        if not self.derived:
            return
        if event["type"] == "phase_changed":
            self.derived.update(round=data["round"], phase=data["phase"])
            for cid, changes in (data.get("countries") or {}).items():
                for key in ("wealth", "score"):
                    if key in changes:
                        self.derived["countries"][cid][key] = changes[key]
        elif event["type"] == "round_resolved":
            self.derived["countries"] = {
                cid: {"wealth": c["wealth"], "score": c["score"]}
                for cid, c in data["countries"].items()
            }
            self.derived["world"] = dict(data["world"])
            self.derived["history"] += 1
        elif event["type"] == "game_finished":
            self.derived["phase"] = "finished"
        elif event["type"] == "status_changed":
            self.derived["status"] = data["status"]

    # Waiting -----------------------------------------------------------------------------

    async def wait_for(self, condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        """Wait until ``condition()`` is truthy; fail saying what never came."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), timeout)
            except TimeoutError:
                recent = json.dumps(self.frames[-5:], ensure_ascii=False)[-1500:]
                raise AssertionError(
                    f"{self.label} waited {timeout} s for {what}; last frames: {recent}"
                ) from None
        return condition()

    def saw(self, kind: str, **data: Any) -> dict[str, Any] | None:
        """The latest event of this type whose data has these values, if one arrived."""
        for event in reversed(self.events):
            if event["type"] == kind and all(event["data"].get(k) == v for k, v in data.items()):
                return event
        return None

    async def until_event(self, kind: str, timeout: float = WAIT, **data: Any) -> dict[str, Any]:
        """Wait for the event itself (for its data)."""
        return await self.wait_for(
            lambda: self.saw(kind, **data), f"event {kind} {data or ''}".strip(), timeout
        )

    async def until(self, kind: str, timeout: float = WAIT, **data: Any) -> None:
        """Wait until this client knows of the event: told as an event, or shown by a later
        snapshot (the server's way to catch a socket up after a hole in the numbers)."""
        await self.wait_for(
            lambda: self.saw(kind, **data) or shows(self.view, kind, data),
            f"event {kind} {data or ''}".strip(),
            timeout,
        )

    # Sending -----------------------------------------------------------------------------

    async def send_raw(self, raw: str | bytes) -> dict[str, Any]:
        """Send one frame as is; the next ack, pong or error is its answer."""
        assert self.ws is not None
        count = len(self.frames)
        await self.ws.send(raw)

        def reply() -> dict[str, Any] | None:
            return next((f for f in self.frames[count:] if f["type"] in REPLIES), None)

        return await self.wait_for(reply, f"an answer to {str(raw)[:60]!r}")

    async def request(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Send a message with a fresh ``ref``; its ack, pong or error."""
        assert self.ws is not None
        ref = f"{self.label}-{next(self._refs)}"
        await self.ws.send(json.dumps({"type": kind, "ref": ref, **fields}))

        def reply() -> dict[str, Any] | None:
            return next(
                (f for f in reversed(self.frames) if f.get("ref") == ref and f["type"] in REPLIES),
                None,
            )

        return await self.wait_for(reply, f"the answer to {kind} ({ref})")

    async def ok(self, kind: str, **fields: Any) -> None:
        answer = await self.request(kind, **fields)
        assert answer["type"] in ("ack", "pong"), f"{self.label}: {kind} {fields} -> {answer}"

    async def refused(self, kind: str, code: str, **fields: Any) -> dict[str, Any]:
        answer = await self.request(kind, **fields)
        assert answer["type"] == "error" and answer["code"] == code, (
            f"{self.label}: {kind} {fields} should fail with {code}, got {answer}"
        )
        return answer

    async def resync(self) -> dict[str, Any]:
        """A fresh snapshot (it arrives before the ack); its view."""
        count = len(self.snapshots)
        await self.ok("resync")
        assert len(self.snapshots) > count
        return self.snapshots[-1]["view"]

    async def alive(self) -> None:
        """The socket is still open and answering."""
        assert (await self.request("ping"))["type"] == "pong"

    # Reading what arrived ----------------------------------------------------------------

    @property
    def view(self) -> dict[str, Any]:
        return self.snapshots[-1]["view"]

    def messages(self) -> list[dict[str, Any]]:
        """Every message_posted event this client was shown."""
        return [e["data"] for e in self.events if e["type"] == "message_posted"]

    def received_seqs(self) -> set[int]:
        return {event["seq"] for event in self.events}


PHASES = ("briefing", "negotiation", "decision", "results")


def _moment(round_: int, phase: str) -> tuple[float, int]:
    if phase == "finished":
        return (float("inf"), 0)
    return (round_, PHASES.index(phase) if phase in PHASES else -1)


def shows(view: dict[str, Any], kind: str, data: dict[str, Any]) -> bool:
    """Whether a snapshot's view already contains the effect of such an event."""
    game = view["game"]
    if kind == "phase_changed":
        return _moment(game["round"], game["phase"]) >= _moment(data["round"], data["phase"])
    if kind == "round_resolved":
        return len(view["history"]) >= data["round"]
    if kind == "game_finished":
        return game["phase"] == "finished"
    if kind == "status_changed":
        return game["status"] == data["status"] or game["status"] == "archived"
    if kind == "message_posted":
        return any(
            all(message.get(k) == v for k, v in data.items()) for message in view["messages"]
        )
    if kind == "agreement_signed":
        return any(
            a["id"] == data["id"] and data["country"] in a["signatories"]
            for a in view["agreements"]
        )
    if kind == "bot_assigned":
        return view["bots"].get(data["country"]) is not None
    return False
