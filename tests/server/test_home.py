"""The home page lists the installed scenarios in the visitor's language."""

import html
import re

import pytest
from django.contrib.staticfiles import finders

from game.engine.scenario import load_scenario
from game.models import Scenario

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def switch_language(client, language: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_home_lists_every_builtin_scenario_in_indonesian_by_default(
    client, loaded_scenarios, builtin_scenarios
) -> None:
    text = page_text(client.get("/"))

    assert '<html lang="id">' in text
    assert "Skenario" in text
    for data in builtin_scenarios:
        assert data["title"]["id"] in text
        assert f"{len(data['countries'])} negara" in text
        definition = load_scenario(data)
        assert f"{definition.rounds} putaran" in text
        assert f"{definition.start_year}–{definition.year_of(definition.rounds)}" in text


def test_home_lists_every_builtin_scenario_in_english_after_switching(
    client, loaded_scenarios, builtin_scenarios
) -> None:
    switch_language(client, "en")

    text = page_text(client.get("/"))

    assert '<html lang="en">' in text
    assert "Scenarios" in text
    for data in builtin_scenarios:
        assert data["title"]["en"] in text
        assert f"{len(data['countries'])} countries" in text
        assert f"{load_scenario(data).rounds} rounds" in text
        if data["title"]["en"] != data["title"]["id"]:
            assert data["title"]["id"] not in text


def test_switching_back_to_indonesian_translates_the_interface(client, loaded_scenarios) -> None:
    switch_language(client, "en")
    switch_language(client, "id")

    text = page_text(client.get("/"))

    assert '<html lang="id">' in text
    assert "Rundingkan dunia yang lebih aman" in text
    assert "Negotiate a safer world" not in text


def test_browser_language_is_honoured_before_any_choice(client) -> None:
    text = page_text(client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}))

    assert '<html lang="en">' in text
    assert "Negotiate a safer world" in text


def test_language_switch_marks_the_active_language(client) -> None:
    text = page_text(client.get("/"))

    assert 'action="/i18n/setlang/"' in text
    assert 'name="next" value="/"' in text
    assert re.search(r'<button[^>]*value="id"[^>]*aria-pressed="true"', text)
    assert re.search(r'<button[^>]*value="en"[^>]*aria-pressed="false"', text)


def test_home_is_made_for_phones(client) -> None:
    text = page_text(client.get("/"))

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "/static/game/css/base.css" in text
    assert finders.find("game/css/base.css") is not None


def test_home_without_scenarios_says_how_to_load_them(client) -> None:
    text = page_text(client.get("/"))

    assert "Belum ada skenario yang terpasang" in text
    assert "python manage.py load_scenarios" in text


def test_a_stored_scenario_that_no_longer_validates_is_left_out(
    client, loaded_scenarios, builtin_scenarios
) -> None:
    Scenario.objects.create(
        slug="outdated",
        title_id="Usang",
        title_en="Outdated",
        data={"slug": "outdated"},
        builtin=True,
    )

    response = client.get("/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Usang" not in text
    assert builtin_scenarios[0]["title"]["id"] in text
