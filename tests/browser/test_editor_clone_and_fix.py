"""A teacher makes a built-in scenario theirs in the browser: copy kelas-6, get a value wrong
and see why next to the field, fix it, save; then preview it with bots."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import ARTIFACTS, DEMO_PASSWORD, DEMO_USER, screenshot

pytestmark = pytest.mark.browser


def sign_in(page, server) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", DEMO_USER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator('form[action="/accounts/login/"] [type=submit]').click()
    page.wait_for_load_state()


def screenshot_here(page, name: str) -> None:
    """What the teacher sees at this moment (the editor is too long for a whole-page shot)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def stored(server, slug: str) -> dict:
    return server.shell(
        "import json; from game.models import Scenario; "
        f"print(json.dumps(Scenario.objects.get(slug={slug!r}).data))"
    )


def test_a_teacher_clones_kelas_6_sees_a_problem_next_to_its_field_fixes_it_and_saves(
    game_server, laptop
):
    page = laptop.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, game_server)

    page.goto(f"{game_server.url}/facilitate/scenarios/")
    page.click("#clone-kelas-6")
    page.wait_for_url("**/edit/")
    slug = page.url.rstrip("/").split("/")[-2]
    assert slug.startswith("kelas-6-")
    population = page.locator('[data-path="countries[3].population"]')
    page.locator("#f-countries-3 > summary").click()
    assert population.is_visible()
    before = stored(game_server, slug)

    # A wrong value: the message appears next to the field, before anything is saved.
    population.fill("-5")
    problem = page.locator('.field-problem[data-problem-for="countries[3].population"]')
    problem.wait_for()
    assert population.get_attribute("aria-invalid") == "true"
    assert problem.get_attribute("id") in population.get_attribute("aria-describedby").split()
    assert "0" in problem.inner_text()
    field = page.locator('[data-field="countries[3].population"]')
    assert field.locator(".field-problem").count() == 1
    summary = page.locator("#editor-problems")
    assert summary.is_visible()
    assert "countries[3].population" in summary.inner_text()
    population.evaluate("node => node.scrollIntoView({block: 'center'})")
    screenshot_here(page, "editor-problem-laptop")

    # Saving anyway is refused by the server; nothing changes.
    with page.expect_response(lambda r: r.url.endswith("/save/")) as refused:
        page.click("#editor-save")
    assert refused.value.status == 400
    assert stored(game_server, slug) == before

    # Fixed: the message goes, and saving stores the value.
    population.fill("280")
    problem.wait_for(state="detached")
    assert population.get_attribute("aria-invalid") is None
    assert summary.is_hidden()
    with page.expect_response(lambda r: r.url.endswith("/save/")) as saved:
        page.click("#editor-save")
    assert saved.value.status == 200
    assert stored(game_server, slug)["countries"][3]["population"] == 280
    screenshot_here(page, "editor-saved-laptop")
    assert errors == []


def test_a_new_country_and_a_news_event_are_checked_before_they_are_saved(game_server, laptop):
    page = laptop.new_page()
    sign_in(page, game_server)
    page.goto(f"{game_server.url}/facilitate/scenarios/")
    page.click("#clone-kelas-6")
    page.wait_for_url("**/edit/")
    slug = page.url.rstrip("/").split("/")[-2]

    page.click("#f-countries-add")
    # The new country starts like the one before it; its id and names are the teacher's.
    for problem_path in ("countries[6].id", "countries[6].name.id", "countries[6].region"):
        page.locator(f'.field-problem[data-problem-for="{problem_path}"]').wait_for()
    page.fill('[data-path="countries[6].id"]', "tls")
    page.fill('[data-path="countries[6].name.id"]', "Timor Leste")
    page.fill('[data-path="countries[6].name.en"]', "Timor-Leste")
    page.fill('[data-path="countries[6].region"]', "southeast-asia")
    page.wait_for_function("document.querySelectorAll('.field-problem').length === 0")
    page.click("#f-events-0 > summary")
    page.fill('[data-path="events[0].round"]', "12")
    page.locator('.field-problem[data-problem-for="events[0].round"]').wait_for()
    page.fill('[data-path="events[0].round"]', "3")
    page.wait_for_function("document.querySelectorAll('.field-problem').length === 0")

    with page.expect_response(lambda r: r.url.endswith("/save/")) as saved:
        page.click("#editor-save")

    assert saved.value.status == 200
    data = stored(game_server, slug)
    assert [c["id"] for c in data["countries"]][-1] == "tls"
    assert data["events"][0]["round"] == 3


def test_a_preview_draws_the_charts_on_a_phone(game_server, phone):
    page = phone.new_page()
    sign_in(page, game_server)

    page.goto(
        f"{game_server.url}/facilitate/scenarios/kelas-6/preview/"
        "?mode=all&strategy=cooperator&seed=2&expected_value=on"
    )

    charts = page.locator("#preview-charts figure")
    charts.first.wait_for()
    assert charts.count() == 4
    assert page.locator("#preview-charts svg[role=img]").count() == 4
    figures = json.loads(page.locator("#preview-figures").inner_text())
    assert len(figures["rounds"]) == 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("#preview-results").scroll_into_view_if_needed()
    screenshot(page, "scenario-preview-phone")
