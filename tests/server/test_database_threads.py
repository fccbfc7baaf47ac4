"""Where the server's database calls run: side by side on PostgreSQL, one at a time on SQLite.

A round that falls due must not wait behind another class's moves (game.database)."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import threading

import pytest

from game import database
from tests.conftest import PROJECT_DIR

# Two calls that each wait for the other while holding a connection: they finish only if
# they run at the same time, each with a PostgreSQL session of its own.
SIDE_BY_SIDE = """
import asyncio, threading
from django.db import connection
from game import database

meet = threading.Barrier(2, timeout=10)

@database.in_database
def backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    meet.wait()  # both hold a connection now
    return threading.get_ident(), pid

async def main():
    return await asyncio.gather(backend(), backend())

(thread_a, pid_a), (thread_b, pid_b) = asyncio.run(main())
assert thread_a != thread_b and pid_a != pid_b, (thread_a, thread_b, pid_a, pid_b)
print("threads", database.threads())
"""


@pytest.mark.postgres
@pytest.mark.parametrize(("setting", "threads"), [(None, 8), ("3", 3)])
def test_on_postgresql_database_calls_run_side_by_side(
    scratch_database_url: str, setting: str | None, threads: int
) -> None:
    env = {**os.environ, "DATABASE_URL": scratch_database_url}
    env.pop("REDIS_URL", None)
    env.pop("MUFAKAT_DB_THREADS", None)
    if setting is not None:
        env["MUFAKAT_DB_THREADS"] = setting
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SIDE_BY_SIDE],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"threads {threads}"


@pytest.mark.django_db
def test_on_sqlite_database_calls_take_turns_on_one_thread() -> None:
    assert database.threads() == 1

    @database.in_database
    def which() -> int:
        return threading.get_ident()

    async def both() -> list[int]:
        return await asyncio.gather(which(), which())

    first, second = asyncio.run(both())
    assert first == second


@pytest.mark.django_db
def test_a_database_call_leaves_no_connection_object_in_the_callers_context() -> None:
    """Each socket's task is a context of its own on the event loop: a database call made
    from it must not create a connection wrapper there, which would live as long as the
    socket (a thousand sockets, a thousand wrappers)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    @database.in_database
    def nothing() -> None:
        return None

    def wrappers() -> int:
        gc.collect()
        return sum(isinstance(o, BaseDatabaseWrapper) for o in gc.get_objects())

    async def sockets(count: int) -> None:
        async def socket() -> None:
            await nothing()
            await held.wait()  # the socket stays open, its context alive

        held = asyncio.Event()
        tasks = [asyncio.create_task(socket()) for _ in range(count)]
        await asyncio.sleep(0.2)
        counted.append(wrappers())
        held.set()
        await asyncio.gather(*tasks)

    counted: list[int] = []
    before = wrappers()
    asyncio.run(sockets(50))
    assert counted[0] - before < 5
