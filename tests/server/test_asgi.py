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
