"""WebSocket routes, mounted by ``config.asgi`` under the auth and origin checks.

Empty until the real-time consumers arrive; the ASGI stack is wired now so that adding a
route is the only change they need.
"""

websocket_urlpatterns: list = []
