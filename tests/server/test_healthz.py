"""``/healthz`` tells a load balancer whether this process can serve a game."""

import asyncio
import uuid

import pytest
import redis.asyncio
from channels.layers import InMemoryChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db import OperationalError
from django.test import override_settings

from game import health
from game.health import check_channel_layer
from tests.services import redis_test_url

PUBSUB = "channels_redis.pubsub.RedisPubSubChannelLayer"


def pubsub_layers(url: str) -> dict:
    return {"default": {"BACKEND": PUBSUB, "CONFIG": {"hosts": [url]}}}


@pytest.mark.django_db
def test_healthz_is_ok_with_the_laptop_defaults(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "channel_layer": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_channel_layer_cannot_be_reached(client) -> None:
    # Port 1 is closed on any sane machine: the connection is refused at once.
    with override_settings(CHANNEL_LAYERS=pubsub_layers("redis://127.0.0.1:1/0")):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["channel_layer"].startswith("error: ")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch) -> None:
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "database": "error: OperationalError: could not connect to server",
        "channel_layer": "ok",
        "status": "degraded",
    }


@pytest.mark.django_db
def test_healthz_answers_only_get(client) -> None:
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_round_trips_through_a_real_redis(client) -> None:
    with override_settings(CHANNEL_LAYERS=pubsub_layers(redis_test_url())):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "channel_layer": "ok", "status": "ok"}


@pytest.mark.redis
async def test_channel_check_leaves_no_subscription_behind_in_redis() -> None:
    prefix = f"healthz-test-{uuid.uuid4().hex}."
    layer = RedisPubSubChannelLayer(hosts=[redis_test_url()], prefix=prefix)
    observer = redis.asyncio.Redis.from_url(redis_test_url())
    try:
        # The observer really sees this layer's subscriptions...
        held = await layer.new_channel()
        assert await observer.pubsub_channels(f"{prefix}*") == [held.encode()]
        await layer.flush()

        for _ in range(3):
            assert await check_channel_layer(layer) == "ok"

        # ...so an empty list after three checks means none was left subscribed.
        assert await observer.pubsub_channels(f"{prefix}*") == []
    finally:
        await layer.flush()
        await observer.aclose()


async def test_channel_check_frees_its_channel_in_the_memory_layer() -> None:
    layer = InMemoryChannelLayer()

    assert await check_channel_layer(layer) == "ok"
    assert layer.channels == {}


class SilentLayer(InMemoryChannelLayer):
    """A layer that accepts messages and never delivers them (a wedged Redis)."""

    async def send(self, channel: str, message: dict) -> None:
        return None


async def test_channel_check_gives_up_after_its_timeout() -> None:
    started = asyncio.get_running_loop().time()

    result = await check_channel_layer(SilentLayer(), timeout=0.2)

    assert result == "error: no answer within 0.2 s"
    assert asyncio.get_running_loop().time() - started < 2
