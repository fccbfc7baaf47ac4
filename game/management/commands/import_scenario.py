"""``manage.py import_scenario FILE [--slug NEW] [--owner USERNAME]``: a scenario file into
a facilitator's library.

The file (YAML or JSON; ``-`` reads standard input) is checked completely first: a bad one
is refused with every problem and its field path, and exit status 2. The scenario belongs
to ``--owner``, or else to the first superuser (by id). It is never made built-in: the
built-ins are the files in ``game/scenarios/``, installed by ``load_scenarios``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.library import ScenarioInvalid, import_scenario, read_scenario_text


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Import a scenario file (YAML or JSON) into a facilitator's library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .yaml, .yml or .json file, or - for standard input")
        parser.add_argument("--slug", help="save it under this slug instead of the file's")
        parser.add_argument(
            "--owner", help="username of the facilitator it belongs to (default: first superuser)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = self._owner(options["owner"])
        name, text = self._read(options["file"])
        try:
            data = read_scenario_text(text, name=name)
            scenario = import_scenario(owner=owner, data=data, slug=options["slug"])
        except ScenarioInvalid as error:
            raise _fail(
                f"{name}: cannot be imported:\n  "
                + "\n  ".join(str(problem) for problem in error.problems)
            ) from None
        self.stdout.write(f"imported {scenario.slug} for {owner.get_username()}")

    def _owner(self, username: str | None) -> Any:
        users = get_user_model().objects
        if username:
            owner = users.filter(username=username).first()
            if owner is None:
                raise _fail(f"no user '{username}': create the account first, or choose --owner")
            return owner
        owner = users.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise _fail("no superuser to own the scenario: pass --owner USERNAME")
        return owner

    def _read(self, path_name: str) -> tuple[str, str]:
        if path_name == "-":
            return "(stdin)", sys.stdin.read()
        path = Path(path_name)
        try:
            return path.name, path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise _fail(f"no file at {path}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise _fail(f"{path}: cannot be read: {error}") from None
