"""ASGI entry point: HTTP goes to Django, WebSockets to the game's consumers.

Daphne serves this both on a laptop (``manage.py runserver``) and in production
(``daphne config.asgi:application``).
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django must be set up before anything imports models (the routing and auth stacks do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import CookieMiddleware  # noqa: E402

from game import direct_write  # noqa: E402
from game.clock import Clocked  # noqa: E402
from game.routing import websocket_urlpatterns  # noqa: E402

router = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Browsers send an Origin header on WebSocket handshakes; refusing foreign origins
        # stops another site from opening a socket with a player's cookie. The session and
        # user are the facilitator's route's own (game.routing).
        "websocket": AllowedHostsOriginValidator(
            CookieMiddleware(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Frames go to the kernel as they are written, not on the loop's next turn (about a tenth of
# a busy process's CPU went to Twisted registering and unregistering each socket for writing).
direct_write.install()

# Every process runs a clock that advances phases past their deadline (game/clock.py).
application = Clocked(router)

# What start-up made (Django, the apps, their modules: about 97,000 objects) lives as long as
# the process. Out of the collector's sight, a full collection walks only what the games and
# sockets hold: with 1,000 sockets a process took 77–173 ms for one, 22–124 ms frozen, its
# event loop stopped meanwhile (and a round burst allocates enough to start one).
gc.freeze()
