"""The scenario library's services: who sees what, cloning, saving, deleting, files, previews.

Games are built through the same services a class uses, so "editing never changes a game"
is checked on a game with a real event log.
"""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.utils import translation

from game import library, scenario_fields
from game.engine import scenario as engine_scenario
from game.library_form import _TRANSLATIONS, editor_schema, translate_problem
from game.models import Game, Scenario
from game.services import phases, seats
from game.session import replay

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return get_user_model().objects.create_user("bu-sari", password="rahasia-sekali")


@pytest.fixture
def own_copy(facilitator, kelas6) -> Scenario:
    return library.clone_scenario(user=facilitator, source=kelas6)


def problem_paths(error: library.ScenarioInvalid) -> list[str]:
    return [problem.path for problem in error.problems]


# Who sees what


def test_a_facilitator_sees_the_builtins_and_their_own_scenarios_only(
    facilitator, colleague, kelas6, own_copy
):
    theirs = library.clone_scenario(user=colleague, source=kelas6)

    visible = set(library.scenarios_for(facilitator).values_list("slug", flat=True))

    assert own_copy.slug in visible
    assert set(Scenario.objects.filter(builtin=True).values_list("slug", flat=True)) <= visible
    assert theirs.slug not in visible
    assert list(library.own_scenarios(facilitator)) == [own_copy]


def test_a_facilitator_sees_only_their_own_games(facilitator, colleague, kelas6):
    mine = seats.create_game(owner=facilitator, scenario=kelas6, seed=1)
    seats.create_game(owner=colleague, scenario=kelas6, seed=1)

    assert list(library.games_for(facilitator)) == [mine]


def test_an_anonymous_visitor_sees_nothing(loaded_scenarios):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    assert not library.scenarios_for(anonymous).exists()
    assert not library.own_scenarios(anonymous).exists()
    assert not library.games_for(anonymous).exists()


# Cloning


def test_cloning_a_builtin_makes_an_owned_copy_under_the_next_free_slug(facilitator, kelas6):
    first = library.clone_scenario(user=facilitator, source=kelas6)
    second = library.clone_scenario(user=facilitator, source=kelas6)

    assert (first.slug, second.slug) == ("kelas-6-2", "kelas-6-3")
    assert first.owner == facilitator and not first.builtin
    assert first.data["slug"] == first.slug
    assert first.data["title"] == {
        "id": kelas6.data["title"]["id"] + " (salinan)",
        "en": kelas6.data["title"]["en"] + " (copy)",
    }
    assert (first.title_id, first.title_en) == (
        first.data["title"]["id"],
        first.data["title"]["en"],
    )
    unchanged = {key: value for key, value in first.data.items() if key not in ("slug", "title")}
    assert unchanged == {k: v for k, v in kelas6.data.items() if k not in ("slug", "title")}


def test_a_slug_near_the_length_limit_is_shortened_to_stay_valid(facilitator, kelas6):
    long = library.import_scenario(
        owner=facilitator, data={**kelas6.data, "slug": "a" * 49}, slug=None
    )

    clone = library.clone_scenario(user=facilitator, source=long)

    assert clone.slug == "a" * 47 + "-2"
    assert clone.definition.slug == clone.slug


def test_nobody_can_clone_another_facilitators_scenario(facilitator, colleague, own_copy):
    with pytest.raises(library.NotYourScenario):
        library.clone_scenario(user=colleague, source=own_copy)


# Saving


def test_saving_refuses_an_invalid_scenario_with_every_problem_and_changes_nothing(
    facilitator, own_copy
):
    before = copy.deepcopy(own_copy.data)
    data = own_copy.definition.model_dump(mode="json")
    data["countries"][1]["wealth"] = -5
    data["phases"]["negotiation"] = 1
    data["events"][0]["round"] = 99

    with pytest.raises(library.ScenarioInvalid) as refused:
        library.save_scenario(user=facilitator, scenario=own_copy, data=data)

    assert set(problem_paths(refused.value)) == {
        "countries[1].wealth",
        "phases.negotiation",
    }  # the cross-field rule (an event's round) is checked once the fields are sound
    own_copy.refresh_from_db()
    assert own_copy.data == before


def test_saving_a_valid_scenario_stores_it_and_its_titles(facilitator, own_copy):
    data = own_copy.definition.model_dump(mode="json")
    data["title"] = {"id": "Kelas kami", "en": "Our class"}
    data["climate"]["disaster_probability"] = 0.9

    saved = library.save_scenario(user=facilitator, scenario=own_copy, data=data)

    saved.refresh_from_db()
    assert saved.data == data
    assert (saved.title_id, saved.title_en) == ("Kelas kami", "Our class")
    assert saved.definition.climate.disaster_probability == 0.9


def test_saving_under_a_new_slug_renames_the_scenario_unless_the_slug_is_taken(
    facilitator, own_copy
):
    data = own_copy.definition.model_dump(mode="json")

    renamed = library.save_scenario(
        user=facilitator, scenario=own_copy, data={**data, "slug": "kelas-kami"}
    )
    with pytest.raises(library.ScenarioInvalid) as taken:
        library.save_scenario(user=facilitator, scenario=renamed, data={**data, "slug": "g20"})

    assert renamed.pk == own_copy.pk and renamed.slug == "kelas-kami"
    assert [str(p) for p in taken.value.problems] == [
        "slug: 'g20' is already used by another scenario"
    ]


def test_nobody_saves_a_builtin_or_another_facilitators_scenario(
    facilitator, colleague, kelas6, own_copy
):
    data = own_copy.definition.model_dump(mode="json")

    with pytest.raises(library.NotYourScenario):
        library.save_scenario(user=colleague, scenario=own_copy, data=data)
    with pytest.raises(library.NotYourScenario):
        library.save_scenario(user=facilitator, scenario=kelas6, data=kelas6.data)


def test_editing_a_scenario_never_changes_a_game_created_from_it(facilitator, own_copy):
    game = seats.create_game(
        owner=facilitator,
        scenario=own_copy,
        seed=11,
        bots=dict.fromkeys(own_copy.definition.country_ids, "cooperator"),
    )
    phases.start_game(game_id=game.pk, actor="facilitator")
    for _ in range(5):  # through a whole round and into the next
        phases.advance(game_id=game.pk, expected=None, actor="facilitator")
    game.refresh_from_db()
    frozen = copy.deepcopy(game.scenario_data)
    before = replay(game).state.as_dict()
    assert game.round >= 1

    edited = own_copy.definition.model_dump(mode="json")
    edited["countries"] = edited["countries"][:2]  # four countries gone
    edited["events"] = []
    edited["climate"]["milestones"] = []
    edited["climate"]["disaster_probability"] = 1.0
    edited["economy"]["budget_share"] = 0.5
    library.save_scenario(user=facilitator, scenario=own_copy, data=edited)

    game = Game.objects.get(pk=game.pk)
    assert game.scenario_data == frozen
    assert len(game.definition.countries) == 6
    assert replay(game).state.as_dict() == before


def test_deleting_a_scenario_leaves_its_games_playable(facilitator, colleague, own_copy):
    game = seats.create_game(owner=facilitator, scenario=own_copy, seed=3)

    with pytest.raises(library.NotYourScenario):
        library.delete_scenario(user=colleague, scenario=own_copy)
    library.delete_scenario(user=facilitator, scenario=own_copy)

    game = Game.objects.get(pk=game.pk)
    assert not Scenario.objects.filter(pk=own_copy.pk).exists()
    assert game.scenario is None
    assert game.definition.slug == "kelas-6-2"
    assert replay(game).state.round == 0


def test_nobody_deletes_a_builtin(facilitator, kelas6):
    with pytest.raises(library.NotYourScenario):
        library.delete_scenario(user=facilitator, scenario=kelas6)
    assert Scenario.objects.filter(pk=kelas6.pk).exists()


# Files: export and import


@pytest.mark.parametrize("file_format", library.FORMATS)
def test_every_builtin_exports_and_imports_back_unchanged(
    facilitator, loaded_scenarios, builtin_scenarios, file_format
):
    for original in builtin_scenarios:
        row = Scenario.objects.get(slug=original["slug"])

        text = library.scenario_file(row, file_format)
        parsed = library.read_scenario_text(text, name=f"x.{file_format}")
        imported = library.import_scenario(
            owner=facilitator, data=parsed, slug=f"{original['slug']}-{file_format}"
        )

        assert parsed == original
        imported.refresh_from_db()
        assert imported.data == {**original, "slug": imported.slug}
        assert (
            imported.definition.model_dump()
            == row.definition.model_copy(update={"slug": imported.slug}).model_dump()
        )


def test_a_file_lists_its_fields_in_the_order_the_schema_documents(own_copy):
    scrambled = dict(reversed(list(own_copy.data.items())))
    scrambled["countries"] = [dict(reversed(list(c.items()))) for c in scrambled["countries"]]
    own_copy.data = scrambled

    exported = yaml.safe_load(library.scenario_file(own_copy, "yaml"))

    assert list(exported)[:3] == ["slug", "title", "description"]
    assert list(exported["countries"][0])[:3] == ["id", "name", "bloc"]
    assert exported == scrambled


def test_importing_refuses_a_taken_slug_or_takes_the_next_free_one_when_asked(facilitator, kelas6):
    with pytest.raises(library.ScenarioInvalid) as taken:
        library.import_scenario(owner=facilitator, data=kelas6.data)
    renamed = library.import_scenario(owner=facilitator, data=kelas6.data, rename_if_taken=True)

    assert problem_paths(taken.value) == ["slug"]
    assert renamed.slug == "kelas-6-2"
    assert renamed.data["slug"] == "kelas-6-2"


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (b"slug: [unclosed", "a.yaml", "(file): is not valid YAML: "),
        (b'{"slug": ', "a.json", "(file): is not valid JSON: "),
        ("slug: ü".encode("latin-1"), "a.yaml", "(file): is not UTF-8 text"),
        (b"x" * (library.MAX_FILE_BYTES + 1), "a.yaml", "(file): is larger than"),
    ],
    ids=["bad-yaml", "bad-json", "not-utf8", "too-large"],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(content, name, problem):
    with pytest.raises(library.ScenarioInvalid) as refused:
        library.read_scenario_bytes(content, name=name)

    assert str(refused.value.problems[0]).startswith(problem)


def test_a_file_that_is_not_a_scenario_lists_every_problem(facilitator, loaded_scenarios):
    data = library.read_scenario_text(
        "slug: Bad Slug\ntitle: {id: '', en: Mine}\nrounds: 40\ncountries: []\n", name="a.yaml"
    )

    with pytest.raises(library.ScenarioInvalid) as refused:
        library.import_scenario(owner=facilitator, data=data)

    assert [str(problem) for problem in refused.value.problems] == [
        "slug: has characters that are not allowed",
        "title.id: must not be empty",
        "description: is required",
        "rounds: must be <= 30",
        "countries: needs at least 2 items",
    ]


def test_a_yaml_value_json_cannot_hold_is_refused(facilitator, kelas6):
    data = {**kelas6.data, "slug": "tanggal", "title": {"id": b"bytes", "en": "x"}}

    with pytest.raises(library.ScenarioInvalid) as refused:
        library.import_scenario(owner=facilitator, data=data)

    assert [str(p) for p in refused.value.problems] == [
        "(top): holds values that are not plain data"
    ]


# The editor's schema and problems in words


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_editor_schema_is_the_engines_with_every_field_explained(language):
    schema = editor_schema(language)
    models = {"Scenario": schema, **schema["$defs"]}

    for name, model in models.items():
        engine_model = getattr(engine_scenario, name)
        assert set(model["properties"]) == set(engine_model.model_fields), name
        # The engine's docstrings are English notes for programmers: never on the page.
        assert "description" not in model, name
        for field, spec in model["properties"].items():
            assert spec.get("x-label", "").strip(), f"{name}.{field} has no label"
            assert spec["x-label"] == scenario_fields.label(name, field, language)
            assert spec.get("description", "").strip(), f"{name}.{field} has no meaning"
            assert spec["description"] == scenario_fields.meaning(name, field, language)
            assert "`" not in spec["description"] and "](" not in spec["description"]
            if "enum" in spec:
                assert set(spec["x-choices"]) == set(spec["enum"]), f"{name}.{field}"
            else:
                assert "x-choices" not in spec, f"{name}.{field}"
    vulnerability = schema["$defs"]["Country"]["properties"]["vulnerability"]
    assert (vulnerability["minimum"], vulnerability["maximum"]) == (0, 3)
    assert "[" not in schema["$defs"]["Phases"]["properties"]["briefing"]["description"]


def test_every_field_the_editor_shows_means_something_different_in_each_language():
    indonesian, english = editor_schema("id"), editor_schema("en")
    pairs = [("Scenario", indonesian, english)] + [
        (name, model, english["$defs"][name]) for name, model in indonesian["$defs"].items()
    ]

    for name, in_indonesian, in_english in pairs:
        for field, spec in in_indonesian["properties"].items():
            other = in_english["properties"][field]
            assert spec["description"] and other["description"], f"{name}.{field}"
            assert spec["description"] != other["description"], f"{name}.{field}"
            assert spec["x-label"] != other["x-label"], f"{name}.{field}"
            assert ("x-unit" in spec) == ("x-unit" in other), f"{name}.{field}"
        assert ("x-intro" in in_indonesian) == ("x-intro" in in_english), name
        assert in_indonesian.get("x-intro") != in_english.get("x-intro") or (
            "x-intro" not in in_indonesian
        ), name


def test_the_editor_schema_follows_the_active_language():
    climate = "ClimateRules"
    with translation.override("id"):
        meaning = editor_schema()["$defs"][climate]["properties"]["disaster_probability"]
        assert meaning["x-label"] == "Peluang bencana"
        assert meaning["description"].startswith("peluang target yang tidak tercapai")
        assert meaning["x-unit"] == "proporsi"
        assert editor_schema()["$defs"][climate]["x-intro"].startswith("Dilema risiko bersama")
    with translation.override("en"):
        meaning = editor_schema()["$defs"][climate]["properties"]["disaster_probability"]
        assert meaning["x-label"] == "Disaster probability"
        assert meaning["description"].startswith("chance that a missed milestone")
        assert meaning["x-unit"] == "share"
    assert editor_schema("en-gb") is editor_schema("en")


def test_every_message_the_engine_writes_is_recognised_for_translation():
    samples = {"gt": 0, "ge": 10, "lt": 1, "le": 3, "max_length": 40, "min_length": 2}
    samples["expected"] = "'developed', 'emerging' or 'developing'"

    for template in engine_scenario._MESSAGES.values():
        message = template.format(**samples)
        assert any(pattern.fullmatch(message) for pattern, _ in _TRANSLATIONS), message


def test_a_message_nobody_knows_is_shown_as_the_engine_wrote_it():
    with translation.override("en"):
        assert translate_problem("a brand new rule failed") == "a brand new rule failed"
        assert translate_problem("must be <= rounds (6)") == "must not be after the last round (6)"


# Preview


def test_a_preview_plays_the_whole_scenario_with_the_chosen_bots(kelas6):
    definition = kelas6.definition
    strategies = ["free-rider"] + ["cooperator"] * (len(definition.countries) - 1)

    document = library.preview_scenario(
        definition, strategies=strategies, seed=4, expected_value=False
    )
    figures = library.preview_figures(document, definition)

    assert len(document["rounds"]) == definition.rounds
    assert document["bots"][definition.countries[0].id] == "free-rider"
    assert figures["rounds"] == list(range(1, definition.rounds + 1))
    assert [country["id"] for country in figures["countries"]] == list(definition.country_ids)
    assert all(len(country["wealth"]) == definition.rounds for country in figures["countries"])
    json.dumps(figures)


def test_with_expected_values_the_seed_does_not_matter(kelas6):
    runs = [
        library.preview_scenario(
            kelas6.definition, strategies=["pragmatist"], seed=seed, expected_value=True
        )
        for seed in (1, 2)
    ]

    assert runs[0]["expected_value"] is True
    assert runs[0]["rounds"] == runs[1]["rounds"]


@pytest.mark.parametrize(
    ("update", "reason"),
    [
        ({"rounds": 31}, "at most 30 rounds"),
        ("countries", "at most 250 countries"),
    ],
)
def test_a_preview_refuses_more_than_30_rounds_or_250_countries(kelas6, update, reason):
    definition = kelas6.definition
    if update == "countries":
        update = {"countries": definition.countries * 42}

    with pytest.raises(library.PreviewRefused, match=reason):
        library.preview_scenario(
            definition.model_copy(update=update),
            strategies=["cooperator"],
            seed=1,
            expected_value=True,
        )


def test_a_preview_refuses_a_bot_that_does_not_exist(kelas6):
    with pytest.raises(library.PreviewRefused, match="unknown bot strategy 'genius'"):
        library.preview_scenario(
            kelas6.definition, strategies=["genius"], seed=1, expected_value=False
        )
