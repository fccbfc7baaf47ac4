"""The debrief report in Chromium against a real Daphne server: a finished game's report on
a laptop, then as the printer sees it, saved as a PDF handout.

The game is played through the services in a manage.py process (the same helper the server
tests use: students, bots, a pledge, a private channel), before any page opens it. The checks
use ids and computed styles, not wording, so they hold in both languages.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, DEMO_PASSWORD, DEMO_USER, screenshot

pytestmark = pytest.mark.browser

SETUP = """
import json
from django.contrib.auth import get_user_model
from game.models import Scenario
from tests.server.finished_game import play_game
played = play_game(get_user_model().objects.get(username="guru"),
                   Scenario.objects.get(slug="kelas-6"), seed=7)
print(json.dumps({"code": played.game.code}))
"""

SECTIONS = ("outcome", "charts", "pledges", "network", "moments", "questions")


def sign_in(page, server_url: str, target: str) -> None:
    page.goto(f"{server_url}/accounts/login/?next={target}")
    page.fill("#id_username", DEMO_USER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"**{target}")


def test_the_report_of_a_finished_game_prints_cleanly_to_pdf(game_server, laptop):
    code = game_server.shell(SETUP)["code"]
    page = laptop.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    target = f"/facilitate/{code}/report/"
    sign_in(page, game_server.url, target)

    # On screen: every section, charts drawn by the script, the network picture, questions.
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible()
    page.wait_for_selector("[data-chart='wealth'][data-drawn]")
    drawn = page.locator("[data-chart][data-drawn] svg.chart-svg")
    assert drawn.count() == 5
    assert page.locator("#talk-network circle").count() == 7
    assert page.locator("#talk-network line").count() == 1
    assert page.locator("#questions [lang='id']").count() == 6
    assert page.locator("#questions [lang='en']").count() == 6
    assert page.locator("[data-action=print]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "report-screen")

    # On paper: no navigation, each section on a new page, black on white.
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".report-actions", ".report-contents"):
        assert page.locator(hidden).first.is_hidden(), hidden
    for section in SECTIONS:
        style = page.evaluate(f"getComputedStyle(document.getElementById('{section}')).breakBefore")
        assert style == "page", section
    # The charts are drawn again at the paper's width, so their text is never blown up.
    scales = page.evaluate(
        """[...document.querySelectorAll('[data-chart] svg.chart-svg')].map(
             svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""
    )
    assert len(scales) == 5 and all(scale <= 1.01 for scale in scales), scales
    ink = page.evaluate("getComputedStyle(document.querySelector('.report')).color")
    assert ink == "rgb(0, 0, 0)"
    edge = page.evaluate("getComputedStyle(document.querySelector('#talk-network line')).stroke")
    assert edge == "rgb(0, 0, 0)"
    screenshot(page, "report-print")

    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= len(SECTIONS)
    assert errors == []
