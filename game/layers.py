"""The Redis pub/sub channel layer, able to publish many messages in one round trip.

channels_redis publishes one message at a time per Redis connection, each waiting for the
server's reply under a lock. When 25 classes' rounds resolve in the same second, their
results and the moves around them queued behind one another there: the benchmark saw half a
second between a process handing a round's results to the layer and the other process
receiving them, with Redis idle. ``group_send_many`` sends whatever queued up meanwhile as one
pipeline (game.broadcast), in order.

It reaches into channels_redis's per-loop layer and shard connection (``_get_layer``,
``_get_shard``, ``_lock``, ``_redis``): pyproject pins the minor version, and
tests/server/test_layers.py runs it against a real Redis.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer


class PubSubChannelLayer(RedisPubSubChannelLayer):
    async def group_send_many(self, messages: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """``group_send`` for each (group, message), in order, one round trip per shard."""
        layer = self._get_layer()
        by_shard: dict[Any, list[tuple[str, bytes]]] = defaultdict(list)
        for group, message in messages:
            channel = layer._get_group_channel_name(group)
            by_shard[layer._get_shard(channel)].append((channel, self.serialize(message)))
        for shard, items in by_shard.items():
            async with shard._lock:
                shard._ensure_redis()
                async with shard._redis.pipeline(transaction=False) as pipe:
                    for channel, data in items:
                        pipe.publish(channel, data)
                    await pipe.execute()
