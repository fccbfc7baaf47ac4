"""Pages of the scenario library (/facilitate/scenarios/): list, import, open, preview, edit,
validate, save, clone, export and delete.

Thin: each view finds the scenario through a selector of ``game.library`` (a scenario the
user may not see is a 404, never a 403 that would confirm it exists), calls one service and
turns its answer or its problems into a page or JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from game import library
from game.engine.scenario import Scenario as ScenarioDefinition
from game.engine.scenario import ScenarioError
from game.library_form import STRATEGY_EXAMPLES, PreviewForm, UploadForm, editor_schema
from game.models import Scenario
from game.views import scenario_card

CONTENT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "id"


def _cards(scenarios: Any) -> list[Any]:
    cards = []
    for scenario in scenarios:
        try:
            cards.append(scenario_card(scenario, _language()))
        except ScenarioError:
            continue  # a row an older engine accepted; still listed below by slug
    return cards


@login_required
@require_GET
def scenario_library(request: HttpRequest) -> HttpResponse:
    return _library_page(request, UploadForm(), problems=[])


def _library_page(
    request: HttpRequest, form: UploadForm, problems: list[library.Problem], status: int = 200
) -> HttpResponse:
    own = library.own_scenarios(request.user).order_by("title_id", "slug")
    cards = {card.slug: card for card in _cards(own)}
    return render(
        request,
        "game/library/library.html",
        {
            "own": [{"scenario": row, "card": cards.get(row.slug)} for row in own],
            "builtins": _cards(Scenario.objects.filter(builtin=True)),
            "upload_form": form,
            "upload_problems": [problem.as_dict() for problem in problems],
        },
        status=status,
    )


@login_required
@require_POST
def scenario_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _library_page(request, form, problems=[], status=400)
    upload = form.cleaned_data["file"]
    try:
        data = library.read_scenario_bytes(
            upload.read(library.MAX_FILE_BYTES + 1), name=upload.name
        )
        scenario = library.import_scenario(
            owner=request.user,
            data=data,
            slug=form.cleaned_data["slug"] or None,
            rename_if_taken=True,
        )
    except library.ScenarioInvalid as error:
        return _library_page(request, form, problems=error.problems, status=400)
    messages.success(request, _("Imported “%(title)s” as %(slug)s.") % _title_and_slug(scenario))
    return redirect("game:scenario_detail", slug=scenario.slug)


def _title_and_slug(scenario: Scenario) -> dict[str, str]:
    title = scenario.title_en if _language() == "en" else scenario.title_id
    return {"title": title, "slug": scenario.slug}


def _visible(request: HttpRequest, slug: str) -> Scenario:
    return get_object_or_404(library.scenarios_for(request.user), slug=slug)


def _own(request: HttpRequest, slug: str) -> Scenario:
    return get_object_or_404(library.own_scenarios(request.user), slug=slug)


def _definition(scenario: Scenario) -> ScenarioDefinition | None:
    try:
        return scenario.definition
    except ScenarioError:
        return None


@login_required
@require_GET
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = _visible(request, slug)
    definition = _definition(scenario)
    form = PreviewForm(definition=definition) if definition else None
    return _scenario_page(request, scenario, definition, form)


@login_required
@require_GET
def scenario_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The scenario's page with a whole game played by bots (GET: a preview changes nothing)."""
    scenario = _visible(request, slug)
    definition = _definition(scenario)
    if definition is None:
        return _scenario_page(request, scenario, None, None, status=400)
    # Without choices (a bare link), the defaults: every country a cooperator, seed 1.
    choices = request.GET or {"mode": "all", "strategy": "cooperator", "seed": 1}
    form = PreviewForm(choices, definition=definition)
    if not form.is_valid():
        return _scenario_page(request, scenario, definition, form, status=400)
    try:
        document = library.preview_scenario(
            definition,
            strategies=form.cleaned_data["strategies"],
            seed=form.cleaned_data["seed"],
            expected_value=form.cleaned_data["expected_value"],
        )
    except library.PreviewRefused as error:
        form.add_error(None, str(error))
        return _scenario_page(request, scenario, definition, form, status=400)
    return _scenario_page(request, scenario, definition, form, document=document)


def _scenario_page(
    request: HttpRequest,
    scenario: Scenario,
    definition: ScenarioDefinition | None,
    form: PreviewForm | None,
    *,
    document: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    context: dict[str, Any] = {
        "scenario": scenario,
        "definition": definition,
        "title": scenario.title_en if language == "en" else scenario.title_id,
        "own": scenario.owner_id == request.user.pk,
        "form": form,
        "strategies": STRATEGY_EXAMPLES,
        "games": library.games_for(request.user).filter(scenario=scenario).count(),
    }
    if definition is not None:
        context["description"] = definition.description.get(language)
        context["last_year"] = definition.year_of(definition.rounds)
        context["countries"] = [
            {"country": country, "name": country.name.get(language)}
            for country in definition.countries
        ]
        context["events"] = [
            {"round": event.round, "headline": event.headline.get(language)}
            for event in definition.events
        ]
    else:
        context["problems"] = [
            problem.as_dict()
            for problem in library.editing_problems(scenario=scenario, data=scenario.data)
        ]
    if document is not None:
        names = {country.id: country.name.get(language) for country in definition.countries}
        final = document["final"]
        context["preview"] = {
            "rounds": document["rounds"],
            "final": final,
            "countries": [
                {
                    "name": names[cid],
                    "bot": document["bots"][cid],
                    "wealth": values["wealth"],
                    "score": values["score"],
                }
                for cid, values in final["countries"].items()
            ],
            "figures": library.preview_figures(document, definition),
        }
    return render(request, "game/library/scenario.html", context, status=status)


@login_required
@require_GET
def scenario_edit(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = _own(request, slug)
    definition = _definition(scenario)
    # Every field filled in (defaults included), so the form shows what the game will use.
    data = definition.model_dump(mode="json") if definition else scenario.data
    return render(
        request,
        "game/library/edit.html",
        {
            "scenario": scenario,
            "title": scenario.title_en if _language() == "en" else scenario.title_id,
            "editor_data": data,
            "editor_schema": editor_schema(),
            "editor_config": {
                "validateUrl": reverse("game:scenario_validate", args=[scenario.slug]),
                "saveUrl": reverse("game:scenario_save", args=[scenario.slug]),
                "detailUrl": reverse("game:scenario_detail", args=[scenario.slug]),
                "language": _language(),
            },
        },
    )


def _posted_data(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise library.ScenarioInvalid(
            [library.Problem("(top)", "is not valid JSON: the editor sent a broken request")]
        ) from None


def _problems_response(problems: list[library.Problem], status: int = 200) -> JsonResponse:
    return JsonResponse(
        {"valid": not problems, "problems": [problem.as_dict() for problem in problems]},
        status=status,
    )


@login_required
@require_POST
def scenario_validate(request: HttpRequest, slug: str) -> JsonResponse:
    """Every problem the scenario in the body has, each with its field's path; saves nothing."""
    scenario = _own(request, slug)
    try:
        data = _posted_data(request)
    except library.ScenarioInvalid as error:
        return _problems_response(error.problems, status=400)
    return _problems_response(library.editing_problems(scenario=scenario, data=data))


@login_required
@require_POST
def scenario_save(request: HttpRequest, slug: str) -> JsonResponse:
    """Validate again and save; an invalid scenario is refused with every problem (400)."""
    scenario = _own(request, slug)
    try:
        saved = library.save_scenario(
            user=request.user, scenario=scenario, data=_posted_data(request)
        )
    except library.ScenarioInvalid as error:
        return _problems_response(error.problems, status=400)
    except library.NotYourScenario:
        raise Http404 from None
    return JsonResponse(
        {
            "valid": True,
            "problems": [],
            "slug": saved.slug,
            "detailUrl": reverse("game:scenario_detail", args=[saved.slug]),
            "editUrl": reverse("game:scenario_edit", args=[saved.slug]),
            "validateUrl": reverse("game:scenario_validate", args=[saved.slug]),
            "saveUrl": reverse("game:scenario_save", args=[saved.slug]),
        }
    )


@login_required
@require_POST
def scenario_clone(request: HttpRequest, slug: str) -> HttpResponse:
    source = _visible(request, slug)
    try:
        clone = library.clone_scenario(user=request.user, source=source)
    except library.ScenarioInvalid as error:
        messages.error(
            request,
            _("This scenario cannot be copied: %(problems)s")
            % {"problems": "; ".join(f"{p.path}: {p.translated()}" for p in error.problems)},
        )
        return redirect("game:scenario_detail", slug=source.slug)
    messages.success(
        request, _("Copied as %(slug)s. Your copy is yours to change.") % {"slug": clone.slug}
    )
    return redirect("game:scenario_edit", slug=clone.slug)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_delete(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = _own(request, slug)
    if request.method == "POST":
        library.delete_scenario(user=request.user, scenario=scenario)
        messages.success(request, _("Deleted “%(title)s”.") % _title_and_slug(scenario))
        return redirect("game:scenario_library")
    return render(
        request,
        "game/library/delete.html",
        {
            "scenario": scenario,
            "title": _title_and_slug(scenario)["title"],
            "games": library.games_for(request.user).filter(scenario=scenario).count(),
        },
    )


@login_required
@require_GET
def scenario_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    if file_format not in library.FORMATS:
        raise Http404
    scenario = _visible(request, slug)
    response = HttpResponse(
        library.scenario_file(scenario, file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{scenario.slug}.{file_format}"'
    return response
