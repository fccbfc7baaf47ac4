"""WebSocket routes, mounted by ``config.asgi`` under the origin check and the cookies.

Only the facilitator's socket needs Django's session and user. A student is known by a
signed cookie and the projector by a signed key, so their routes stay outside the session
and auth middleware: each of their sockets keeps no session object, no lazy user and no
further copies of its scope for as long as it is open.
"""

from channels.auth import AuthMiddleware
from channels.sessions import SessionMiddleware
from django.urls import path

from game import consumers

_CODE = "<str:code>"

websocket_urlpatterns = [
    path(f"ws/games/{_CODE}/play/", consumers.PlayerConsumer.as_asgi()),
    path(
        f"ws/games/{_CODE}/facilitate/",
        SessionMiddleware(AuthMiddleware(consumers.FacilitatorConsumer.as_asgi())),
    ),
    path(f"ws/games/{_CODE}/projector/", consumers.ProjectorConsumer.as_asgi()),
]
