"""``manage.py load_scenarios``: put the built-in scenario files into the database."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.builtin_scenarios import (
    ScenarioFilesInvalid,
    install_builtin_scenarios,
    read_scenario_files,
)

# Distinct from Django's 1 for "the command failed": 2 tells a deploy script that the data
# is wrong, not the machine (the convention of `diff` and `grep` for bad input).
EXIT_INVALID_FILES = 2


class Command(BaseCommand):
    help = (
        "Create or update a built-in scenario for every YAML file in the scenario folder. "
        "Safe to run on every deploy; a bad file changes nothing and exits with status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="folder of *.yaml scenario files (default: settings.BUILTIN_SCENARIO_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or Path(settings.BUILTIN_SCENARIO_DIR)
        try:
            files = read_scenario_files(directory)
            outcomes = install_builtin_scenarios(files)
        except ScenarioFilesInvalid as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{len(error.problems)} problem(s) in the scenario files; nothing was loaded",
                returncode=EXIT_INVALID_FILES,
            ) from None
        for (slug, outcome), file in zip(outcomes, files, strict=True):
            countries = len(file.definition.countries)
            self.stdout.write(
                f"{outcome.value:<9} {slug}  ({countries} countries, "
                f"{file.definition.rounds} rounds) from {file.path.name}"
            )
