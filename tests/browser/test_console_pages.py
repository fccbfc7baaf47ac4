"""The facilitator's console in Chromium against a real Daphne server: sign in, create a
game from the form, seat a student and hand the other countries to bots, run a round with
the buttons, talk to the class, and work the clock.

The checks look at elements by id and at the game's own numbers, not at wording, so they
hold in both languages and before the new strings are translated.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import DEMO_PASSWORD, DEMO_USER, PHONE
from tests.browser.conftest import screenshot as full_page_screenshot

pytestmark = pytest.mark.browser

CONSOLE_URL = re.compile(r".*/facilitate/([A-Z0-9]{6})/$")


def screenshot(page, name: str) -> None:
    """The whole page from its top (a sticky bar would otherwise be drawn mid-page)."""
    page.evaluate("window.scrollTo(0, 0)")
    full_page_screenshot(page, name)


def sign_in(page, url: str) -> None:
    page.fill("#id_username", DEMO_USER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(url)


def in_view(page, expression: str):
    """Read the console's live copy of the game (the store the panels render from)."""
    return page.evaluate(f"window.mufakatConsole.view.{expression}")


def seconds_shown(page) -> int:
    minutes, seconds = re.search(r"(\d+):(\d\d)", page.inner_text("#countdown")).groups()
    return int(minutes) * 60 + int(seconds)


def wait_for_countdown(page, low: int, high: int) -> None:
    """Until the countdown on screen shows between ``low`` and ``high`` seconds."""
    page.wait_for_function(
        "([low, high]) => { const m = /(\\d+):(\\d\\d)/.exec("
        "document.getElementById('countdown').textContent);"
        " if (!m) return false; const s = Number(m[1]) * 60 + Number(m[2]);"
        " return s >= low && s <= high; }",
        arg=[low, high],
    )


def join_as_student(context, server_url: str, code: str, name: str):
    """A student joins over HTTP (as the join page does) and opens their socket."""
    page = context.new_page()
    page.goto(server_url + "/")
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    answer = context.request.post(
        f"{server_url}/api/games/{code}/join",
        data=json.dumps({"name": name}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token, "Referer": server_url},
    )
    assert answer.status == 201, answer.text()
    page.evaluate(
        "code => new Promise(ready => {"
        " window.ws = new WebSocket(`ws://${location.host}/ws/games/${code}/play/`);"
        " window.ws.addEventListener('message', ready, {once: true}); })",
        code,
    )
    return page


def test_facilitator_creates_a_game_seats_bots_and_runs_a_round(game_server, chromium, laptop):
    page = laptop.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Signing in: the facilitator's pages send a visitor to the login page and back.
    page.goto(game_server.url + "/facilitate/")
    assert "/accounts/login/" in page.url
    screenshot(page, "console-login")
    sign_in(page, "**/facilitate/")

    # A new kelas-6 game from the form.
    page.select_option("#scenario", "kelas-6")
    assert page.locator(".bots-fieldset[data-scenario='kelas-6']").is_visible()
    screenshot(page, "console-home")
    page.click("#create-game")
    page.wait_for_url(CONSOLE_URL)
    code = CONSOLE_URL.match(page.url).group(1)
    page.wait_for_selector("#connection[data-status=open]")

    assert page.inner_text("#join-code") == code
    assert page.get_attribute("#join-link", "href").endswith(f"/join/{code}/")
    assert f"/projector/{code}/?key=" in page.get_attribute("#projector-link", "href")
    page.wait_for_function(
        "(() => { const qr = document.getElementById('qr');"
        " return qr && (qr.tagName.toLowerCase() === 'svg' || qr.naturalWidth > 0); })()"
    )
    countries = page.evaluate("Object.keys(window.mufakatConsole.view.countries)")
    assert len(countries) == 6

    # A student arrives: presence shows online, in words; the facilitator seats her.
    phone = chromium.new_context(viewport=PHONE, locale="id-ID")
    join_as_student(phone, game_server.url, code, "Siti")
    student = page.locator("#players .player", has_text="Siti")
    student.locator(".presence[data-online=true]").wait_for()
    student.locator(".seat-select").select_option(countries[5])
    page.wait_for_function(
        f"window.mufakatConsole.view.members.some(m => m.country === '{countries[5]}' && m.head)"
    )

    # Five countries go to bots, one by one, from the lobby's pickers.
    for country in countries[:5]:
        page.select_option(f"#bot-{country}", "cooperator")
        page.wait_for_function(f"window.mufakatConsole.view.bots['{country}'] === 'cooperator'")
    page.check("#lock-lobby")
    page.wait_for_function("window.mufakatConsole.view.game.locked === true")
    screenshot(page, "console-lobby")

    # Start, then leave each phase of round 1 with the button.
    page.click("#start")
    page.wait_for_selector("#console[data-status=running]")
    assert in_view(page, "game.phase") == "briefing"
    page.click("#tab-charts")
    assert page.locator("#chart-warming [data-point]").count() == 1  # the start only
    page.click("#tab-round")
    for phase in ("briefing", "negotiation", "decision"):
        page.click("#advance")
        page.wait_for_function(f"window.mufakatConsole.view.game.phase !== '{phase}'")
    assert in_view(page, "game.phase") == "results"
    assert in_view(page, "history.length") == 1
    # Five more minutes to talk about the results (and for the rest of this test).
    page.click("[data-extend='300']")
    wait_for_countdown(page, 300, 360)
    assert page.locator("#countries tbody tr").count() == 6
    assert page.locator("#submissions .badge.bot").count() == 5
    screenshot(page, "console-round")

    # The charts grew by the resolved round.
    page.click("#tab-charts")
    assert page.locator("#chart-warming [data-point]").count() == 2
    assert page.locator("#chart-gini [data-point]").count() == 2
    assert page.locator("#wealth-charts .chart").count() == 6
    assert page.locator("#chart-warming table tbody tr").count() == 2  # the text alternative
    screenshot(page, "console-charts")

    # An announcement to everyone, and the student's help request answered.
    page.click("#tab-messages")
    page.fill("#announce-text", "Lima menit lagi!")
    page.click("#announce-send")
    page.locator("#channel-messages .message", has_text="Lima menit lagi!").wait_for()
    # The field empties when the server's ack comes, which may follow the message itself.
    page.wait_for_function("document.querySelector('#announce-text').value === ''")
    phone.pages[0].evaluate(
        "window.ws.send(JSON.stringify({type: 'help', text: 'Bagaimana cara menandatangani?'}))"
    )
    page.locator("#help-list .help-thread.is-open").wait_for()
    assert page.is_visible("#help-badge")
    page.locator("#help-list textarea").fill("Tekan Tanda tangan.")
    page.locator("#help-list button[type=submit]").click()
    page.wait_for_selector("#help-list .help-thread:not(.is-open)")
    assert page.is_hidden("#help-badge")
    page.wait_for_function("document.querySelector('#help-list textarea').value === ''")
    screenshot(page, "console-messages")

    # Pause freezes the clock, +2 min adds two minutes to it, resume runs it again.
    page.click("#pause")
    page.wait_for_selector("#countdown[data-state=paused]")
    before = seconds_shown(page)
    page.click("[data-extend='120']")
    wait_for_countdown(page, before + 119, before + 121)
    page.wait_for_timeout(600)
    assert page.get_attribute("#countdown", "data-state") == "paused"
    assert before + 119 <= seconds_shown(page) <= before + 121  # frozen while paused
    page.click("[data-extend='60']")
    wait_for_countdown(page, before + 179, before + 181)
    page.click("#resume")
    page.wait_for_selector("#countdown[data-state=running]")
    wait_for_countdown(page, before + 175, before + 181)
    running = seconds_shown(page)
    page.wait_for_timeout(1300)
    assert seconds_shown(page) < running  # and it runs again

    # The server holds what the buttons asked for.
    state = game_server.shell(
        "import json; from game.models import Game; from game.session import sessions;"
        f" s = sessions.current(Game.objects.get(code='{code}'));"
        " print(json.dumps({'bots': dict(s.room.bots), 'round': s.state.round,"
        " 'phase': s.state.phase, 'locked': s.room.locked,"
        " 'channels': [m.channel for m in s.room.messages]}))"
    )
    assert state["bots"] == {country: "cooperator" for country in countries[:5]}
    assert (state["round"], state["phase"], state["locked"]) == (1, "results", True)
    assert "announcements" in state["channels"]
    assert errors == []

    # The same console on a phone fits the screen and still runs the game.
    small = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        storage_state=laptop.storage_state(),
    )
    mobile = small.new_page()
    mobile.goto(page.url)
    mobile.wait_for_selector("#connection[data-status=open]")
    mobile.wait_for_selector("#advance:not([hidden])")
    assert mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(mobile, "console-phone")
    small.close()
    phone.close()


def test_console_tabs_work_from_the_keyboard(game_server, laptop):
    created = game_server.shell(
        "import json; from django.contrib.auth import get_user_model;"
        " from game.models import Scenario; from game.services import seats;"
        " g = seats.create_game(owner=get_user_model().objects.get(username='guru'),"
        " scenario=Scenario.objects.get(slug='kelas-6'));"
        " print(json.dumps(g.code))"
    )
    page = laptop.new_page()
    page.goto(f"{game_server.url}/facilitate/{created}/")
    sign_in(page, f"**/facilitate/{created}/")
    page.wait_for_selector("#connection[data-status=open]")

    page.focus("#tab-lobby")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-round"
    assert page.is_visible("#panel-round") and page.is_hidden("#panel-lobby")
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.id") == "tab-charts"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Home")
    assert page.get_attribute("#tab-lobby", "aria-selected") == "true"

    # Every control in the lobby has a name a screen reader can say.
    unnamed = page.evaluate(
        "[...document.querySelectorAll('#panel-lobby select, #panel-lobby input, button')]"
        ".filter(e => !e.closest('[hidden]') && e.offsetParent !== null)"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
        " && !e.textContent.trim()).map(e => e.outerHTML)"
    )
    assert unnamed == []
