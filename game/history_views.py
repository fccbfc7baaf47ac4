"""The facilitator's pages about games already played: the history of their games, the
debrief report, the round-by-round replay, the downloads, and the facilitator guide.

All of them are read-only projections of a game's log. A game's pages answer 404 to anyone
but the facilitator who runs it (as the console does), so a code cannot be probed; a visitor
who is not logged in is sent to the login page first.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from game import exports, identity
from game.errors import GameError
from game.guide import guide as guide_for
from game.models import Game, GameEvent, Player
from game.report import after_round, build_report, resolved_rounds, round_view
from game.report.names import language_of
from game.services import seats

FINISHED = ("finished", "archived")


def _own_game(request: HttpRequest, code: str) -> Game:
    try:
        game = seats.find_game(code)
    except GameError:
        raise Http404 from None
    if not identity.facilitates(request.user, game):
        raise Http404
    return game


def _language() -> str:
    return language_of(get_language())


def _count(rows: QuerySet) -> Coalesce:
    """How many of ``rows`` belong to each game, as a subquery (two joined counts would
    multiply each other)."""
    per_game = rows.filter(game=OuterRef("pk")).values("game").annotate(n=Count("pk"))
    return Coalesce(Subquery(per_game.values("n"), output_field=IntegerField()), 0)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """The facilitator's finished and archived games, newest first."""
    language = _language()
    games = (
        Game.objects.filter(owner=request.user, status__in=FINISHED)
        .annotate(
            rounds_played=_count(GameEvent.objects.filter(type="round_resolved")),
            players_count=_count(Player.objects.all()),
        )
        .order_by("-updated")
    )
    rows = [
        {
            "game": game,
            "title": (game.scenario_data.get("title") or {}).get(language, game.code),
            "rounds": game.rounds_played,
            "rounds_total": game.scenario_data.get("rounds"),
        }
        for game in games
    ]
    return render(request, "game/history.html", {"rows": rows})


@login_required
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    game = _own_game(request, code)
    debrief = build_report(game, _language())
    return render(request, "game/report.html", {"game": game, "report": debrief})


@login_required
@require_GET
def replay(request: HttpRequest, code: str) -> HttpResponse:
    """The world as it stood after round ``?round=N`` (0: the start; default: the last)."""
    game = _own_game(request, code)
    total = resolved_rounds(game)
    raw = request.GET.get("round", "")
    try:
        number = int(raw) if raw else total
        session, news = after_round(game, number)
    except (ValueError, LookupError):
        raise Http404 from None
    view = round_view(session, news, number, total, _language())
    return render(
        request,
        "game/replay.html",
        {"game": game, "view": view, "title": session.scenario.title.get(_language())},
    )


@login_required
@require_GET
def exports_index(request: HttpRequest, code: str) -> HttpResponse:
    game = _own_game(request, code)
    return render(
        request,
        "game/exports.html",
        {
            "game": game,
            "exports": exports.EXPORTS.values(),
            "research_columns": exports.RESEARCH_COLUMNS,
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, code: str, key: str, extension: str) -> HttpResponse:
    """One export as a download: ``?anonymise=1`` pseudonymises the conversations."""
    game = _own_game(request, code)
    if key not in exports.EXPORTS or extension not in exports.FORMATS:
        raise Http404
    anonymise = exports.EXPORTS[key].anonymisable and request.GET.get("anonymise") in ("1", "true")
    folded = exports.fold(game)
    data = exports.table(key, folded, language=_language(), anonymise=anonymise)
    name = exports.filename(game, key, extension, anonymised=anonymise)
    if extension == "csv":
        return exports.csv_response(data, name)
    return exports.json_response(data, name, exports.about(folded, key, anonymised=anonymise))


@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    """The facilitator guide in the page's language (public: a teacher reads it before
    deciding to run a game)."""
    return render(request, "game/guide.html", {"guide": guide_for(_language())})
