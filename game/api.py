"""HTTP endpoints the pages and scripted clients use to create and join games.

Everything that changes a game goes through a service; these views only translate HTTP
(a form or JSON body, a cookie) to a service call and its answer to JSON.
"""

from __future__ import annotations

import io
import json
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views import csrf as csrf_views
from django.views.decorators.http import require_GET, require_POST

from game import identity
from game.engine.counterfactual import all_pledges_kept
from game.engine.events import ENGINE_EVENTS, Event
from game.engine.game import new_game, summary
from game.errors import GameError
from game.library import scenarios_for
from game.models import Game
from game.services import seats
from game.session import recorded, sessions


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise GameError("bad_json") from None
        if not isinstance(data, dict):
            raise GameError("bad_json")
        return data
    return request.POST.dict()


def request_language(request: HttpRequest) -> str:
    """``?lang=`` first (as on the sockets), then the language Django chose for the request."""
    wanted = request.GET.get("lang") or get_language() or ""
    return "en" if wanted.startswith("en") else "id"


def _error(error: GameError, *, request: HttpRequest, status: int = 400) -> JsonResponse:
    return JsonResponse(error.payload(request_language(request)), status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Scripts calling the JSON API get a JSON answer; pages get Django's usual one."""
    if request.path.startswith("/api/"):
        return _error(GameError("csrf"), status=403, request=request)
    return csrf_views.csrf_failure(request, reason=reason)


def links(request: HttpRequest, game: Game) -> dict[str, str]:
    join = request.build_absolute_uri(reverse("game:join_code", args=[game.code]))
    projector = request.build_absolute_uri(
        reverse("game:projector", args=[game.code]) + f"?key={identity.projector_key(game)}"
    )
    return {"join_url": join, "projector_url": projector}


@login_required
@require_POST
def create_game(request: HttpRequest) -> JsonResponse:
    try:
        data = _body(request)
        scenario = scenarios_for(request.user).filter(slug=data.get("scenario", "")).first()
        if scenario is None:
            raise GameError("invalid", field="scenario", path="scenario", problem="unknown")
        seed = data.get("seed")
        game = seats.create_game(
            owner=request.user,
            scenario=scenario,
            seed=int(seed) if seed not in (None, "") else None,
            in_character=bool(data.get("in_character")),
            bots=data.get("bots") or None,
        )
    except GameError as error:
        return _error(error, request=request)
    return JsonResponse({"code": game.code, **links(request, game)}, status=201)


@require_POST
def join(request: HttpRequest, code: str) -> JsonResponse:
    """A student joins with a display name; the answer sets their seat cookie."""
    try:
        data = _body(request)
        civil = str(data.get("civil", "")).lower() in ("1", "true", "on", "yes")
        player = seats.join_game(code=code, name=str(data.get("name", "")), civil=civil)
    except GameError as error:
        return _error(error, status=404 if error.code == "unknown_code" else 400, request=request)
    game = player.game
    response = JsonResponse({"code": game.code, "player": player.pk}, status=201)
    response.set_cookie(
        identity.player_cookie(game.code),
        identity.player_token(game, player.pk),
        max_age=identity.COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_GET
def qr_code(request: HttpRequest, code: str) -> HttpResponse:
    """The join link as an SVG QR code, for the lobby screen."""
    try:
        game = seats.find_game(code)
    except GameError as error:
        return _error(error, status=404, request=request)
    url = request.build_absolute_uri(reverse("game:join_code", args=[game.code]))
    buffer = io.BytesIO()
    # A standalone SVG document (with its namespace), so it also draws inside an <img>.
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, scale=8, dark="#111", light="#fff"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_GET
def debrief(request: HttpRequest, code: str) -> JsonResponse:
    """The end-of-game comparison: the game as played, as it began, and as it would have
    gone had every pledge been kept. For the facilitator and the projector."""
    try:
        game = seats.find_game(code)
    except GameError as error:
        return _error(error, status=404, request=request)
    key = request.GET.get("key")
    if not (identity.facilitates(request.user, game) or identity.projector_allowed(key, game)):
        return _error(GameError("facilitator_only"), status=404, request=request)
    session = sessions.current(game)
    events = [Event(e.type, e.data) for e in recorded(game) if e.type in ENGINE_EVENTS]
    kept = all_pledges_kept(session.scenario, game.seed, events)
    return JsonResponse(
        {
            "start": summary(new_game(session.scenario, game.seed)),
            "actual": summary(session.state),
            "counterfactual": summary(kept),
        }
    )
