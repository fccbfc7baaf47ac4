"""Work on the event loop that keeps its order within a key but does not wait for other keys.

A process's fan-out (game.fanout) must hand a game's batches to its sockets in the order they
arrived, but a slow step for one game (reading missing events from the log) must not hold up
the next game's. Each key has a queue and, while the queue is not empty, one task working
through it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

Item = TypeVar("Item")


class Lanes(Generic[Item]):
    def __init__(self, handle: Callable[[Item], Awaitable[None]], what: str) -> None:
        self.handle = handle
        self.what = what  # for the log, when handling an item fails
        self.queues: dict[Hashable, deque[Item]] = {}
        self.workers: set[asyncio.Task[None]] = set()

    def post(self, key: Hashable, item: Item) -> None:
        """Queue ``item`` behind the earlier ones of ``key``; call on the loop's thread."""
        queue = self.queues.get(key)
        if queue is not None:
            queue.append(item)
            return
        self.queues[key] = deque([item])
        worker = asyncio.get_running_loop().create_task(self._drain(key))
        self.workers.add(worker)
        worker.add_done_callback(self.workers.discard)

    async def _drain(self, key: Hashable) -> None:
        queue = self.queues[key]
        try:
            while queue:
                try:
                    await self.handle(queue.popleft())
                except Exception:
                    log.exception("%s for %s failed", self.what, key)
        finally:
            del self.queues[key]
