"""The documentation says what the code does.

docs/scenarios.md has one table per section of a scenario, under a heading that names the
pydantic model last, e.g. "## `economy` (`EconomyRules`)". Every field of every model must
have a row there, and the row's default must be the model's default. What a field is called,
what it means, and its unit, are written once, in English and Indonesian, in
game/scenario_fields.py (the scenario editor shows them in the page's language): every field
must be there, and the tables (and the paragraph that opens a section) must show its English
meaning and unit. To copy the
texts of game/scenario_fields.py into the docs, run

    .venv/bin/python -m tests.engine.test_docs_match_code

docs/game-model.md must describe every bot strategy.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from game import scenario_fields
from game.engine import scenario
from game.engine.bots import STRATEGIES

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCENARIOS = DOCS / "scenarios.md"
HEADING_WITH_MODEL = re.compile(r"^#+ .*\(`(?P<model>[A-Z]\w*)`\)\s*$")
UNIT_COLUMNS = ("unit", "type / unit", "type")  # the header of a table's unit column, if any
WIDTH = 95  # the width the docs' paragraphs are wrapped to

# How the tables write a default that is not a number, a word or true / false.
REQUIRED = "required"  # the field has no default
SECTION = "see below"  # a nested model, documented in its own table
NONE = "none"  # None or an empty list

MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(scenario).items()
    if isinstance(value, type) and issubclass(value, scenario.Rules) and value is not scenario.Rules
}


@dataclasses.dataclass
class Section:
    """What docs/scenarios.md writes under a heading naming a model."""

    header: list[str] = dataclasses.field(default_factory=list)
    # field → column → cell, and field → the index of its row's line
    rows: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    intro: str = ""  # the paragraph between the heading and the table, lines joined
    intro_lines: tuple[int, int] | None = None  # its lines [start, end)
    heading_line: int = 0

    @property
    def unit_column(self) -> str | None:
        return next((name for name in UNIT_COLUMNS if name in self.header), None)


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def sections(markdown: str) -> dict[str, Section]:
    """Model name → its table (and opening paragraph), for headings naming a model."""
    found: dict[str, Section] = {}
    section: Section | None = None
    header = None
    in_code = False
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("#"):
            match = HEADING_WITH_MODEL.match(line)
            section = found.setdefault(match["model"], Section()) if match else None
            if section is not None:
                section.heading_line = index
            header = None
            continue
        if section is None:
            continue
        if not line.startswith("|"):
            header = None
            if line.strip() and not section.header and section.intro_lines is None:
                end = index
                while end < len(lines) and lines[end].strip() and not starts_a_block(lines[end]):
                    end += 1
                section.intro_lines = (index, end)
                section.intro = " ".join(text.strip() for text in lines[index:end])
            continue
        row = cells(line)
        if header is None:
            header = row
            section.header = section.header or row
        elif not set("".join(row)) <= set("-: "):  # skip the |---| separator
            record = dict(zip(header, row, strict=True))
            name = record["field"].strip("`")
            section.rows[name] = record
            section.lines[name] = index
    return found


def starts_a_block(line: str) -> bool:
    return line.startswith(("|", "#", "```"))


def field_tables(markdown: str) -> dict[str, dict[str, dict[str, str]]]:
    """Model name → field → {column header: cell}, for tables under a heading naming a model."""
    return {name: section.rows for name, section in sections(markdown).items() if section.rows}


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


MARKDOWN = SCENARIOS.read_text(encoding="utf-8")
TABLES = field_tables(MARKDOWN)
SECTIONS = sections(MARKDOWN)


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


def test_the_parser_reads_the_paragraph_that_opens_a_section_and_the_unit_column():
    markdown = "\n".join(
        [
            "## `phases` (`Phases`)",
            "",
            "Seconds of each",
            "timed phase.",
            "",
            "A second paragraph.",
            "",
            "| field | meaning | unit | default |",
            "|---|---|---|---|",
            "| `briefing` | reading | seconds | 60 |",
            "",
            "After the table.",
            "### `climate.milestones` (`Milestone`)",
            "| field | meaning | default |",
            "|---|---|---|",
            "| `round` | when | required |",
        ]
    )
    found = sections(markdown)
    assert found["Phases"].intro == "Seconds of each timed phase."
    assert found["Phases"].intro_lines == (2, 4)
    assert found["Phases"].unit_column == "unit"
    assert found["Phases"].lines == {"briefing": 9}
    assert found["Milestone"].intro == ""
    assert found["Milestone"].unit_column is None


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


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_field_has_a_meaning_in_both_languages(name):
    written = scenario_fields.FIELDS.get(name, {})
    fields = MODELS[name].model_fields
    assert set(written) == set(fields), (
        f"game/scenario_fields.py, {name}: nothing written for "
        f"{sorted(set(fields) - set(written))}, "
        f"not in the code {sorted(set(written) - set(fields))}"
    )
    for field_name, notes in written.items():
        assert {"label", "meaning"} <= set(notes) <= {"label", "meaning", "unit"}, (
            name,
            field_name,
        )
        for kind, text in notes.items():
            assert set(text) == set(scenario_fields.LANGUAGES), (name, field_name, kind)
            for language, words in text.items():
                assert scenario_fields.plain(words), (name, field_name, kind, language)
                # A cell of a Markdown table cannot hold a bar or a line break.
                assert "|" not in words and "\n" not in words, (name, field_name, kind)
        assert notes["meaning"]["id"] != notes["meaning"]["en"], f"{name}.{field_name}"


# (model, field) whose label is rightly the same word in English and Indonesian; none yet.
SAME_NAME_IN_BOTH_LANGUAGES: set[tuple[str, str]] = set()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_field_has_a_short_label_in_each_language(name):
    for field_name, notes in scenario_fields.FIELDS.get(name, {}).items():
        label = notes["label"]
        where = f"game/scenario_fields.py, {name}.{field_name}"
        for language, words in label.items():
            # A name shown before the field's key, not a sentence: plain text, one line.
            assert words.strip() == words and words, (where, language)
            assert scenario_fields.plain(words) == words, (where, language, "no Markdown")
            assert len(words) <= 50 and "\n" not in words, (where, language)
            assert words[0].isupper(), (where, language, "a label starts with a capital")
        # Every label is translated; a name both languages spell alike would be listed here.
        if (name, field_name) not in SAME_NAME_IN_BOTH_LANGUAGES:
            assert label["id"] != label["en"], f"{where}: the same label in both languages"


def test_the_names_of_choices_belong_to_fields_that_take_them_and_name_every_value():
    named = {
        (name, field_name)
        for name, fields in scenario_fields.CHOICES.items()
        for field_name in fields
    }
    takes_words = {
        (name, field_name)
        for name, model in MODELS.items()
        for field_name in model.model_fields
        if choices_of(name, field_name)
    }
    assert named == takes_words
    for name, field_name in named:
        names = scenario_fields.CHOICES[name][field_name]
        assert set(names) == set(choices_of(name, field_name)), (name, field_name)
        for value, text in names.items():
            assert set(text) == set(scenario_fields.LANGUAGES), (name, field_name, value)
            assert all(words.strip() for words in text.values()), (name, field_name, value)
            assert text["id"] != text["en"], (name, field_name, value)


def choices_of(name: str, field_name: str) -> list[str]:
    """The words a field of the engine takes (its JSON schema's enum), or []."""
    spec = MODELS[name].model_json_schema()["properties"][field_name]
    return spec.get("enum", [])


def test_every_introduction_belongs_to_a_model_and_is_written_in_both_languages():
    assert set(scenario_fields.INTROS) <= set(MODELS)
    for name, text in scenario_fields.INTROS.items():
        assert set(text) == set(scenario_fields.LANGUAGES), name
        assert all(scenario_fields.plain(words) for words in text.values()), name
        assert text["id"] != text["en"], name


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_tables_show_the_english_meaning_and_unit_of_every_field(name):
    section = SECTIONS[name]
    expected = {
        field_name: english_cells(name, field_name, section)
        for field_name in scenario_fields.FIELDS.get(name, {})
    }
    shown = {
        field_name: {column: row.get(column, "") for column in expected.get(field_name, {})}
        for field_name, row in section.rows.items()
    }
    wrong = {
        field_name: {"docs": shown.get(field_name), "game/scenario_fields.py": cells}
        for field_name, cells in expected.items()
        if shown.get(field_name) != cells
    }
    assert not wrong, (
        f"{name}: docs/scenarios.md does not show the texts of game/scenario_fields.py "
        f"(run `.venv/bin/python -m tests.engine.test_docs_match_code`): {wrong}"
    )
    if section.unit_column is None:
        with_unit = [key for key, notes in scenario_fields.FIELDS[name].items() if "unit" in notes]
        assert not with_unit, f"{name}: the docs table has no unit column for {with_unit}"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_section_opens_with_the_english_introduction_of_its_model(name):
    english = scenario_fields.INTROS.get(name, {}).get("en", "")
    assert SECTIONS[name].intro == english, (
        f"{name}: the paragraph under its heading in docs/scenarios.md is not the "
        "introduction in game/scenario_fields.py (add it there, or run "
        "`.venv/bin/python -m tests.engine.test_docs_match_code`)"
    )


def english_cells(name: str, field_name: str, section: Section) -> dict[str, str]:
    """The cells of a field's row as game/scenario_fields.py writes them in English."""
    notes = scenario_fields.FIELDS[name][field_name]
    expected = {"meaning": notes["meaning"]["en"]}
    if section.unit_column:
        expected[section.unit_column] = notes.get("unit", {}).get("en", "")
    return expected


def write_docs(markdown: str) -> str:
    """docs/scenarios.md with the English texts of game/scenario_fields.py in its tables and
    opening paragraphs. Rows, and everything else, are left as they are."""
    lines = markdown.splitlines()
    found = sections(markdown)
    # From the bottom up, so a rewrapped paragraph does not move the lines still to do.
    edits: list[tuple[int, int, list[str]]] = []
    for name, section in found.items():
        for field_name, index in section.lines.items():
            if field_name not in scenario_fields.FIELDS.get(name, {}):
                continue
            row = dict(section.rows[field_name])
            row.update(english_cells(name, field_name, section))
            line = "|" + "|".join(f" {cell} " if cell else " " for cell in row.values()) + "|"
            if [cell.strip() for cell in row.values()] != cells(lines[index]):
                edits.append((index, index + 1, [line]))
        english = scenario_fields.INTROS.get(name, {}).get("en")
        if english and english != section.intro:
            paragraph = textwrap.wrap(
                english, WIDTH, break_long_words=False, break_on_hyphens=False
            )
            if section.intro_lines:
                edits.append((*section.intro_lines, paragraph))
            else:
                at = section.heading_line + 1
                edits.append((at, at, ["", *paragraph]))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")


def test_writing_the_docs_puts_back_the_texts_and_changes_nothing_else():
    changed = MARKDOWN.replace(
        "| `briefing` | reading the news and the state of the world | seconds |",
        "| `briefing` | an old meaning | minutes |",
    ).replace("One entry per country (one delegation each).", "One entry per country.")
    assert changed.count("an old meaning") == 1 and "One entry per country." in changed

    written = write_docs(changed)

    assert written == write_docs(MARKDOWN)
    assert write_docs(written) == written
    assert (
        sections(written)["Phases"].rows["briefing"]["meaning"]
        == (scenario_fields.FIELDS["Phases"]["briefing"]["meaning"]["en"])
    )
    assert sections(written)["Country"].intro == scenario_fields.INTROS["Country"]["en"]
    assert written.count("\n|") == MARKDOWN.count("\n|")


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_bot_strategy_is_described_in_the_game_model(strategy):
    assert f"`{strategy}`" in (DOCS / "game-model.md").read_text(encoding="utf-8")


if __name__ == "__main__":
    # Copy the English texts of game/scenario_fields.py into docs/scenarios.md.
    updated = write_docs(MARKDOWN)
    if updated != MARKDOWN:
        SCENARIOS.write_text(updated, encoding="utf-8")
    print(f"{SCENARIOS}: {'updated' if updated != MARKDOWN else 'already up to date'}")
    sys.exit(0)
