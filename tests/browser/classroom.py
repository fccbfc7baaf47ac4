"""Helpers for the whole-class browser tests: a facilitator's console, students' phones and
the projector, each a page in its own browser context, driven through the pages as a class
would (join form, lobby buttons, console buttons, chat box, policy form).

Every wait is bounded: pages get a default timeout, and the few longer waits (a server
restart) say how long they allow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from tests.browser.conftest import DEMO_PASSWORD, DEMO_USER, LAPTOP, PHONE, screenshot

WAIT_MS = 10_000
CONSOLE_URL = re.compile(r".*/facilitate/([A-Z0-9]{6})/$")

SHELL_SETUP = """
import json
from django.contrib.auth import get_user_model
from game import identity
from game.models import Game, Scenario
from game.services import seats
from game.session import replay, sessions
"""

CREATE = (
    SHELL_SETUP
    + """
scenario = Scenario.objects.get(slug="kelas-6")
game = seats.create_game(owner=get_user_model().objects.get(username="guru"),
                         scenario=scenario, seed={seed!r}, bots={bots!r})
print(json.dumps({{"code": game.code, "id": game.pk, "key": identity.projector_key(game),
                   "countries": scenario.definition.country_ids}}))
"""
)

REPLAY = (
    SHELL_SETUP
    + """
game = Game.objects.get(code={code!r})
session = replay(game)
state = session.state
print(json.dumps({{
    "round": state.round, "phase": state.phase, "status": session.room.status,
    "countries": {{cid: {{"wealth": c.wealth, "score": c.score, "budget": state.budget(cid)}}
                  for cid, c in state.countries.items()}},
    "cached_equals_replay": sessions.current(game).state.as_dict() == state.as_dict(),
}}))
"""
)


def create_game(server, *, bots: dict[str, str] | None = None, seed: int = 11) -> dict:
    """A kelas-6 game as shipped, made through the services before any page connects."""
    return server.shell(CREATE.format(bots=bots or {}, seed=seed))


def replayed(server, code: str) -> dict:
    """The game folded from its whole log by ``game.session.replay`` (no cache)."""
    return server.shell(REPLAY.format(code=code))


# Pages -----------------------------------------------------------------------------------


def new_phone(chromium, locale: str = "id-ID"):
    return chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale=locale
    )


def new_laptop(chromium, locale: str = "id-ID", **options):
    return chromium.new_context(viewport=LAPTOP, locale=locale, **options)


def open_page(context, timeout_ms: int = WAIT_MS):
    """A page whose every wait is bounded and whose script errors are collected."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.set_default_navigation_timeout(timeout_ms)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


def snap(page, name: str) -> None:
    """A full-page screenshot from the top (sticky bars would otherwise land mid-page)."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# The facilitator -------------------------------------------------------------------------


def sign_in(page, url_glob: str) -> None:
    page.fill("#id_username", DEMO_USER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(url_glob)


def open_console(page, server_url: str, code: str) -> None:
    page.goto(f"{server_url}/facilitate/{code}/")
    if "/accounts/login/" in page.url:
        sign_in(page, f"**/facilitate/{code}/")
    page.wait_for_selector("#connection[data-status=open]")


def console_view(page, expression: str):
    """Read the console's live store (``window.mufakatConsole.view``)."""
    return page.evaluate(f"window.mufakatConsole.view.{expression}")


def console_phase(page) -> tuple[int, str, str]:
    game = console_view(page, "game")
    return game["round"], game["phase"], game["status"]


def advance(console) -> tuple[int, str]:
    """Press the console's advance button and wait until the store has left the phase."""
    round_, phase = console_view(console, "game.round"), console_view(console, "game.phase")
    console.locator("#advance:not([hidden]):not([disabled])").click()
    console.wait_for_function(
        "([r, p]) => { const g = window.mufakatConsole.view.game;"
        " return g.round !== r || g.phase !== p; }",
        arg=[round_, phase],
    )
    return console_view(console, "game.round"), console_view(console, "game.phase")


# Students --------------------------------------------------------------------------------


def join_by_form(page, server_url: str, code: str, name: str) -> None:
    """The join page as a student uses it: the code from the link, a name, Join."""
    page.goto(f"{server_url}/join/{code}/")
    assert page.input_value("#join-code") == code
    page.fill("#join-name", name)
    page.click("#join-form button[type=submit]")
    page.wait_for_url(f"**/play/{code}/")
    page.locator("#world-strip").wait_for()


def sit(page, country: str) -> None:
    card = page.locator(".seat-card", has=page.locator(f"[data-key='seat-{country}']"))
    card.locator("button").click()
    card.and_(page.locator(".mine")).wait_for()


def wait_phase(page, phase: str, round_: int | None = None) -> None:
    page.locator(f"#world-strip[data-phase='{phase}']").wait_for()
    if round_ is not None:
        page.wait_for_function(
            "r => document.querySelector('[data-strip=round]').textContent.includes(r + '/')",
            arg=round_,
        )


def wait_all(pages: Iterable, phase: str, round_: int | None = None) -> None:
    for page in pages:
        wait_phase(page, phase, round_)


def dismiss_notices(page) -> None:
    """Close the notices (toasts) with their × buttons, as a student does when they cover
    what she wants to tap: they hang under the world strip for four seconds, over the top of
    the open tab (the chat's channel buttons, for one)."""
    page.evaluate("document.querySelectorAll('#toasts .toast-close').forEach(b => b.click())")


def press(page, selector: str) -> None:
    """Tap a control the way a student would: scrolled to the middle of the screen, with the
    notices that cover it closed first."""
    target = page.locator(selector)
    target.evaluate("node => node.scrollIntoView({block: 'center'})")
    dismiss_notices(page)
    target.click()


def tab(page, name: str) -> None:
    page.click(f"#tab-{name}")
    page.locator(f"#panel-{name}:not([hidden])").wait_for()


def chat(page, channel: str, text: str) -> None:
    """Send one line in a conversation and wait until the server accepted it."""
    tab(page, "chat")
    press(page, f"[data-key='channel-{channel}']")
    page.fill("#panel-chat textarea", text)
    press(page, ".composer button[type=submit]")
    page.locator(".message.mine .text", has_text=text).wait_for()
    page.wait_for_function("() => !document.querySelector('#panel-chat textarea').value")


def sees_message(page, channel: str, text: str) -> None:
    tab(page, "chat")
    press(page, f"[data-key='channel-{channel}']")
    page.locator(".message .text", has_text=text).first.wait_for()


def submit_policy(page, *, mitigation_share: float | None = None, trade: str | None = None):
    """The head's quick policy: optionally a share of the budget for the climate, the rest
    into development, submit, and wait for the server's ✓. Returns the policy's numbers as
    the form shows them."""
    tab(page, "policy")
    if mitigation_share is not None:
        budget = float(page.get_attribute(".line input[type=range] >> nth=1", "max"))
        # Never below a binding minimum the form shows (the form refuses that itself).
        minimum = float(page.get_attribute(".line input[type=number] >> nth=1", "min") or 0)
        page.fill(
            ".line input[type=number] >> nth=1",
            str(max(minimum, round(budget * mitigation_share, 2))),
        )
    if trade is not None:
        page.check(f"#panel-policy input[data-stance=trade][value={trade}]")
    press(page, "#panel-policy .actions button >> nth=0")  # the rest into development
    page.wait_for_function(
        "() => !document.querySelector('#panel-policy button[type=submit]').disabled"
    )
    press(page, "#panel-policy button[type=submit]")
    page.locator("#panel-policy .ack:not([hidden])").filter(has_text="✓").wait_for()
    page.locator("#panel-policy .policy-status.done").wait_for()
    return page.evaluate(
        "[...document.querySelectorAll('#panel-policy .line input[type=number]')]"
        ".map(box => Number(box.value))"
    )


def shown_wealth(page) -> float:
    """The wealth on the country tab, parsed back from the page's own number format."""
    tab(page, "country")
    label = page.evaluate("gettext('Wealth')")
    stat = page.locator("#panel-country .stat", has=page.locator("dt", has_text=label)).first
    shown = stat.locator("dd b").inner_text()
    digits = re.search(r"[\d.,]+", shown).group(0)
    lang = page.evaluate("document.documentElement.lang")
    if lang == "en":
        return float(digits.replace(",", ""))
    return float(digits.replace(".", "").replace(",", "."))


def join_over_http(context, server_url: str, code: str, name: str) -> int:
    """Join as the join page does (CSRF cookie from a GET, then the API), without loading
    any page into the browser's cache; returns the player id."""
    context.request.get(f"{server_url}/join/{code}/")
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    answer = context.request.post(
        f"{server_url}/api/games/{code}/join",
        data=json.dumps({"name": name}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token, "Referer": server_url},
    )
    assert answer.status == 201, answer.text()
    return answer.json()["player"]
