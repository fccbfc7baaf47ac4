"""The library's forms: the scenario editor's schema, problems in words, upload and preview.

The form is generated in the browser from the engine's own JSON schema
(``Scenario.model_json_schema()``): every field with its type, bounds and default, so a
parameter added to the engine appears in the editor without a change here. Each field's
label, meaning and unit, the names of its choices, and each section's introduction, come from
``game/scenario_fields.py`` in the page's language; a test keeps it complete and in step with
the tables of ``docs/scenarios.md`` (``tests/engine/test_docs_match_code.py``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from game import scenario_fields
from game.engine.bots import STRATEGIES, check_strategy
from game.engine.scenario import Scenario as ScenarioDefinition

# Offered in the preview's list; parametrised strategies are shown with an example value.
STRATEGY_EXAMPLES = [name for name in STRATEGIES if ":" not in name] + [
    "fixed:2",
    "all:development",
    "shares:60/10/10/10/10",
]


def editor_schema(language: str | None = None) -> dict[str, Any]:
    """The engine's JSON schema with, in ``language`` ("id" or "en"; by default the active
    language), ``x-label`` (the field's name), ``description`` (the meaning) and ``x-unit`` on
    every field, ``x-choices`` (value → name) on a field that takes one of a few words, and
    ``x-intro`` on every model with an introduction. Built once per process and language: the
    result is shared, so do not change it."""
    if language is None:
        language = get_language() or ""
    return _editor_schema("en" if language.startswith("en") else "id")


@cache
def _editor_schema(language: str) -> dict[str, Any]:
    schema = ScenarioDefinition.model_json_schema()
    models = {"Scenario": schema, **schema.get("$defs", {})}
    for name, model in models.items():
        # A model's docstring is the engine's English note for programmers, not for the page.
        model.pop("description", None)
        intro = scenario_fields.intro(name, language)
        if intro:
            model["x-intro"] = intro
        for field, spec in model.get("properties", {}).items():
            spec.pop("description", None)
            label = scenario_fields.label(name, field, language)
            if label:
                spec["x-label"] = label
            choices = scenario_fields.choices(name, field, language)
            if choices:
                spec["x-choices"] = choices
            meaning = scenario_fields.meaning(name, field, language)
            if meaning:
                spec["description"] = meaning
            unit = scenario_fields.unit(name, field, language)
            if unit:
                spec["x-unit"] = unit
    return schema


def translate_problem(message: str) -> str:
    """An engine problem message in the active language; one not known stays as written."""
    for pattern, template in _TRANSLATIONS:
        match = pattern.fullmatch(message)
        if match:
            return str(template) % match.groupdict()
    return message


# Every message the engine writes, recognised so a page can show it in the reader's language.
# A message not listed here (a new rule) is shown as the engine wrote it.
_TRANSLATIONS = [
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"must be <= rounds \((?P<rounds>\d+)\)",
            _("must not be after the last round (%(rounds)s)"),
        ),
        (r"must be > (?P<limit>.+)", _("must be greater than %(limit)s")),
        (r"must be >= (?P<limit>.+)", _("must be at least %(limit)s")),
        (r"must be < (?P<limit>.+)", _("must be less than %(limit)s")),
        (r"must be <= (?P<limit>.+)", _("must be at most %(limit)s")),
        (r"is required", _("is required")),
        (r"is not a known field", _("is not a known field")),
        (r"must not be empty", _("must not be empty")),
        (
            r"is too long \(at most (?P<limit>\d+) characters\)",
            _("is too long (at most %(limit)s characters)"),
        ),
        (r"needs at least (?P<limit>\d+) items", _("needs at least %(limit)s items")),
        (r"allows at most (?P<limit>\d+) items", _("allows at most %(limit)s items")),
        (r"has characters that are not allowed", _("has characters that are not allowed")),
        (r"must be one of (?P<choices>.+)", _("must be one of %(choices)s")),
        (r"must be true or false", _("must be true or false")),
        (r"must be a whole number", _("must be a whole number")),
        (r"must be a number", _("must be a number")),
        (r"must be text", _("must be text")),
        (r"must be a mapping of fields", _("must be a group of fields")),
        (r"must be a list", _("must be a list")),
        (r"must be a finite number", _("must be a finite number")),
        (r"must be a mapping, not (?P<kind>\w+)", _("must be a group of fields, not %(kind)s")),
        (r"'(?P<value>.*)' is used twice", _("'%(value)s' is used twice")),
        (r"must not be lower than the one before", _("must not be lower than the one before")),
        (
            r"'(?P<value>.*)' is not a country of this scenario",
            _("'%(value)s' is not a country of this scenario"),
        ),
        (
            r"shares add up to (?P<total>.+), more than the whole budget",
            _("the shares add up to %(total)s, more than the whole budget"),
        ),
        (
            r"'(?P<value>.*)' is already used by another scenario",
            _("'%(value)s' is already used by another scenario; choose another slug"),
        ),
        (r"is not valid JSON: (?P<detail>.+)", _("is not valid JSON: %(detail)s")),
        (r"is not valid YAML: (?P<detail>.+)", _("is not valid YAML: %(detail)s")),
        (r"is not UTF-8 text", _("is not UTF-8 text")),
        (r"is larger than (?P<limit>\d+) bytes", _("is larger than %(limit)s bytes")),
        (r"holds values that are not plain data", _("holds values that are not plain data")),
    )
]


# Forms of the library's pages


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Scenario file (YAML or JSON)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )
    slug = forms.SlugField(
        label=_("New slug (optional)"),
        required=False,
        help_text=_(
            "Leave empty to keep the file's slug (or the next free one, such as kelas-6-2)."
        ),
    )


class PreviewForm(forms.Form):
    """Bots for a preview: one strategy for all, or one per country (blank = the one for all)."""

    mode = forms.ChoiceField(
        label=_("Bots"),
        choices=[
            ("all", _("The same strategy for every country")),
            ("each", _("A strategy for each country")),
        ],
        widget=forms.RadioSelect,
        initial="all",
    )
    strategy = forms.CharField(
        label=_("Strategy for every country"), initial="cooperator", max_length=60
    )
    seed = forms.IntegerField(
        label=_("Seed of the random draws"),
        min_value=0,
        max_value=2**31 - 1,
        initial=1,
    )
    expected_value = forms.BooleanField(
        label=_("Expected values instead of random draws"), required=False
    )

    def __init__(self, *args: Any, definition: ScenarioDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        language = "en" if (get_language() or "").startswith("en") else "id"
        for country in definition.countries:
            self.fields[f"bot_{country.id}"] = forms.CharField(
                label=country.name.get(language), required=False, max_length=60
            )

    def country_fields(self) -> list[forms.BoundField]:
        return [self[f"bot_{country.id}"] for country in self.definition.countries]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "strategy" in self.errors:
            return cleaned
        everyone = cleaned.get("strategy", "").strip()
        self._check("strategy", everyone)
        strategies = [everyone]
        if cleaned.get("mode") == "each":
            strategies = []
            for country in self.definition.countries:
                name = f"bot_{country.id}"
                own = (cleaned.get(name) or "").strip() or everyone
                self._check(name, own)
                strategies.append(own)
        cleaned["strategies"] = strategies
        return cleaned

    def _check(self, field: str, strategy: str) -> None:
        try:
            check_strategy(strategy)
        except ValueError:
            self.add_error(
                field,
                gettext_now("“%(name)s” is not a bot strategy. Try one of: %(known)s.")
                % {"name": strategy, "known": ", ".join(STRATEGY_EXAMPLES)},
            )
