"""A server process's sockets come and go: it keeps taking new ones, and it stops when
told to. Each test uses a spare process of the configuration, so the others are unaffected."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.classroom import Classroom

pytestmark = pytest.mark.e2e


async def test_a_server_takes_new_sockets_after_its_last_one_closed(cluster):
    with cluster.spare() as spare:
        where = cluster.servers.index(spare)
        first = await Classroom.create(cluster)
        await first.connect_facilitator(server=where)
        await first.close()  # the last socket of the process goes
        await asyncio.sleep(0.5)
        second = await Classroom.create(cluster)
        try:
            client = await second.connect_facilitator(server=where)
            assert client.frames[0]["type"] == "snapshot"
        finally:
            await second.close()


async def test_a_server_stops_within_three_seconds_of_sigterm_during_a_slow_move(cluster):
    with cluster.spare() as spare:
        where = cluster.servers.index(spare)
        room = await Classroom.create(cluster)
        try:
            student = await room.join("Ani", server=where)
            await room.seat(student, "usa")
            # Another writer holds the game's lock for a second, so Ani's message is still
            # being recorded when the server is told to stop.
            holding = asyncio.create_task(
                asyncio.to_thread(cluster.shell, "hold_lock", code=room.code, seconds=1.0)
            )
            await asyncio.sleep(0.3)
            assert student.client.ws is not None
            await student.client.ws.send('{"type": "chat", "channel": "plenary", "text": "Hai"}')
            await asyncio.sleep(0.2)
            took = await asyncio.to_thread(spare.stop)
            await holding
        finally:
            await room.close()
    assert took < 3.0, f"SIGTERM took {took} s (the spare's log holds every thread's stack)"
