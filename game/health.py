"""Health checks of the two services every game needs: the database and the channel layer.

A load balancer or ``docker compose`` asks ``/healthz`` whether this process can serve a
game. Each check answers ``"ok"`` or ``"error: ..."`` and never raises, so one broken
service cannot hide the state of the other.
"""

import asyncio
import contextlib
import uuid

from channels.layers import BaseChannelLayer, get_channel_layer
from django.db import connection

OK = "ok"

# Long enough for a Redis on another host, short enough that a probe with a timeout of a
# few seconds still gets an answer (503) instead of timing out itself.
CHANNEL_LAYER_TIMEOUT = 2.0


def check_database() -> str:
    """Run ``SELECT 1`` on the default database (synchronous: Django's ORM is)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    except Exception as error:  # any driver error means "cannot serve"
        return _error(error)
    if row is None or row[0] != 1:
        return f"error: SELECT 1 returned {row!r}"
    return OK


async def check_channel_layer(
    layer: BaseChannelLayer | None = None, timeout: float = CHANNEL_LAYER_TIMEOUT
) -> str:
    """Send a message to a fresh channel and receive it back within ``timeout`` seconds.

    A round trip proves more than a ping: with Redis pub/sub the message must go out to
    the server and come back through this process's subscription, the path every game
    broadcast takes.
    """
    layer = layer if layer is not None else get_channel_layer()
    if layer is None:
        return "error: no channel layer configured"
    try:
        async with asyncio.timeout(timeout):
            return await _round_trip(layer)
    except TimeoutError:
        return f"error: no answer within {timeout:g} s"
    except Exception as error:  # connection refused, bad URL, ...
        return _error(error)


async def _round_trip(layer: BaseChannelLayer) -> str:
    channel = await layer.new_channel(prefix="healthz.")
    nonce = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "nonce": nonce})
    # If this receive is cancelled by the timeout, the layer frees the channel itself.
    message = await layer.receive(channel)
    await _release(layer, channel)
    if message.get("nonce") != nonce:
        return "error: received a different message than was sent"
    return OK


async def _release(layer: BaseChannelLayer, channel: str) -> None:
    """Drop the probe's channel so that health checks do not pile up subscriptions.

    Channels has no "delete channel" call; a layer frees a channel when a pending
    ``receive`` on it is cancelled (what happens when a consumer disconnects), so that is
    what we do. The in-memory layer forgets an empty channel on its own.
    """
    pending = asyncio.ensure_future(layer.receive(channel))
    # Let the receive start waiting: cancelled before its first step, it would free nothing.
    for _ in range(3):
        await asyncio.sleep(0)
    pending.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await pending


def _error(error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    name = type(error).__name__
    return f"error: {name}: {detail}" if detail else f"error: {name}"
