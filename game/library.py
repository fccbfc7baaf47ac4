"""The scenario library: what a facilitator may see, and the changes they make to their own.

Built-in scenarios (``game/scenarios/*.yaml``) are read-only and shared; a facilitator
clones one, edits the copy, imports files and deletes what they own. Every change is
validated by the engine first (``load_scenario``) and refused with *every* problem, each
with the path of its field, so a teacher fixes a scenario in one pass. Games keep their own
frozen copy (``Game.scenario_data``): nothing here ever changes a game already created.

Services are keyword-only and take the acting user; they check ownership themselves, so a
view that forgot to would still not let one teacher touch another's scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from pydantic import BaseModel

from game.engine.scenario import Scenario as ScenarioDefinition
from game.engine.scenario import ScenarioError, load_scenario, with_overrides
from game.engine.simulate import play, report
from game.library_form import translate_problem
from game.models import Game, Scenario

User = AbstractBaseUser | AnonymousUser

FORMATS = ("yaml", "json")
# A scenario of 250 countries is about 100 kB; anything much larger is not a scenario.
MAX_FILE_BYTES = 1_000_000
SLUG_MAX_LENGTH = 49  # the engine's slug pattern: ^[a-z0-9][a-z0-9-]{1,48}$


# Selectors


def scenarios_for(user: User) -> QuerySet[Scenario]:
    """Scenarios ``user`` may open, preview, export, clone and play: built-ins and their own."""
    if not user.is_authenticated:
        return Scenario.objects.none()
    return Scenario.objects.filter(Q(builtin=True) | Q(owner=user))


def own_scenarios(user: User) -> QuerySet[Scenario]:
    """Scenarios ``user`` may also edit and delete."""
    if not user.is_authenticated:
        return Scenario.objects.none()
    return Scenario.objects.filter(owner=user)


def games_for(user: User) -> QuerySet[Game]:
    """Games ``user`` facilitates."""
    if not user.is_authenticated:
        return Game.objects.none()
    return Game.objects.filter(owner=user)


# Problems


@dataclass(frozen=True)
class Problem:
    """One reason a scenario cannot be used: the path of the field (``countries[3].wealth``,
    ``(top)`` for the whole document, ``(file)`` for the file itself) and what is wrong,
    in the engine's English as the documentation quotes it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def translated(self) -> str:
        """The message in the active language, for pages (the command line keeps English)."""
        return translate_problem(self.message)

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.translated()}


class ScenarioInvalid(Exception):
    """A scenario (or a file) that cannot be saved; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class NotYourScenario(Exception):
    """The user does not own the scenario they tried to change (views answer 404)."""


def problems_of(error: ScenarioError) -> list[Problem]:
    """The engine's ``"path: message"`` lines as values (paths never contain ': ')."""
    problems = []
    for line in error.problems:
        path, separator, message = line.partition(": ")
        problems.append(Problem(path, message) if separator else Problem("(top)", line))
    return problems


# Validation


def check_scenario(data: Any) -> ScenarioDefinition:
    """The engine's reading of ``data``, or ``ScenarioInvalid`` with every problem."""
    try:
        definition = load_scenario(data)
    except ScenarioError as error:
        raise ScenarioInvalid(problems_of(error)) from None
    try:
        # Stored as JSON: a YAML date or binary that pydantic accepted as text would not be.
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError):
        raise ScenarioInvalid([Problem("(top)", "holds values that are not plain data")]) from None
    return definition


def _taken(slug: str, *, other_than: int | None = None) -> bool:
    return Scenario.objects.filter(slug=slug).exclude(pk=other_than).exists()


def _slug_taken_problem(slug: str) -> Problem:
    return Problem("slug", f"'{slug}' is already used by another scenario")


def free_slug(base: str) -> str:
    """``base`` if no scenario uses it, else ``base-2``, ``base-3``… (shortened to fit)."""
    base = base[:SLUG_MAX_LENGTH].rstrip("-")
    candidate, number = base, 1
    while _taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _create(*, owner: AbstractBaseUser, data: dict[str, Any], rename: bool) -> Scenario:
    """Insert an owned row; with ``rename``, a slug taken meanwhile gets the next free one."""
    for _attempt in range(5):
        definition = check_scenario(data)
        try:
            with transaction.atomic():
                return Scenario.objects.create(
                    slug=definition.slug,
                    title_id=definition.title.id,
                    title_en=definition.title.en,
                    data=data,
                    builtin=False,
                    owner=owner,
                )
        except IntegrityError:
            if not rename:
                raise ScenarioInvalid([_slug_taken_problem(definition.slug)]) from None
            data = {**data, "slug": free_slug(definition.slug)}
    raise ScenarioInvalid([_slug_taken_problem(data.get("slug", ""))])


# Services


def clone_scenario(*, user: AbstractBaseUser, source: Scenario) -> Scenario:
    """An owned copy of a scenario ``user`` may see, under a new unique slug and title."""
    if not scenarios_for(user).filter(pk=source.pk).exists():
        raise NotYourScenario(source.slug)
    data = json.loads(json.dumps(source.data))
    title = data.get("title") if isinstance(data.get("title"), dict) else {}
    data["title"] = {
        # The scenario's own two languages, not the interface's: both texts are data.
        "id": _suffixed(str(title.get("id", source.title_id)), " (salinan)"),
        "en": _suffixed(str(title.get("en", source.title_en)), " (copy)"),
    }
    data["slug"] = free_slug(source.slug)
    return _create(owner=user, data=data, rename=True)


def _suffixed(text: str, suffix: str, limit: int = 2000) -> str:
    return text[: limit - len(suffix)] + suffix


def editing_problems(*, scenario: Scenario, data: Any) -> list[Problem]:
    """Everything ``save_scenario`` would refuse in ``data``, without saving: the editor
    asks this while the teacher types."""
    try:
        definition = check_scenario(data)
    except ScenarioInvalid as error:
        return error.problems
    if definition.slug != scenario.slug and _taken(definition.slug, other_than=scenario.pk):
        return [_slug_taken_problem(definition.slug)]
    return []


def save_scenario(*, user: AbstractBaseUser, scenario: Scenario, data: Any) -> Scenario:
    """Replace an owned scenario's definition (and slug, if ``data`` renames it).

    Runs under the scenario's row lock, so two saves never interleave. Games created from
    the scenario keep the copy they were created with.
    """
    definition = check_scenario(data)
    with transaction.atomic():
        row = Scenario.objects.select_for_update().filter(pk=scenario.pk).first()
        if row is None or row.builtin or row.owner_id != user.pk:
            raise NotYourScenario(scenario.slug)
        if definition.slug != row.slug and _taken(definition.slug, other_than=row.pk):
            raise ScenarioInvalid([_slug_taken_problem(definition.slug)])
        row.slug = definition.slug
        row.title_id = definition.title.id
        row.title_en = definition.title.en
        row.data = data
        row.save()
    return row


def import_scenario(
    *,
    owner: AbstractBaseUser,
    data: Any,
    slug: str | None = None,
    rename_if_taken: bool = False,
) -> Scenario:
    """A new scenario of ``owner`` from a file's data; ``slug`` replaces the file's.

    A slug already in use is a problem, or, with ``rename_if_taken`` (the library page),
    the next free one (``kelas-6-2``).
    """
    if isinstance(data, dict) and slug:
        data = {**data, "slug": slug}
    definition = check_scenario(data)
    if _taken(definition.slug):
        if not rename_if_taken:
            raise ScenarioInvalid([_slug_taken_problem(definition.slug)])
        data = {**data, "slug": free_slug(definition.slug)}
    return _create(owner=owner, data=data, rename=rename_if_taken)


def delete_scenario(*, user: AbstractBaseUser, scenario: Scenario) -> None:
    """Delete an owned scenario; games played with it keep their copy and their history."""
    with transaction.atomic():
        deleted, _rows = Scenario.objects.filter(
            pk=scenario.pk, builtin=False, owner_id=user.pk
        ).delete()
    if not deleted:
        raise NotYourScenario(scenario.slug)


# Files


def read_scenario_text(text: str, *, name: str = "") -> Any:
    """Parse a scenario file: JSON when the name ends in ``.json``, YAML otherwise (YAML
    also reads JSON). The result still has to pass ``check_scenario``."""
    if Path(name).suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ScenarioInvalid([Problem("(file)", f"is not valid JSON: {error}")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise ScenarioInvalid([Problem("(file)", f"is not valid YAML: {detail}")]) from None


def read_scenario_bytes(content: bytes, *, name: str = "") -> Any:
    if len(content) > MAX_FILE_BYTES:
        raise ScenarioInvalid([Problem("(file)", f"is larger than {MAX_FILE_BYTES} bytes")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioInvalid([Problem("(file)", "is not UTF-8 text")]) from None
    return read_scenario_text(text, name=name)


def scenario_file(scenario: Scenario, file_format: str) -> str:
    """The scenario as a file in the built-in files' schema, fields in the schema's order."""
    data = _in_schema_order(scenario.data, ScenarioDefinition)
    if file_format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if file_format == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    raise ValueError(f"unknown format {file_format!r} (use {' or '.join(FORMATS)})")


def _in_schema_order(value: Any, model: type[BaseModel]) -> Any:
    """PostgreSQL's jsonb sorts keys; a file reads better in the order the schema documents."""
    if not isinstance(value, dict):
        return value
    fields = model.model_fields
    keys = [key for key in fields if key in value] + [key for key in value if key not in fields]
    ordered = {}
    for key in keys:
        nested = _model_in(fields[key].annotation) if key in fields else None
        item = value[key]
        if nested is not None and isinstance(item, list):
            item = [_in_schema_order(element, nested) for element in item]
        elif nested is not None:
            item = _in_schema_order(item, nested)
        ordered[key] = item
    return ordered


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


# Preview: a whole game played by bots, before a lesson


class PreviewRefused(ValueError):
    """A preview that would take too long, or bots that do not exist; the message says why."""


# The engine's own limits today; checked here too so a preview stays bounded (about a second
# at the largest) even if the engine's limits grow.
MAX_PREVIEW_ROUNDS = 30
MAX_PREVIEW_COUNTRIES = 250


def preview_scenario(
    definition: ScenarioDefinition, *, strategies: list[str], seed: int, expected_value: bool
) -> dict[str, Any]:
    """``simulate.report`` of the scenario played by ``strategies`` (one for every country,
    or one per country in order), with random draws or their expected values."""
    if definition.rounds > MAX_PREVIEW_ROUNDS:
        raise PreviewRefused(f"a preview plays at most {MAX_PREVIEW_ROUNDS} rounds")
    if len(definition.countries) > MAX_PREVIEW_COUNTRIES:
        raise PreviewRefused(f"a preview plays at most {MAX_PREVIEW_COUNTRIES} countries")
    if definition.expected_value != expected_value:
        definition = with_overrides(definition, {"expected_value": expected_value})
    try:
        return report(play(definition, seed, strategies))
    except ValueError as error:  # an unknown strategy, or as many as no country count
        raise PreviewRefused(str(error)) from None


def preview_figures(document: dict[str, Any], definition: ScenarioDefinition) -> dict[str, Any]:
    """What the preview charts draw: one value per round for the world and each country."""
    rounds = document["rounds"]
    return {
        "rounds": [record["round"] for record in rounds],
        "years": [record["year"] for record in rounds],
        "warming": [record["warming"] for record in rounds],
        "gini": [record["gini"] for record in rounds],
        "countries": [
            {
                "id": country.id,
                "name": {"id": country.name.id, "en": country.name.en},
                "bot": document["bots"][country.id],
                "wealth": [record["countries"][country.id]["wealth"] for record in rounds],
                "score": [record["countries"][country.id]["score"] for record in rounds],
            }
            for country in definition.countries
        ],
    }
