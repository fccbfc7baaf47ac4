"""``manage.py export_scenario SLUG [--format yaml|json]``: a scenario as a file, on stdout.

Any scenario in the database, built-in or a facilitator's, in the schema of the built-in
files, so ``import_scenario`` (or the library page) reads it back unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.library import FORMATS, scenario_file
from game.models import Scenario


class Command(BaseCommand):
    help = "Write a scenario to standard output as YAML (the default) or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the scenario's slug, e.g. kelas-6")
        parser.add_argument("--format", choices=FORMATS, default="yaml", dest="file_format")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        scenario = Scenario.objects.filter(slug=slug).first()
        if scenario is None:
            known = ", ".join(Scenario.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"no scenario with the slug '{slug}' (known: {known or 'none'})", returncode=2
            )
        self.stdout.write(scenario_file(scenario, options["file_format"]), ending="")
