"""The built-in scenarios shipped in ``game/scenarios/``: read from YAML, validated."""

from __future__ import annotations

from pathlib import Path

import yaml

from .scenario import Scenario, ScenarioError, load_scenario

BUILT_IN = Path(__file__).resolve().parent.parent / "scenarios"


def scenario_files(directory: Path = BUILT_IN) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def read_scenario(path: Path) -> Scenario:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError([f"(file): not valid YAML: {error}"]) from None
    return load_scenario(data)


def built_in(slug: str) -> Scenario:
    path = BUILT_IN / f"{slug}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in scenario_files())
        raise KeyError(f"no built-in scenario '{slug}' (known: {known})")
    return read_scenario(path)
