"""Pages of the game: the scenario list and the health check."""

import logging
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from game.engine.scenario import ScenarioError
from game.health import OK, check_channel_layer, check_database
from game.models import Scenario

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScenarioCard:
    """What the home page shows of one scenario, already in the viewer's language."""

    slug: str
    title: str
    description: str
    countries: int
    rounds: int
    first_year: int
    last_year: int
    builtin: bool


def scenario_card(scenario: Scenario, language: str) -> ScenarioCard:
    """Project a stored scenario for a reader of ``language``."""
    definition = scenario.definition
    return ScenarioCard(
        slug=scenario.slug,
        title=definition.title.get(language),
        description=definition.description.get(language),
        countries=len(definition.countries),
        rounds=definition.rounds,
        first_year=definition.start_year,
        # The year the last round is played, as the scenario texts count ("2025–2050").
        last_year=definition.year_of(definition.rounds),
        builtin=scenario.builtin,
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The scenarios a class can play, in the visitor's language."""
    language = "en" if (get_language() or "").startswith("en") else "id"
    cards = []
    # The public page shows the built-in scenarios; facilitators find their own in the library.
    for scenario in Scenario.objects.filter(builtin=True):
        try:
            cards.append(scenario_card(scenario, language))
        except ScenarioError as error:
            # A row written under an older engine: keep the page up, tell the operator.
            logger.error("scenario %s no longer validates: %s", scenario.slug, error.problems)
    cards.sort(key=lambda card: (not card.builtin, card.title.casefold()))
    return render(request, "game/home.html", {"cards": cards})


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """Whether this process can serve a game: 200 when both services answer, else 503."""
    database = await sync_to_async(check_database)()
    channel_layer = await check_channel_layer()
    healthy = database == OK and channel_layer == OK
    return JsonResponse(
        {
            "database": database,
            "channel_layer": channel_layer,
            "status": "ok" if healthy else "degraded",
        },
        status=200 if healthy else 503,
    )
