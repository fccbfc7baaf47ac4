"""The library's pages and endpoints over HTTP: who may open what, the editor's validation
(every problem with its path), saving, upload and download, preview."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from game import library
from game.models import Scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return get_user_model().objects.create_user("bu-sari", password="rahasia-sekali")


@pytest.fixture
def own_copy(facilitator, kelas6) -> Scenario:
    return library.clone_scenario(user=facilitator, source=kelas6)


@pytest.fixture
def signed_in(client, facilitator):
    """The facilitator, reading the pages in English (the messages tests compare)."""
    client.force_login(facilitator)
    client.cookies["django_language"] = "en"
    return client


def full(scenario: Scenario) -> dict:
    """The scenario as the editor holds it: every field written out."""
    return scenario.definition.model_dump(mode="json")


def post_json(client, name: str, slug: str, data: object):
    return client.post(
        reverse(name, args=[slug]), json.dumps(data), content_type="application/json"
    )


# Access: every URL of the library, for each kind of visitor

URLS = [
    ("scenario_detail", "get"),
    ("scenario_preview", "get"),
    ("scenario_edit", "get"),
    ("scenario_validate", "post"),
    ("scenario_save", "post"),
    ("scenario_clone", "post"),
    ("scenario_delete", "get"),
    ("scenario_delete", "post"),
    ("scenario_export", "get"),
]


def request(client, name: str, method: str, slug: str):
    args = [slug, "yaml"] if name == "scenario_export" else [slug]
    url = reverse(f"game:{name}", args=args)
    if method == "get":
        return client.get(url)
    return client.post(url, "{}", content_type="application/json")


@pytest.mark.parametrize(("name", "method"), URLS)
def test_another_facilitators_scenario_is_not_found_at_any_library_url(
    client, colleague, own_copy, name, method
):
    client.force_login(colleague)

    response = request(client, name, method, own_copy.slug)

    assert response.status_code == 404
    assert Scenario.objects.filter(pk=own_copy.pk, data=own_copy.data).exists()


@pytest.mark.parametrize(("name", "method"), URLS)
def test_an_anonymous_visitor_is_sent_to_log_in_from_every_library_url(
    client, own_copy, name, method
):
    response = request(client, name, method, own_copy.slug)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", ["scenario_library", "scenario_import"])
def test_an_anonymous_visitor_is_sent_to_log_in_from_the_library_itself(client, name):
    response = client.get(reverse(f"game:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "method", "status"),
    [
        ("scenario_detail", "get", 200),
        ("scenario_preview", "get", 200),
        ("scenario_export", "get", 200),
        ("scenario_clone", "post", 302),
        ("scenario_edit", "get", 404),
        ("scenario_validate", "post", 404),
        ("scenario_save", "post", 404),
        ("scenario_delete", "get", 404),
        ("scenario_delete", "post", 404),
    ],
)
def test_a_builtin_can_be_opened_previewed_exported_and_cloned_but_not_changed(
    signed_in, kelas6, name, method, status
):
    assert request(signed_in, name, method, kelas6.slug).status_code == status


def test_the_library_lists_my_scenarios_and_the_builtins_but_not_a_colleagues(
    signed_in, colleague, kelas6, own_copy
):
    theirs = library.clone_scenario(user=colleague, source=kelas6)
    theirs = library.save_scenario(
        user=colleague, scenario=theirs, data={**full(theirs), "slug": "rahasia-bu-sari"}
    )

    page = signed_in.get(reverse("game:scenario_library")).content.decode()

    assert f'id="scenario-{own_copy.slug}"' in page
    assert 'id="scenario-g20"' in page
    assert "rahasia-bu-sari" not in page


# The editor


def test_the_editor_page_carries_the_data_the_schema_and_its_endpoints(signed_in, own_copy):
    response = signed_in.get(reverse("game:scenario_edit", args=[own_copy.slug]))

    page = response.content.decode()
    assert response.context["editor_data"] == full(own_copy)
    assert response.context["editor_schema"]["$defs"]["Country"]["properties"]["wealth"]
    assert 'id="editor-schema"' in page and 'id="editor-data"' in page
    assert reverse("game:scenario_validate", args=[own_copy.slug]) in page


def editor_schema_on(page: str) -> dict:
    """The schema the editor's script reads, as the page carries it."""
    start = page.index(">", page.index('id="editor-schema"')) + 1
    return json.loads(page[start : page.index("</script>", start)])


# (model, field) → (the start of its meaning, its unit), as the page in each language shows it.
EXPLAINED = {
    "id": {
        ("ClimateRules", "disaster_probability"): (
            "peluang target yang tidak tercapai berubah menjadi bencana",
            "proporsi",
        ),
        ("Country", "vulnerability"): (
            "pengali kerugian akibat pemanasan dan bencana",
            "tanpa satuan",
        ),
        ("Country", "population"): ("jumlah penduduk", "juta orang"),
        ("Scenario", "rounds"): ("jumlah ronde dalam satu permainan", "bilangan bulat"),
    },
    "en": {
        ("ClimateRules", "disaster_probability"): (
            "chance that a missed milestone turns into a disaster",
            "share",
        ),
        ("Country", "vulnerability"): (
            "multiplies warming damage and disaster losses",
            "dimensionless",
        ),
        ("Country", "population"): ("people", "millions"),
        ("Scenario", "rounds"): ("number of rounds in a game", "whole number"),
    },
}


@pytest.mark.parametrize("language", sorted(EXPLAINED))
def test_the_editor_explains_each_field_in_the_language_of_the_page(
    client, facilitator, own_copy, language
):
    client.force_login(facilitator)
    if language == "en":
        client.cookies["django_language"] = "en"  # Indonesian is the default

    page = client.get(reverse("game:scenario_edit", args=[own_copy.slug])).content.decode()

    schema = editor_schema_on(page)
    for (model, field), (meaning, unit) in EXPLAINED[language].items():
        spec = (schema if model == "Scenario" else schema["$defs"][model])["properties"][field]
        assert spec["description"].startswith(meaning), (model, field)
        assert spec["x-unit"] == unit, (model, field)


# (model, field) → the name the page in each language gives it; a section's name is its heading.
LABELLED = {
    "id": {
        ("ClimateRules", "disaster_probability"): "Peluang bencana",
        ("Country", "population"): "Jumlah penduduk",
        ("Country", "vulnerability"): "Kerentanan",
        ("Scenario", "rounds"): "Jumlah ronde",
        ("Scenario", "economy"): "Ekonomi",
        ("MigrationRules", "key"): "Kunci pembagian beban",
        ("Localized", "en"): "Bahasa Inggris",
    },
    "en": {
        ("ClimateRules", "disaster_probability"): "Disaster probability",
        ("Country", "population"): "Population",
        ("Country", "vulnerability"): "Vulnerability",
        ("Scenario", "rounds"): "Number of rounds",
        ("Scenario", "economy"): "Economy",
        ("MigrationRules", "key"): "Burden-sharing key",
        ("Localized", "en"): "English",
    },
}


@pytest.mark.parametrize("language", sorted(LABELLED))
def test_the_editor_names_each_field_and_choice_in_the_language_of_the_page(
    client, facilitator, own_copy, language
):
    client.force_login(facilitator)
    if language == "en":
        client.cookies["django_language"] = "en"  # Indonesian is the default

    page = client.get(reverse("game:scenario_edit", args=[own_copy.slug])).content.decode()

    schema = editor_schema_on(page)
    for (model, field), label in LABELLED[language].items():
        spec = (schema if model == "Scenario" else schema["$defs"][model])["properties"][field]
        assert spec["x-label"] == label, (model, field)
    # A select shows each value's name beside the value the YAML file holds.
    bloc = schema["$defs"]["Country"]["properties"]["bloc"]
    assert bloc["x-choices"]["developing"] == {"id": "berkembang", "en": "developing"}[language]


BAD_FIELDS = [
    # (where, the value to put there, the path reported, the message)
    ("slug", "Kelas Enam!", "slug", "has characters that are not allowed"),
    ("title.en", "", "title.en", "must not be empty"),
    ("rounds", 0, "rounds", "must be at least 1"),
    ("rounds", 2.5, "rounds", "must be a whole number"),
    ("countries[0].id", "USA", "countries[0].id", "has characters that are not allowed"),
    ("countries[1].name.id", "", "countries[1].name.id", "must not be empty"),
    ("countries[2].bloc", "rich", "countries[2].bloc", "must be one of"),
    ("countries[3].population", 0, "countries[3].population", "must be greater than 0"),
    ("countries[4].vulnerability", 3.5, "countries[4].vulnerability", "must be at most 3"),
    ("countries[5].openness", None, "countries[5].openness", "must be a number"),
    ("countries[5].region", "x" * 41, "countries[5].region", "is too long"),
    ("countries[0].id", "deu", "countries[1].id", "'deu' is used twice"),
    ("phases.briefing", 5, "phases.briefing", "must be at least 10"),
    ("phases.negotiation", 9000, "phases.negotiation", "must be at most 7200"),
    ("issues.terrorism", "sometimes", "issues.terrorism", "must be true or false"),
    ("economy.budget_share", 0, "economy.budget_share", "must be greater than 0"),
    ("economy.base_growth", -0.6, "economy.base_growth", "must be at least -0.5"),
    ("economy.allowed_amounts", [0, -2], "economy.allowed_amounts[1]", "must be at least 0"),
    ("climate.disaster_probability", 1.5, "climate.disaster_probability", "must be at most 1"),
    ("climate.milestone_unit", "percent", "climate.milestone_unit", "must be one of"),
    ("climate.milestones[0].round", 7, "climate.milestones[0].round", "after the last round"),
    ("climate.milestones[1].target", 0.001, "climate.milestones[1].target", "not be lower"),
    ("terrorism.ces_exponent", -60, "terrorism.ces_exponent", "must be at least -50"),
    ("migration.key.wealth", 2, "migration.key.wealth", "must be at most 1"),
    ("scoring.world_weight", -0.1, "scoring.world_weight", "must be at least 0"),
    ("default_policy.development", 0.95, "default_policy", "more than the whole budget"),
    ("events[0].round", 9, "events[0].round", "must not be after the last round (6)"),
    ("events[1].headline.id", "", "events[1].headline.id", "must not be empty"),
    ("events[0].effects[0].change", 3, "events[0].effects[0].change", "must be at most 2"),
    ("events[0].effects[0].country", "atlantis", "events[0].effects[0].country", "'atlantis'"),
    ("events[0].effects[0].field", "mood", "events[0].effects[0].field", "must be one of"),
    ("climate.surprise", 1, "climate.surprise", "is not a known field"),
]


def put(data: dict, where: str, value: object) -> None:
    """Set ``countries[3].wealth``-style paths in plain data."""
    parts = where.replace("]", "").replace("[", ".").split(".")
    target = data
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    target[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("where", "value", "path", "message"), BAD_FIELDS, ids=[c[0] for c in BAD_FIELDS]
)
def test_validation_reports_a_bad_field_with_its_path(
    signed_in, own_copy, where, value, path, message
):
    data = full(own_copy)
    if where.startswith("events[0].effects"):
        data["events"][0]["effects"] = [{"country": "*", "field": "wealth", "change": 0.01}]
    put(data, where, value)

    response = post_json(signed_in, "game:scenario_validate", own_copy.slug, data)

    assert response.status_code == 200
    answer = response.json()
    assert answer["valid"] is False
    assert [p["path"] for p in answer["problems"]] == [path]
    assert message in answer["problems"][0]["message"]


def test_validation_speaks_the_language_of_the_page(signed_in, own_copy):
    data = full(own_copy)
    put(data, "countries[1].name.en", "")
    signed_in.cookies["django_language"] = "id"

    answer = post_json(signed_in, "game:scenario_validate", own_copy.slug, data).json()

    [problem] = answer["problems"]
    assert problem["path"] == "countries[1].name.en"
    assert problem["message"] != "must not be empty"  # the Indonesian catalog's words


def test_validation_reports_every_problem_at_once(signed_in, own_copy):
    data = full(own_copy)
    put(data, "countries[0].wealth", -1)
    put(data, "countries[5].vulnerability", 9)
    put(data, "phases.decision", 1)
    put(data, "economy.aid_multiplier", 6)
    put(data, "climate.damage_years", 21)
    put(data, "events[2].headline.en", "")

    answer = post_json(signed_in, "game:scenario_validate", own_copy.slug, data).json()

    assert sorted(p["path"] for p in answer["problems"]) == sorted(
        [
            "countries[0].wealth",
            "countries[5].vulnerability",
            "phases.decision",
            "economy.aid_multiplier",
            "climate.damage_years",
            "events[2].headline.en",
        ]
    )


def test_validation_of_a_sound_scenario_finds_nothing_and_saves_nothing(signed_in, own_copy):
    data = full(own_copy)
    data["rounds"] = 6
    data["title"]["en"] = "Changed but not saved"

    answer = post_json(signed_in, "game:scenario_validate", own_copy.slug, data).json()

    assert answer == {"valid": True, "problems": []}
    own_copy.refresh_from_db()
    assert own_copy.title_en != "Changed but not saved"


def test_validation_flags_a_slug_another_scenario_uses(signed_in, own_copy):
    answer = post_json(
        signed_in, "game:scenario_validate", own_copy.slug, {**full(own_copy), "slug": "g20"}
    ).json()

    assert answer["problems"] == [
        {
            "path": "slug",
            "message": "'g20' is already used by another scenario; choose another slug",
        }
    ]


def test_a_body_that_is_not_json_is_refused(signed_in, own_copy):
    response = signed_in.post(
        reverse("game:scenario_validate", args=[own_copy.slug]),
        "{not json",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "(top)"


def test_saving_refuses_invalid_data_with_every_problem_and_keeps_the_stored_one(
    signed_in, own_copy
):
    before = own_copy.data
    data = full(own_copy)
    put(data, "countries[2].population", -3)
    put(data, "climate.warming_start", 11)

    response = post_json(signed_in, "game:scenario_save", own_copy.slug, data)

    assert response.status_code == 400
    assert [p["path"] for p in response.json()["problems"]] == [
        "climate.warming_start",
        "countries[2].population",
    ]
    own_copy.refresh_from_db()
    assert own_copy.data == before


def test_saving_valid_data_stores_it_and_answers_where_the_scenario_now_lives(signed_in, own_copy):
    data = {**full(own_copy), "slug": "kelas-kami"}
    data["countries"][0]["vulnerability"] = 2.5

    response = post_json(signed_in, "game:scenario_save", own_copy.slug, data)

    assert response.status_code == 200
    assert response.json()["editUrl"] == reverse("game:scenario_edit", args=["kelas-kami"])
    stored = Scenario.objects.get(pk=own_copy.pk)
    assert stored.slug == "kelas-kami"
    assert stored.data == data
    assert stored.definition.countries[0].vulnerability == 2.5


def test_cloning_from_the_page_opens_the_copy_in_the_editor(signed_in, facilitator, kelas6):
    response = signed_in.post(reverse("game:scenario_clone", args=["kelas-6"]))

    clone = Scenario.objects.get(owner=facilitator)
    assert response["Location"] == reverse("game:scenario_edit", args=[clone.slug])
    assert clone.slug == "kelas-6-2"


def test_deleting_asks_first_then_removes_the_scenario(signed_in, own_copy):
    url = reverse("game:scenario_delete", args=[own_copy.slug])

    question = signed_in.get(url)
    assert Scenario.objects.filter(pk=own_copy.pk).exists()
    done = signed_in.post(url)

    assert question.status_code == 200
    assert 'id="confirm-delete"' in question.content.decode()
    assert done["Location"] == reverse("game:scenario_library")
    assert not Scenario.objects.filter(pk=own_copy.pk).exists()


# Files


@pytest.mark.parametrize("file_format", library.FORMATS)
def test_the_download_is_the_scenario_as_a_file(signed_in, kelas6, builtin_scenarios, file_format):
    response = signed_in.get(reverse("game:scenario_export", args=["kelas-6", file_format]))

    original = next(data for data in builtin_scenarios if data["slug"] == "kelas-6")
    assert response["Content-Disposition"] == f'attachment; filename="kelas-6.{file_format}"'
    assert yaml.safe_load(response.content.decode()) == original


def test_an_unknown_download_format_is_not_found(signed_in, kelas6):
    response = signed_in.get(reverse("game:scenario_export", args=["kelas-6", "xml"]))

    assert response.status_code == 404


@pytest.mark.parametrize("file_format", library.FORMATS)
def test_uploading_a_file_adds_it_to_my_library(signed_in, facilitator, kelas6, file_format):
    content = library.scenario_file(kelas6, file_format).encode()
    upload = SimpleUploadedFile(f"kelas.{file_format}", content)

    response = signed_in.post(
        reverse("game:scenario_import"), {"file": upload, "slug": "kelas-dari-berkas"}
    )

    scenario = Scenario.objects.get(slug="kelas-dari-berkas")
    assert response["Location"] == reverse("game:scenario_detail", args=[scenario.slug])
    assert scenario.owner == facilitator
    assert scenario.data == {**kelas6.data, "slug": "kelas-dari-berkas"}


def test_uploading_a_file_whose_slug_is_taken_saves_it_under_the_next_free_one(signed_in, kelas6):
    upload = SimpleUploadedFile("kelas-6.yaml", library.scenario_file(kelas6, "yaml").encode())

    response = signed_in.post(reverse("game:scenario_import"), {"file": upload})

    assert response["Location"] == reverse("game:scenario_detail", args=["kelas-6-2"])


def test_a_bad_upload_is_refused_with_every_problem_listed(signed_in, kelas6):
    data = yaml.safe_load(library.scenario_file(kelas6, "yaml"))
    data["countries"][0]["wealth"] = 0
    data["countries"][3]["bloc"] = "rich"
    data["phases"]["results"] = 4000
    data["events"][0]["headline"]["id"] = ""
    upload = SimpleUploadedFile("rusak.yaml", yaml.safe_dump(data).encode())

    response = signed_in.post(reverse("game:scenario_import"), {"file": upload})

    page = response.content.decode()
    assert response.status_code == 400
    assert [p["path"] for p in response.context["upload_problems"]] == [
        "phases.results",
        "countries[0].wealth",
        "countries[3].bloc",
        "events[0].headline.id",
    ]
    for path in ("phases.results", "countries[0].wealth", "countries[3].bloc"):
        assert f"<code>{path}</code>" in page
    assert Scenario.objects.filter(builtin=False).count() == 0


def test_an_upload_that_is_not_yaml_says_so(signed_in, loaded_scenarios):
    upload = SimpleUploadedFile("rusak.yaml", b"countries: [unclosed")

    response = signed_in.post(reverse("game:scenario_import"), {"file": upload})

    assert response.status_code == 400
    [problem] = response.context["upload_problems"]
    assert problem["path"] == "(file)"
    assert problem["message"].startswith("is not valid YAML")


# Preview


def preview(client, slug: str, **params: object):
    url = reverse("game:scenario_preview", args=[slug])
    return client.get(f"{url}?{urlencode(params)}")


def test_a_preview_with_one_strategy_for_all_shows_every_round(signed_in, kelas6):
    response = preview(signed_in, "kelas-6", mode="all", strategy="cooperator", seed=3)

    assert response.status_code == 200
    result = response.context["preview"]
    assert len(result["rounds"]) == kelas6.definition.rounds
    assert {row["bot"] for row in result["countries"]} == {"cooperator"}
    page = response.content.decode()
    assert 'id="preview-figures"' in page and 'id="preview-charts"' in page
    assert "game/js/editor/preview.js" in page


def test_a_preview_can_give_each_country_its_own_bot(signed_in, kelas6):
    response = preview(
        signed_in,
        "kelas-6",
        mode="each",
        strategy="cooperator",
        seed=1,
        expected_value="on",
        bot_usa="free-rider",
        bot_ner="fixed:2",
    )

    bots = {row["name"]: row["bot"] for row in response.context["preview"]["countries"]}
    figures = response.context["preview"]["figures"]
    assert bots["United States"] == "free-rider"
    assert bots["Niger"] == "fixed:2"
    assert bots["Germany"] == "cooperator"
    assert figures["countries"][0]["bot"] == "free-rider"


def test_a_preview_with_an_unknown_bot_says_so_next_to_its_field(signed_in, kelas6):
    response = preview(
        signed_in, "kelas-6", mode="each", strategy="cooperator", seed=1, bot_deu="genius"
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["bot_deu"]
    page = response.content.decode()
    assert 'id="id_bot_deu_error"' in page
    assert 'aria-describedby="id_bot_deu_error"' in page


def test_a_scenario_the_engine_no_longer_accepts_shows_its_problems_not_a_crash(
    signed_in, own_copy
):
    Scenario.objects.filter(pk=own_copy.pk).update(data={**own_copy.data, "rounds": 99})

    page = signed_in.get(reverse("game:scenario_detail", args=[own_copy.slug]))
    tried = preview(signed_in, own_copy.slug, mode="all", strategy="cooperator", seed=1)
    library_page = signed_in.get(reverse("game:scenario_library"))

    assert page.status_code == 200
    assert [p["path"] for p in page.context["problems"]] == ["rounds"]
    assert tried.status_code == 400
    assert f'id="scenario-{own_copy.slug}"' in library_page.content.decode()
