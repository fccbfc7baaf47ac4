"""ASGI application of the baseline: ``daphne bench.baseline.asgi:application``.

WebSockets at ``/ws/baseline/<group>/``; any HTTP request answers 200 (the harness's
readiness probe).
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baseline.settings")

import django

django.setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from bench.baseline.consumer import Relay  # noqa: E402


async def healthz(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


application = ProtocolTypeRouter(
    {
        "http": healthz,
        "websocket": URLRouter([path("ws/baseline/<str:group>/", Relay.as_asgi())]),
    }
)
