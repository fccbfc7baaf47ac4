"""One game on a cluster and the people at it: the facilitator, students and the projector,
each a real WebSocket client on one of the cluster's processes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.client import Client
from tests.e2e.cluster import Cluster

NEXT_PHASE = {"briefing": "negotiation", "negotiation": "decision", "decision": "results"}


@dataclass
class Student:
    id: int
    name: str
    client: Client
    server: int
    country: str | None = None


@dataclass
class Classroom:
    cluster: Cluster
    code: str
    game_id: int
    projector_key: str
    clients: list[Client] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    facilitator: Client | None = None

    @classmethod
    async def create(cls, cluster: Cluster, **options: Any) -> Classroom:
        owner = cluster.facilitator["user"]
        game = await asyncio.to_thread(cluster.shell, "create_game", owner=owner, **options)
        return cls(cluster, game["code"], game["id"], game["projector_key"])

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients), return_exceptions=True)

    # Who connects ------------------------------------------------------------------------

    def _query(self, lang: str | None, extra: str = "") -> str:
        parts = [p for p in (extra, f"lang={lang}" if lang else "") if p]
        return "?" + "&".join(parts) if parts else ""

    async def connect_facilitator(self, server: int = 0, lang: str | None = None) -> Client:
        where = self.cluster.servers[server]
        client = Client(
            f"facilitator@{server}",
            where.ws(f"/ws/games/{self.code}/facilitate/{self._query(lang)}"),
            origin=where.origin,
            cookie=f"sessionid={self.cluster.facilitator['sessionid']}",
        )
        self.clients.append(await client.open())
        assert client.frames[0]["type"] == "snapshot", client.frames[0]
        self.facilitator = self.facilitator or client
        return client

    async def connect_projector(self, server: int = 0) -> Client:
        where = self.cluster.servers[server]
        client = Client(
            f"projector@{server}",
            where.ws(f"/ws/games/{self.code}/projector/?key={self.projector_key}"),
            origin=where.origin,
        )
        self.clients.append(await client.open())
        assert client.frames[0]["type"] == "snapshot", client.frames[0]
        return client

    async def join(self, name: str, server: int = 0, lang: str | None = None) -> Student:
        """A student joins over HTTP, then opens their socket on the same process."""
        player = await asyncio.to_thread(self.cluster.join, self.code, name, server=server)
        where = self.cluster.servers[server]
        client = Client(
            f"{name}@{server}",
            where.ws(f"/ws/games/{self.code}/play/{self._query(lang)}"),
            origin=where.origin,
            cookie=player.cookie,
        )
        self.clients.append(await client.open())
        assert client.frames[0]["type"] == "snapshot", client.frames[0]
        student = Student(player.id, name, client, server)
        self.students.append(student)
        return student

    async def seat(self, student: Student, country: str) -> None:
        await student.client.ok("choose_delegation", country=country)
        student.country = country

    async def reconnect_all(self, retry_for: float = 20.0) -> None:
        """Every socket opens again (after a restart), each on its own process."""
        await asyncio.gather(*(c.open(retry_for=retry_for) for c in self.clients))

    # Everyone ----------------------------------------------------------------------------

    async def everyone_sees(self, kind: str, timeout: float = 10.0, **data: Any) -> None:
        await asyncio.gather(*(c.until(kind, timeout=timeout, **data) for c in self.clients))

    async def barrier(self, text: str) -> None:
        """A public announcement everyone has received: whatever was sent to a client before
        it has arrived too (each socket's frames come in order)."""
        assert self.facilitator is not None
        await self.facilitator.ok("announce", text=text)
        await self.everyone_sees("message_posted", channel="announcements", text=text)

    async def advance(self, round_: int, phase: str) -> None:
        """The facilitator leaves ``phase``; wait until every viewer has seen the next one."""
        assert self.facilitator is not None
        await self.facilitator.ok("advance", round=round_, phase=phase)
        if phase == "results":
            if round_ == 6:
                await self.everyone_sees("game_finished", round=round_)
            else:
                await self.everyone_sees("phase_changed", round=round_ + 1, phase="briefing")
        else:
            if phase == "decision":
                await self.everyone_sees("round_resolved", round=round_)
            await self.everyone_sees("phase_changed", round=round_, phase=NEXT_PHASE[phase])

    # The server's side -------------------------------------------------------------------

    async def log(self) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.cluster.shell, "log", code=self.code)

    async def replay(self) -> dict[str, Any]:
        return await asyncio.to_thread(self.cluster.shell, "replay", code=self.code)

    async def set_deadline(self, seconds: float) -> str:
        answer = await asyncio.to_thread(
            self.cluster.shell, "set_deadlines", codes=[self.code], seconds=seconds
        )
        return answer["deadline"]
