"""WebSocket routes, mounted by ``config.asgi`` under the auth and origin checks."""

from django.urls import path

from game import consumers

_CODE = "<str:code>"

websocket_urlpatterns = [
    path(f"ws/games/{_CODE}/play/", consumers.PlayerConsumer.as_asgi()),
    path(f"ws/games/{_CODE}/facilitate/", consumers.FacilitatorConsumer.as_asgi()),
    path(f"ws/games/{_CODE}/projector/", consumers.ProjectorConsumer.as_asgi()),
]
