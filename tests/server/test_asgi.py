"""The ASGI application routes HTTP to Django and guards WebSockets by origin."""

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from config.asgi import application


async def test_websocket_from_a_foreign_origin_is_refused() -> None:
    communicator = WebsocketCommunicator(
        application, "/ws/anything/", headers=[(b"origin", b"https://evil.example")]
    )

    connected, _ = await communicator.connect()

    assert connected is False


@pytest.mark.django_db(transaction=True)
async def test_http_reaches_django_through_the_asgi_application() -> None:
    communicator = HttpCommunicator(
        application, "GET", "/healthz", headers=[(b"host", b"testserver")]
    )

    response = await communicator.get_response()

    assert response["status"] == 200
    assert b'"status": "ok"' in response["body"]


def test_what_start_up_made_is_out_of_the_garbage_collectors_sight() -> None:
    """A full collection stops the event loop while it walks every tracked object; the
    modules, settings and apps of start-up live as long as the process and need no walk."""
    import os
    import subprocess
    import sys

    from tests.conftest import PROJECT_DIR

    result = subprocess.run(
        [sys.executable, "-c", "import gc, config.asgi; print(gc.get_freeze_count())"],
        cwd=PROJECT_DIR,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 50_000


def test_the_server_sends_frames_without_waiting_for_the_next_turn_of_its_loop() -> None:
    from twisted.internet import tcp

    from game import direct_write

    assert tcp.Server.write is direct_write._write  # installed by config.asgi
