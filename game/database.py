"""Where the async server's database work runs.

Channels' ``database_sync_to_async`` sends every call of a process to one thread, one call
after the other. On PostgreSQL that thread is what binds a busy server (the benchmark in
bench/ showed the process waiting on it with the CPU at a third of a core, and rounds that
fall due together queueing behind the moves): each call holds a pooled connection of its
own, so calls for different games can run side by side. Moves within one game stay in order
because each service takes the game's row lock. SQLite allows one writer at a time, so the
embedded default keeps the single thread.

``MUFAKAT_DB_THREADS`` sets the number of threads on PostgreSQL (default 8, fewer when the
connection pool is smaller; keep a set value below ``DB_POOL_SIZE``). SQLite always has one.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from channels.db import DatabaseSyncToAsync
from django.conf import settings

P = ParamSpec("P")
R = TypeVar("R")

_executor: ThreadPoolExecutor | None = None


def threads() -> int:
    """How many threads may run database calls at once in this process."""
    configured = getattr(settings, "MUFAKAT_DB_THREADS", None)
    # The engine's name, not ``connection.vendor``: on the event loop each task has its own
    # ``connection`` (asgiref's Local is per context there), so asking it would leave a
    # database wrapper of a few kilobytes in every socket's context for the socket's life.
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return 1
    if configured:
        return max(1, int(configured))
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    size = pool.get("max_size", 8) if isinstance(pool, dict) else 8
    return max(1, min(8, size - 2))


def _pool() -> ThreadPoolExecutor | None:
    global _executor
    count = threads()
    if count <= 1:
        return None
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="mufakat-db")
    return _executor


def in_database(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """As ``database_sync_to_async``, on the pool of database threads when there is one."""

    @functools.wraps(func)
    async def call(*args: P.args, **kwargs: P.kwargs) -> R:
        pool = _pool()
        if pool is None:
            runner = DatabaseSyncToAsync(func)
        else:
            runner = DatabaseSyncToAsync(func, thread_sensitive=False, executor=pool)
        return await runner(*args, **kwargs)

    return call
