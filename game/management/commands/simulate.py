"""``manage.py simulate``: preview a scenario played by bots, as a table or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.engine.library import built_in, read_scenario
from game.engine.scenario import Scenario, ScenarioError, with_overrides, with_rounds
from game.engine.simulate import play, report


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Play a scenario with bots and print what happens each round."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenario", help="a built-in scenario slug or a YAML/JSON file")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--rounds", type=int, help="play this many rounds (later milestones and news drop)"
        )
        parser.add_argument(
            "--bots",
            default="cooperator",
            help="strategies in country order, comma separated; one strategy plays all "
            "(cooperator, free-rider, reciprocator, fair-share, pragmatist, fixed:X, "
            "all:LINE, shares:D/M/S/G/A)",
        )
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override a parameter by dotted path, e.g. climate.disaster_probability=0.5",
        )
        parser.add_argument("--expected", action="store_true", help="expected values, no draws")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        scenario = self._scenario(options)
        try:
            simulation = play(scenario, options["seed"], options["bots"].split(","))
        except ValueError as error:
            raise _fail(str(error)) from None
        document = report(simulation)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(document, scenario))

    def _scenario(self, options: dict[str, Any]) -> Scenario:
        overrides = dict(_pair(item) for item in options["set"])
        if options["expected"]:
            overrides["expected_value"] = True
        try:
            scenario = _find(options["scenario"])
            if options["rounds"] is not None:
                scenario = with_rounds(scenario, options["rounds"])
            return with_overrides(scenario, overrides) if overrides else scenario
        except ScenarioError as error:
            raise _fail("invalid scenario:\n  " + "\n  ".join(error.problems)) from None


def _find(name: str) -> Scenario:
    path = Path(name)
    if path.suffix in {".yaml", ".yml", ".json"}:
        if not path.exists():
            raise _fail(f"no scenario file at {path}")
        return read_scenario(path)
    try:
        return built_in(name)
    except KeyError as error:
        raise _fail(str(error.args[0])) from None


def _pair(item: str) -> tuple[str, Any]:
    key, separator, value = item.partition("=")
    if not separator or not key:
        raise _fail(f"--set needs KEY=VALUE, got '{item}'")
    return key.strip(), yaml.safe_load(value)


def render_table(document: dict[str, Any], scenario: Scenario) -> str:
    lines = [f"{scenario.title.en}  (seed {document['seed']}, bots: {_bots(document)})", ""]
    ids = scenario.country_ids
    width = max(len(cid) for cid in ids) + 2
    for record in document["rounds"]:
        lines.append(
            f"Round {record['round']} ({record['year']}): warming {record['warming']:.2f}°C  "
            f"disasters {record['disasters']}  attacks {record['attacks']:.1f}  "
            f"migrants {record['migrants']:.2f}M  Gini {record['gini']:.3f}"
        )
        for cid in ids:
            values = record["countries"][cid]
            lines.append(
                f"  {cid:<{width}} wealth {values['wealth']:>12,.2f}   score {values['score']:7.1f}"
            )
        for item in record["events"]:
            lines.append(f"  · {item['headline']['en']}")
        lines.append("")
    final = document["final"]
    lines.append(f"Final: Gini {final['gini']:.3f}, world welfare {final['world_welfare']:,.3f}")
    return "\n".join(lines)


def _bots(document: dict[str, Any]) -> str:
    strategies = sorted(set(document["bots"].values()))
    return ", ".join(strategies)
