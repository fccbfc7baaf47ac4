"""Settings of the bare baseline: Channels and a channel layer, nothing else.

The layer is chosen as the product's is in the same run: ``BENCH_CHANNEL_LAYER`` is
``memory`` (the in-memory layer of the embedded configuration), ``pubsub``
(``RedisPubSubChannelLayer``, the product's production choice) or ``core``
(``RedisChannelLayer``), on ``REDIS_URL``.
"""

import os

from bench.layers import channel_layers

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-baseline-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["daphne", "channels"]
# No database: the consumer never touches one (Channels still closes "old connections"
# around each event, as it does for the product: that cost is part of the baseline).
DATABASES: dict = {}
USE_TZ = True
ASGI_APPLICATION = "bench.baseline.asgi.application"
CHANNEL_LAYERS = channel_layers(
    os.environ.get("BENCH_CHANNEL_LAYER", "memory"), os.environ.get("REDIS_URL", "")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
