"""The student's pages on phones: joining, choosing a delegation, chatting, a whole round
(negotiate → decide → results), a reload, and the language switch, against a real Daphne
server (the ``game_server`` fixture) with Chromium at 360 px.

Games are set up through the services in a ``manage.py shell`` process. Events recorded in
that process do not reach the server's sockets (the in-memory channel layer lives in the
server), so phases are moved the way a classroom's clock moves them: the shell makes the
current phase's deadline pass, and the server's own clock (``resolve_due``, ticking every
0.5 s) advances the game and tells every phone.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

WAIT_MS = 10_000

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from game.models import Game, Scenario
from game.services import phases, seats
from game.services.log import locked, record
"""

CREATE = (
    SETUP
    + """
game = seats.create_game(owner=User.objects.get(username="guru"),
                         scenario=Scenario.objects.get(slug="kelas-6"), seed=11, bots={bots!r})
if {size!r}:
    game.scenario_data = {{**game.scenario_data, "delegation_size": {size!r}}}
    game.save(update_fields=["scenario_data"])
if {locked!r}:
    seats.lock_lobby(game_id=game.pk, locked_=True, actor="facilitator")
print(json.dumps({{"code": game.code, "id": game.pk}}))
"""
)

# Start the game if asked, then let the current phase's time run out: the server's clock
# notices within half a second and advances the game for everyone connected.
TIME_UP = (
    SETUP
    + """
if {start!r}:
    phases.start_game(game_id={game!r}, actor="facilitator")
with locked({game!r}) as (game, session):
    past = (timezone.now() - timedelta(seconds=1)).isoformat()
    session = record(game, session, [("timer_set", {{"deadline": past, "remaining": None}})],
                     "facilitator")
print(json.dumps([session.state.round, session.state.phase]))
"""
)


def create_game(server, *, bots=None, size=None, locked=False) -> dict:
    return server.shell(CREATE.format(bots=bots or {}, size=size, locked=locked))


def time_up(server, game: dict, *, start: bool = False) -> None:
    server.shell(TIME_UP.format(game=game["id"], start=start))


def open_page(context):
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


@pytest.fixture
def other_phone(chromium):
    """A second student's phone, with its own cookies."""
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
    )
    yield context
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def snap(page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def join(page, server, game: dict, name: str, *, civil: bool = False) -> None:
    page.goto(f"{server.url}/join/{game['code']}/")
    page.fill("#join-name", name)
    if civil:
        page.check("#join-civil")
    page.click("#join-form button[type=submit]")
    page.wait_for_url(f"**/play/{game['code']}/")


def sit(page, country: str) -> None:
    card = page.locator(".seat-card", has=page.locator(f"[data-key='seat-{country}']"))
    card.locator("button").click()
    card.and_(page.locator(".mine")).wait_for()


def wait_phase(page, phase: str) -> None:
    page.locator(f"#world-strip[data-phase='{phase}']").wait_for()


def tab(page, name: str) -> None:
    page.click(f"#tab-{name}")
    page.locator(f"#panel-{name}:not([hidden])").wait_for()


def test_a_wrong_code_and_a_locked_lobby_are_explained_at_the_code_field(game_server, phone):
    page = open_page(phone)
    page.goto(f"{game_server.url}/join/")
    page.fill("#join-code", "zz zzzz")
    page.fill("#join-name", "Siti")
    page.click("#join-form button[type=submit]")

    error = page.locator("#join-code-error")
    error.filter(has_text="ZZZZZZ").wait_for()
    assert page.get_attribute("#join-code", "aria-invalid") == "true"
    assert "join-code-error" in page.get_attribute("#join-code", "aria-describedby")
    assert page.evaluate("document.activeElement.id") == "join-code"
    assert fits_the_screen(page)
    snap(page, "player-join-wrong-code")

    game = create_game(game_server, locked=True)
    page.fill("#join-code", game["code"])
    page.click("#join-form button[type=submit]")
    # The form clears the old error as it sends, then shows the server's answer: wait for that.
    page.wait_for_function(
        "t => { const text = document.querySelector('#join-code-error').textContent;"
        " return text.trim() !== '' && !text.includes(t); }",
        arg="ZZZZZZ",
    )
    assert error.inner_text().strip()
    assert page.url.endswith("/join/")
    snap(page, "player-join-locked")
    assert page.errors == []


def test_a_student_joins_and_chooses_a_delegation_on_a_360_px_phone(game_server, phone):
    game = create_game(game_server, bots={"usa": "cooperator"})
    page = open_page(phone)
    join(page, game_server, game, "Siti")

    page.locator(".seat-card").first.wait_for()
    usa = page.locator(".seat-card", has=page.locator("[data-key='seat-usa']"))
    assert "Amerika Serikat" in usa.inner_text()  # the view's names, in the page language
    assert fits_the_screen(page)
    snap(page, "player-lobby")

    sit(page, "usa")  # taking a country back from its bot
    assert page.locator("[data-key='seat-usa']").is_disabled()
    described = page.get_attribute("[data-key='seat-usa']", "aria-describedby")
    assert page.locator(f"#{described}").inner_text().strip()
    assert fits_the_screen(page)
    snap(page, "player-lobby-seated")
    assert page.errors == []


def test_a_chat_message_reaches_the_other_phone_as_text(game_server, phone, other_phone):
    game = create_game(game_server, size=1)
    siti, hans = open_page(phone), open_page(other_phone)
    join(siti, game_server, game, "Siti")
    sit(siti, "idn")
    join(hans, game_server, game, "Hans")
    # Indonesia's single seat is taken: the button says why it cannot be used.
    full = hans.locator("[data-key='seat-idn']")
    full.wait_for()
    hans.wait_for_function("() => document.querySelector(\"[data-key='seat-idn']\").disabled")
    assert hans.locator(f"#{full.get_attribute('aria-describedby')}").inner_text().strip()
    sit(hans, "deu")

    time_up(game_server, game, start=True)
    wait_phase(siti, "negotiation")
    wait_phase(hans, "negotiation")

    tab(siti, "chat")
    siti.click("[data-key='channel-plenary']")
    typed = '<b>Halo</b> <img src=x onerror="document.title=1">'
    siti.fill("#panel-chat textarea", typed)
    siti.click(".composer button[type=submit]")
    siti.locator(".message.mine .text").wait_for()
    siti.wait_for_function("() => !document.querySelector('#panel-chat textarea').value")

    badge = hans.locator("#tab-chat .badge")
    badge.wait_for()
    tab(hans, "chat")
    hans.click("[data-key='channel-plenary']")
    shown = hans.locator(".message .text").first
    shown.wait_for()
    assert shown.inner_text() == typed
    assert hans.locator(".message .text b, .message .text img").count() == 0
    assert badge.is_hidden()
    assert fits_the_screen(hans)
    snap(hans, "player-chat")

    # At most five messages per ten seconds: a quick burst is refused, and what was typed
    # stays in the box with the server's reason under it.
    refused = siti.locator(".composer .field-error:not(:empty)")
    for number in range(1, 7):
        siti.fill("#panel-chat textarea", f"pesan {number}")
        siti.click(".composer button[type=submit]")
        siti.wait_for_function(
            "() => !document.querySelector('#panel-chat textarea').value"
            " || document.querySelector('.composer .field-error').textContent"
        )
        if refused.count():
            break
    assert refused.count() == 1
    assert siti.input_value("#panel-chat textarea") == f"pesan {number}"
    assert siti.errors == [] and hans.errors == []


def test_one_player_negotiates_decides_and_sees_the_results(game_server, phone):
    bots = {country: "cooperator" for country in ("usa", "deu", "ind", "nga", "ner")}
    game = create_game(game_server, bots=bots)
    page = open_page(phone)
    join(page, game_server, game, "Siti")
    sit(page, "idn")
    time_up(game_server, game, start=True)
    wait_phase(page, "negotiation")
    snap(page, "player-country")
    tab(page, "world")
    snap(page, "player-world")

    # Negotiation: draft a binding climate agreement, open it, sign it; the bots co-sign.
    tab(page, "agreements")
    page.click("#new-agreement")
    page.fill("#agreement-form input[name=title]", "Dana iklim")
    page.check("#agreement-form input[name=kind][value=binding]")
    snap(page, "player-agreement-form")
    page.click("#agreement-form button[type=submit]")
    page.locator("#agreement-A1").wait_for()
    page.click("[data-key='open-A1']")
    page.locator("#agreement-A1.status-active").wait_for()  # three cooperators signed at once
    page.click("[data-key='sign-A1']")
    page.locator("[data-key='leave-A1']").wait_for()
    card = page.locator("#agreement-A1")
    assert "Indonesia" in card.inner_text() and "Amerika Serikat" in card.inner_text()
    assert "14,5" in card.locator(".cost").inner_text()  # 10 % of a 145 budget, in money
    snap(page, "player-agreements")

    # Decision: the binding minimum shows in the form; the head submits.
    time_up(game_server, game)
    wait_phase(page, "decision")
    tab(page, "policy")
    assert "Dana iklim" in page.locator(".line .minimum:not(:empty)").first.inner_text()
    page.fill(".line input[type=number] >> nth=1", "1")  # below the minimum: refused here
    assert page.locator("#panel-policy button[type=submit]").is_disabled()
    page.fill(".line input[type=number] >> nth=1", "20")
    page.click("#panel-policy .actions button >> nth=0")  # put the rest into development
    page.click("#panel-policy button[type=submit]")
    page.locator(".ack:not([hidden])").filter(has_text="✓").wait_for()
    page.locator(".policy-status.done").wait_for()
    assert fits_the_screen(page)
    snap(page, "player-policy")

    # A reload in the middle of the round keeps the seat, the tab and the submission.
    page.reload()
    page.locator("#panel-policy:not([hidden]) .policy-status.done").wait_for()
    assert page.locator("#tab-policy").get_attribute("aria-selected") == "true"

    # The round is resolved: the results say what changed for Indonesia and why.
    time_up(game_server, game)
    wait_phase(page, "results")
    tab(page, "results")
    causes = page.locator(".causes li")
    causes.first.wait_for()
    assert causes.count() >= 3
    assert page.locator(".before-after tbody tr").count() >= 2
    assert page.locator(".results-body .news li").count() >= 1
    assert fits_the_screen(page)
    snap(page, "player-results")
    tab(page, "world")
    page.locator(".news-block li").first.wait_for()
    assert page.errors == []


def test_the_language_switch_shows_the_page_in_english(game_server, phone):
    game = create_game(game_server)
    page = open_page(phone)
    join(page, game_server, game, "Siti")
    sit(page, "usa")
    assert page.locator("html").get_attribute("lang") == "id"

    # Back on the join page, this browser is offered its seat instead of a second one.
    page.goto(f"{game_server.url}/join/{game['code']}/")
    page.click(f".notice a[href$='/play/{game['code']}/']")
    page.locator(".seat-card.mine [data-key='seat-usa']").wait_for()

    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    card = page.locator(".seat-card", has=page.locator("[data-key='seat-usa']"))
    card.filter(has_text="United States").wait_for()
    assert page.locator("#tab-country").inner_text().strip().endswith("Country")
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    time_up(game_server, game, start=True)
    wait_phase(page, "negotiation")
    page.locator("#panel-country h2").filter(has_text="United States").wait_for()

    # The tab bar works from the keyboard, with a visible focus.
    page.focus("#tab-country")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-world"
    assert page.get_attribute("#tab-world", "aria-selected") == "true"
    assert page.is_visible("#panel-world")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowLeft")
    assert fits_the_screen(page)
    snap(page, "player-country-en")
    assert page.errors == []
