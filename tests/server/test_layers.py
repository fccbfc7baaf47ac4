"""The pub/sub layer publishes a batch of messages in one round trip, in order, to real Redis."""

import asyncio
import uuid

import pytest
import redis.asyncio
import redis.asyncio.client

from game.layers import PubSubChannelLayer
from tests.services import redis_test_url

pytestmark = pytest.mark.redis


async def test_a_batch_reaches_every_subscribed_process_in_the_order_it_was_given() -> None:
    prefix = f"layers-test-{uuid.uuid4().hex}"
    sender = PubSubChannelLayer(hosts=[redis_test_url()], prefix=prefix)
    receivers = [PubSubChannelLayer(hosts=[redis_test_url()], prefix=prefix) for _ in range(2)]
    try:
        channels = [await layer.new_channel() for layer in receivers]
        for layer, channel in zip(receivers, channels, strict=True):
            await layer.group_add("game-1", channel)
            await layer.group_add("game-2", channel)

        batch = [
            ("game-1", {"type": "game.events", "game": 1, "n": 1}),
            ("game-2", {"type": "game.events", "game": 2, "n": 2}),
            ("game-1", {"type": "game.events", "game": 1, "n": 3}),
        ]
        await sender.group_send_many(batch)

        for layer, channel in zip(receivers, channels, strict=True):
            got = [await asyncio.wait_for(layer.receive(channel), 5) for _ in batch]
            assert [message["n"] for message in got] == [1, 2, 3]
    finally:
        for layer in (sender, *receivers):
            await layer.flush()


async def test_a_batch_is_one_pipeline_to_redis(monkeypatch) -> None:
    prefix = f"layers-test-{uuid.uuid4().hex}"
    sender = PubSubChannelLayer(hosts=[redis_test_url()], prefix=prefix)
    receiver = PubSubChannelLayer(hosts=[redis_test_url()], prefix=prefix)
    executed: list[int] = []
    execute = redis.asyncio.client.Pipeline.execute

    async def counted(pipeline, *args, **kwargs):
        executed.append(len(pipeline.command_stack))
        return await execute(pipeline, *args, **kwargs)

    monkeypatch.setattr(redis.asyncio.client.Pipeline, "execute", counted)
    try:
        channel = await receiver.new_channel()
        for n in range(20):
            await receiver.group_add(f"game-{n}", channel)

        await sender.group_send_many([(f"game-{n}", {"type": "x", "n": n}) for n in range(20)])

        assert executed == [20]  # twenty PUBLISH commands, one round trip
        got = [await asyncio.wait_for(receiver.receive(channel), 5) for _ in range(20)]
        assert [message["n"] for message in got] == list(range(20))
    finally:
        await sender.flush()
        await receiver.flush()
