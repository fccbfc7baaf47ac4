"""The pages of a game: join, the player's page, the facilitator's console, the projector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from game import identity
from game.errors import GameError
from game.models import Game
from game.services import seats


def _game(code: str) -> Game:
    try:
        return seats.find_game(code)
    except GameError:
        raise Http404 from None


def join(request: HttpRequest, code: str = "") -> HttpResponse:
    return render(request, "game/join.html", {"code": seats.normalise_code(code)})


def player(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    token = request.COOKIES.get(identity.player_cookie(game.code))
    if identity.player_from_token(token, game) is None:
        return redirect("game:join_code", code=game.code)
    return render(request, "game/player.html", {"game": game})


@login_required
def console(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    if not identity.facilitates(request.user, game):
        raise Http404
    return render(request, "game/console.html", {"game": game, "key": identity.projector_key(game)})


def projector(request: HttpRequest, code: str) -> HttpResponse:
    game = _game(code)
    if not identity.projector_allowed(request.GET.get("key"), game):
        raise Http404
    return render(request, "game/projector.html", {"game": game, "key": request.GET["key"]})
