"""The pages of a game: join, the player's page, the facilitator's console, the projector."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from game import identity
from game.api import links
from game.engine.bots import STRATEGIES
from game.engine.game import new_game
from game.engine.scenario import ScenarioError
from game.errors import GameError
from game.library import games_for, scenarios_for
from game.models import Game
from game.projections import Viewer, snapshot
from game.services import seats
from game.session import sessions


def _game(code: str) -> Game:
    try:
        return seats.find_game(code)
    except GameError:
        raise Http404 from None


def join(request: HttpRequest, code: str = "") -> HttpResponse:
    code = seats.normalise_code(code)
    seated = None
    game = Game.objects.filter(code=code).first() if code else None
    if game is not None:
        # A student who already joined from this browser can go straight back to the game.
        token = request.COOKIES.get(identity.player_cookie(game.code))
        player_id = identity.player_from_token(token, game)
        if player_id is not None:
            seated = game.players.filter(pk=player_id).first()
    return render(request, "game/join.html", {"code": code, "seated": seated})


# The page holds the student's own view of the game: for this browser only, and asked
# afresh on every visit.
@cache_control(private=True, no_cache=True)
def player(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    token = request.COOKIES.get(identity.player_cookie(game.code))
    player_id = identity.player_from_token(token, game)
    if player_id is None:
        return redirect("game:join_code", code=game.code)
    initial = player_snapshot(game, player_id)
    return render(
        request,
        "game/player.html",
        {"game": game, "snapshot": initial, "first_screen": first_screen(initial["view"])},
    )


def first_screen(view: dict[str, object]) -> str:
    """Which module the player's first screen runs, "lobby" or "country" (the page preloads
    it): the lobby until the game is on and the player has a seat, as main.js decides."""
    me = view.get("me")
    if not isinstance(me, dict) or view["game"]["status"] == "lobby":
        return "lobby"
    return "lobby" if me.get("role") != "civil" and not me.get("country") else "country"


def player_snapshot(game: Game, player_id: int) -> dict[str, object]:
    """The first message the player's socket would send (game.consumers), in the page
    itself: a phone on a slow network draws the game as soon as its scripts have run,
    instead of waiting for the socket to open and the snapshot to come down it."""
    session = sessions.current(game)
    return {
        "type": "snapshot",
        "seq": session.seq,
        "now": timezone.now().isoformat(),
        "view": snapshot(session, Viewer("player", player_id)),
    }


@login_required
def console(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    if not identity.facilitates(request.user, game):
        raise Http404
    key = identity.projector_key(game)
    return render(
        request,
        "game/console.html",
        {"game": game, "key": key, "config": console_config(request, game)},
    )


def projector(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    if not identity.projector_allowed(request.GET.get("key"), game):
        raise Http404
    key = request.GET["key"]
    return render(
        request,
        "game/projector.html",
        {"game": game, "key": key, "config": projector_config(request, game, key)},
    )


# The facilitator's pages.


def _localized(value: object) -> str:
    """A scenario text ({"id": …, "en": …}) in the page's language."""
    if not isinstance(value, dict):
        return str(value or "")
    language = "en" if (get_language() or "").startswith("en") else "id"
    return str(value.get(language) or value.get("en") or value.get("id") or "")


def _status_labels() -> dict[str, str]:
    return {
        "lobby": _("Lobby"),
        "running": _("Running"),
        "paused": _("Paused"),
        "finished": _("Finished"),
        "archived": _("Archived"),
    }


def bot_strategies() -> list[dict[str, str]]:
    """The bot strategies a facilitator may pick (the engine's named ones, not the
    parametrised corners its tests use), with a label and a one-line description."""
    described = {
        "cooperator": (
            _("Cooperator"),
            _("Funds every public good and signs every agreement it can afford."),
        ),
        "free-rider": (
            _("Free rider"),
            _("Puts everything into development, protects trade and closes its borders."),
        ),
        "reciprocator": (
            _("Reciprocator"),
            _("Gives to public goods as much as the other countries gave last round."),
        ),
        "fair-share": (
            _("Fair share"),
            _("Pays in proportion to its share of world emissions."),
        ),
        "pragmatist": (
            _("Pragmatist"),
            _("Guards the national interest: mostly development, enough security."),
        ),
    }
    return [
        {"value": name, "label": str(described[name][0]), "description": str(described[name][1])}
        if name in described
        else {"value": name, "label": name, "description": ""}
        for name in STRATEGIES
        if ":" not in name
    ]


def start_figures(game: Game) -> dict[str, object]:
    """The world before round 1, so charts over rounds and the debrief can start there."""
    state = new_game(game.definition, game.seed)
    return {
        "world": state.world.as_dict(),
        "countries": {
            cid: {"wealth": c.wealth, "score": c.score, "population": c.population}
            for cid, c in state.countries.items()
        },
    }


def console_config(request: HttpRequest, game: Game) -> dict[str, object]:
    """What the console's script needs besides the snapshot (rendered with json_script)."""
    return {
        "code": game.code,
        "socket": f"/ws/games/{game.code}/facilitate/",
        **links(request, game),
        "qr_url": reverse("game:qr", args=[game.code]),
        "debrief_url": reverse("game:debrief", args=[game.code]),
        "home_url": reverse("game:facilitator_home"),
        "strategies": bot_strategies(),
        "start": start_figures(game),
    }


def projector_config(request: HttpRequest, game: Game, key: str) -> dict[str, object]:
    """What the projector's script needs: its socket and links carry the projector key."""
    quoted = urlencode({"key": key})
    return {
        "code": game.code,
        "socket": f"/ws/games/{game.code}/projector/?{quoted}",
        "join_url": links(request, game)["join_url"],
        "qr_url": reverse("game:qr", args=[game.code]),
        "debrief_url": reverse("game:debrief", args=[game.code]) + f"?{quoted}",
        "start": start_figures(game),
    }


@login_required
def facilitator_home(request: HttpRequest) -> HttpResponse:
    """A facilitator's games and the form that starts a new one."""
    labels = _status_labels()
    games = [
        {
            "code": game.code,
            "title": _localized(game.scenario_data.get("title")),
            "status": game.status,
            "status_label": labels.get(game.status, game.status),
            "round": game.round,
            "rounds": game.scenario_data.get("rounds"),
            "created": game.created,
        }
        for game in games_for(request.user).order_by("-created")[:200]
    ]
    scenarios = []
    for scenario in scenarios_for(request.user):
        try:
            definition = scenario.definition
        except ScenarioError:
            continue  # a stored scenario that no longer validates cannot start a game
        scenarios.append(
            {
                "slug": scenario.slug,
                "title": _localized(definition.title.model_dump()),
                "builtin": scenario.builtin,
                "rounds": definition.rounds,
                "countries": [
                    {"id": c.id, "name": _localized(c.name.model_dump())}
                    for c in definition.countries
                ],
            }
        )
    return render(
        request,
        "game/facilitator_home.html",
        {"games": games, "scenarios": scenarios, "strategies": bot_strategies()},
    )
