"""Built-in scenarios: the YAML files shipped in ``game/scenarios/``, kept in the database.

Loading is all or nothing. Every file is read and validated by the engine first, and only
if none has a problem are the rows written, in one transaction: a teacher who broke one
file sees every mistake in every file at once, and the catalogue is never half updated.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from game.engine.scenario import Scenario as ScenarioDefinition
from game.engine.scenario import ScenarioError, load_scenario
from game.models import Scenario


class ScenarioFilesInvalid(Exception):
    """One or more scenario files cannot be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ScenarioFile:
    """One validated file: the raw data as written and the engine's reading of it."""

    path: Path
    data: dict[str, Any]
    definition: ScenarioDefinition


def read_scenario_files(directory: Path) -> list[ScenarioFile]:
    """Read and validate every ``*.yaml`` file in ``directory``, sorted by name.

    Raises ``ScenarioFilesInvalid`` with every problem of every file, each prefixed with
    the file's name, so the list can be fixed in one pass.
    """
    if not directory.is_dir():
        raise ScenarioFilesInvalid([f"{directory}: is not a directory"])
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ScenarioFilesInvalid([f"{directory}: has no *.yaml scenario files"])
    files: list[ScenarioFile] = []
    problems: list[str] = []
    for path in paths:
        try:
            files.append(_read_one(path))
        except ScenarioFilesInvalid as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_slugs(files))
    if problems:
        raise ScenarioFilesInvalid(problems)
    return files


def install_builtin_scenarios(files: Sequence[ScenarioFile]) -> list[tuple[str, Outcome]]:
    """Create or update one built-in ``Scenario`` row per file; returns (slug, outcome).

    Idempotent: a file that matches its row leaves the row untouched, ``updated`` included.
    A slug already taken by a facilitator's own scenario is refused rather than overwritten.
    """
    with transaction.atomic():
        outcomes = [_upsert(file) for file in files]
        refused = [
            f"{file.path.name}: slug '{slug}' is already used by a facilitator's own scenario"
            for file, (slug, outcome) in zip(files, outcomes, strict=True)
            if outcome is None
        ]
        if refused:
            # Raising inside the block rolls back the rows already written.
            raise ScenarioFilesInvalid(refused)
    return [(slug, outcome) for slug, outcome in outcomes if outcome is not None]


def _read_one(path: Path) -> ScenarioFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first_line = str(error).strip().splitlines()[0]
        raise ScenarioFilesInvalid([f"{path.name}: cannot be read as YAML: {first_line}"]) from None
    try:
        definition = load_scenario(data)
    except ScenarioError as error:
        raise ScenarioFilesInvalid(
            [f"{path.name}: {problem}" for problem in error.problems]
        ) from None
    return ScenarioFile(path=path, data=data, definition=definition)


def _duplicate_slugs(files: Sequence[ScenarioFile]) -> list[str]:
    first_file: dict[str, str] = {}
    problems = []
    for file in files:
        slug = file.definition.slug
        if slug in first_file:
            problems.append(f"{file.path.name}: slug '{slug}' is also used by {first_file[slug]}")
        else:
            first_file[slug] = file.path.name
    return problems


def _upsert(file: ScenarioFile) -> tuple[str, Outcome | None]:
    """Write one row under a row lock; outcome None means the slug is not a built-in's."""
    definition = file.definition
    fields = {
        "title_id": definition.title.id,
        "title_en": definition.title.en,
        "data": file.data,
        "builtin": True,
        "owner": None,
    }
    row = Scenario.objects.select_for_update().filter(slug=definition.slug).first()
    if row is None:
        Scenario.objects.create(slug=definition.slug, **fields)
        return definition.slug, Outcome.CREATED
    if not row.builtin:
        return definition.slug, None
    if all(getattr(row, name) == value for name, value in fields.items()):
        return definition.slug, Outcome.UNCHANGED
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return definition.slug, Outcome.UPDATED
