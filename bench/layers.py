"""The channel layers the benchmark compares, by the short names its reports use."""

from __future__ import annotations

from typing import Any

BACKENDS = {
    "memory": "channels.layers.InMemoryChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}


def channel_layers(name: str, redis_url: str) -> dict[str, Any]:
    """A ``CHANNEL_LAYERS`` setting for ``name`` (memory, pubsub or core)."""
    if name not in BACKENDS:
        raise ValueError(f"unknown channel layer {name!r}: use one of {', '.join(BACKENDS)}")
    layer: dict[str, Any] = {"BACKEND": BACKENDS[name]}
    if name != "memory":
        if not redis_url:
            raise ValueError(f"the {name} layer needs REDIS_URL")
        # As the product's settings configure it (config/settings.py).
        layer["CONFIG"] = {"hosts": [{"address": redis_url, "max_connections": 100}]}
    return {"default": layer}
