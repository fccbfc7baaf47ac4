"""The documentation says what the code does.

docs/scenarios.md has one table per section of a scenario, under a heading that names the
pydantic model last, e.g. "## `economy` (`EconomyRules`)". Every field of every model must
have a row there, and the row's default must be the model's default. docs/game-model.md
must describe every bot strategy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from game.engine import scenario
from game.engine.bots import STRATEGIES

DOCS = Path(__file__).resolve().parents[2] / "docs"
HEADING_WITH_MODEL = re.compile(r"^#+ .*\(`(?P<model>[A-Z]\w*)`\)\s*$")

# How the tables write a default that is not a number, a word or true / false.
REQUIRED = "required"  # the field has no default
SECTION = "see below"  # a nested model, documented in its own table
NONE = "none"  # None or an empty list

MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(scenario).items()
    if isinstance(value, type) and issubclass(value, scenario.Rules) and value is not scenario.Rules
}


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def field_tables(markdown: str) -> dict[str, dict[str, dict[str, str]]]:
    """Model name → field → {column header: cell}, for tables under a heading naming a model."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    model = None
    header = None
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("#"):
            match = HEADING_WITH_MODEL.match(line)
            model = match["model"] if match else None
            continue
        if not line.startswith("|"):
            header = None
            continue
        if model is None:
            continue
        row = cells(line)
        if header is None:
            header = row
        elif not set("".join(row)) <= set("-: "):  # skip the |---| separator
            record = dict(zip(header, row, strict=True))
            tables.setdefault(model, {})[record["field"].strip("`")] = record
    return tables


def documented(cell: str) -> object:
    """A default as the table writes it, as a Python value."""
    text = cell.replace("`", "").strip().strip('"').replace("−", "-")
    if text == NONE:
        return None
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text)
    except ValueError:
        return text


def in_code(field: FieldInfo) -> object:
    """A field's default as the documentation should write it."""
    if field.is_required():
        return REQUIRED
    default = field.get_default(call_default_factory=True)
    if isinstance(default, BaseModel):
        return SECTION
    if default is None or default == ():
        return None
    return default


def same(written: object, actual: object) -> bool:
    if isinstance(written, bool) or isinstance(actual, bool):
        return written is actual
    return written == actual


TABLES = field_tables((DOCS / "scenarios.md").read_text(encoding="utf-8"))


def test_the_parser_reads_a_table_under_a_model_heading():
    markdown = "\n".join(
        [
            "## `phases` (`Phases`)",
            "| field | meaning | default |",
            "|---|---|---|",
            "| `briefing` | reading | 60 |",
            "| `effects` | changes | none |",
            "",
            "## Built-in scenarios",
            "| slug | countries |",
            "|---|---|",
            "| `kelas-6` | 6 |",
        ]
    )
    tables = field_tables(markdown)
    assert list(tables) == ["Phases"]
    assert documented(tables["Phases"]["briefing"]["default"]) == 60
    assert documented(tables["Phases"]["effects"]["default"]) is None
    assert documented("−4.0") == -4.0
    assert documented('`"*"`') == "*"


def test_every_documented_section_is_a_model_of_the_code():
    assert set(TABLES) <= set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_field_is_documented_with_the_default_of_the_code(name):
    model = MODELS[name]
    assert name in TABLES, f"docs/scenarios.md has no table under a heading ending (`{name}`)"
    table = TABLES[name]
    assert set(table) == set(model.model_fields), (
        f"{name}: undocumented {sorted(set(model.model_fields) - set(table))}, "
        f"not in the code {sorted(set(table) - set(model.model_fields))}"
    )
    wrong = {
        field: {"docs": table[field]["default"], "code": in_code(info)}
        for field, info in model.model_fields.items()
        if not same(documented(table[field]["default"]), in_code(info))
    }
    assert not wrong, f"{name}: defaults in docs/scenarios.md differ from the code: {wrong}"


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_bot_strategy_is_described_in_the_game_model(strategy):
    assert f"`{strategy}`" in (DOCS / "game-model.md").read_text(encoding="utf-8")
