"""What a classroom's network and devices do to a running game, in Chromium against a real
Daphne server: a student reloads mid-round, the server restarts mid-phase, and everyone
switches the pages to English.

- A reload keeps the seat, the open tab and what the student had typed in the chat box.
- While the server is down every open page says it is reconnecting; once it is back each
  page recovers by itself (the same document, never reloaded), shows the same deadline as
  before and still works: a chat line sent after the restart reaches the other phone, and
  the console still advances the game.
- The language switch turns the students' pages and the console to English, and the
  projector (which has no switch of its own) follows the laptop's choice when it loads.

The server restart is ``game_server.restart()`` done in its two halves (``stop`` then
``start``) so the pages can be looked at while the server is down.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.classroom import (
    advance,
    chat,
    console_view,
    create_game,
    fits_the_screen,
    join_by_form,
    new_phone,
    open_console,
    open_page,
    press,
    sees_message,
    sit,
    snap,
    tab,
    wait_all,
)

pytestmark = pytest.mark.browser

RECOVERY_MS = 30_000  # a server restart, then the pages' back-off (at most 8 s between tries)
TYPED = "Kita usulkan 20 persen untuk iklim"


def clock_seconds(text: str) -> int | None:
    found = re.search(r"(\d+):(\d\d)", text)
    return int(found.group(1)) * 60 + int(found.group(2)) if found else None


def clocks(pages: dict) -> dict[str, tuple[int | None, float]]:
    """Each page's countdown on screen, with the moment it was read."""
    shown = {}
    for name, (page, selector) in pages.items():
        shown[name] = (clock_seconds(page.inner_text(selector)), time.monotonic())
    return shown


def test_reload_restart_and_english(game_server, chromium, laptop):
    game = create_game(
        game_server, bots={country: "cooperator" for country in ("usa", "ind", "nga", "ner")}
    )
    code = game["code"]
    contexts = []
    stopped = False
    try:
        console = open_page(laptop)
        open_console(console, game_server.url, code)
        # The projector: a second window of the teacher's laptop, as in a classroom.
        projector = open_page(laptop)
        projector.goto(f"{game_server.url}/projector/{code}/?key={game['key']}")
        projector.wait_for_selector("#connection[data-status=open]", state="attached")

        students = {}
        for name, country in (("Siti", "idn"), ("Budi", "idn"), ("Hans", "deu")):
            context = new_phone(chromium)
            contexts.append(context)
            page = open_page(context)
            join_by_form(page, game_server.url, code, name)
            sit(page, country)
            students[name] = page
        siti, budi, hans = students["Siti"], students["Budi"], students["Hans"]

        console.click("#start")
        console.wait_for_selector("#console[data-status=running]")
        assert advance(console) == (1, "negotiation")
        wait_all(students.values(), "negotiation", 1)

        # --- A reload mid-round keeps the seat and what was typed. -----------------------
        tab(budi, "chat")
        budi.click("[data-key='channel-delegation']")
        budi.fill("#panel-chat textarea", TYPED)
        budi.reload()
        budi.locator("#world-strip[data-phase=negotiation]").wait_for()
        budi.locator("#panel-chat:not([hidden])").wait_for()
        assert budi.is_hidden("#lobby")
        assert budi.get_attribute("#tab-chat", "aria-selected") == "true"
        assert budi.get_attribute("[data-key='channel-delegation']", "aria-pressed") == "true"
        assert budi.input_value("#panel-chat textarea") == TYPED
        tab(budi, "country")
        budi.locator("#panel-country h2", has_text="Indonesia").wait_for()
        member = budi.locator("#panel-country .plain-list li", has_text="Budi")
        assert member.count() == 1
        assert console_view(console, "members.find(m => m.name === 'Budi').country") == "idn"
        tab(budi, "chat")
        assert budi.input_value("#panel-chat textarea") == TYPED
        snap(budi, "recovery-player-after-reload")

        # --- The server restarts mid-phase. ----------------------------------------------
        deadline = console_view(console, "game.timer.deadline")
        assert deadline
        countdowns = {name: (page, "[data-strip=clock]") for name, page in students.items()}
        countdowns["console"] = (console, "#countdown")
        countdowns["projector"] = (projector, "#pj-countdown")
        pages = [*students.values(), console, projector]
        for page in pages:
            page.evaluate("window.sameDocument = 'not reloaded'")
        before = clocks(countdowns)
        assert all(seconds for seconds, _ in before.values()), before

        game_server.stop()
        stopped = True
        for page in students.values():
            page.locator("#player-app[data-connection=reconnecting]").wait_for()
            page.locator("#connection-banner:not([hidden])").wait_for()
            assert page.locator("#connection-banner [data-banner=message]").inner_text().strip()
        console.wait_for_selector("#connection[data-status=reconnecting]")
        projector.wait_for_selector("#connection[data-status=reconnecting]", state="attached")
        snap(siti, "recovery-player-reconnecting")
        snap(console, "recovery-console-reconnecting")
        snap(projector, "recovery-projector-reconnecting")

        game_server.start()
        stopped = False
        for page in students.values():
            page.locator("#player-app[data-connection=open]").wait_for(timeout=RECOVERY_MS)
            page.locator("#connection-banner").wait_for(state="hidden")
        console.wait_for_selector("#connection[data-status=open]", timeout=RECOVERY_MS)
        projector.wait_for_selector(
            "#connection[data-status=open]", state="attached", timeout=RECOVERY_MS
        )
        for page in pages:
            assert page.evaluate("window.sameDocument") == "not reloaded"

        # The same deadline as before the restart, on every page.
        assert console_view(console, "game.timer.deadline") == deadline
        after = clocks(countdowns)
        for name, (seconds, read_at) in after.items():
            was, was_read_at = before[name]
            expected = was - (read_at - was_read_at)
            assert seconds is not None and abs(seconds - expected) <= 2, (name, was, seconds)
        assert budi.input_value("#panel-chat textarea") == TYPED
        snap(siti, "recovery-player-recovered")

        # ... and everything still works: the kept chat line goes out and arrives.
        press(budi, ".composer button[type=submit]")
        budi.locator(".message.mine .text", has_text=TYPED).wait_for()
        sees_message(siti, "delegation", TYPED)
        chat(hans, "plenary", "Kami juga kembali")
        sees_message(siti, "plenary", "Kami juga kembali")
        assert advance(console) == (1, "decision")
        wait_all(students.values(), "decision", 1)

        # --- The language switch turns every page to English. ----------------------------
        for name, page in students.items():
            page.get_by_role("button", name="English").click()
            page.wait_for_function("document.documentElement.lang === 'en'")
            page.locator("#world-strip[data-phase=decision]").wait_for()
            assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == (
                "true"
            )
            assert page.inner_text("[data-strip=phase]").strip() == "Decision", name
            assert page.inner_text("#tab-country").strip().endswith("Country"), name
            assert page.inner_text("#tab-policy").strip().endswith("Policy"), name
        tab(hans, "country")
        hans.locator("#panel-country h2", has_text="Germany").wait_for()
        tab(siti, "policy")
        siti.locator("#panel-policy h2", has_text="National policy").wait_for()
        assert siti.inner_text("#panel-policy button[type=submit]").strip() == "Submit policy"
        tab(budi, "policy")
        assert budi.inner_text("#panel-policy button[type=submit]").strip() == (
            "Propose to the head"
        )
        # What Budi typed before all this is gone only because he sent it.
        tab(budi, "chat")
        assert budi.input_value("#panel-chat textarea") == ""
        for name, page in students.items():
            assert fits_the_screen(page), name
            snap(page, f"recovery-player-english-{name.lower()}")

        console.get_by_role("button", name="English").click()
        console.wait_for_function("document.documentElement.lang === 'en'")
        console.wait_for_selector("#connection[data-status=open]")
        console.wait_for_function(
            "document.getElementById('bar-phase').textContent.trim() === 'Decision'"
        )
        assert console.inner_text("#tab-round").strip().startswith("Round")
        snap(console, "recovery-console-english")
        projector.reload()
        projector.wait_for_function("document.documentElement.lang === 'en'")
        projector.wait_for_selector("#connection[data-status=open]", state="attached")
        projector.wait_for_function(
            "document.getElementById('pj-phase').textContent.trim() === 'Decision'"
        )
        snap(projector, "recovery-projector-english")

        for name, page in students.items():
            assert page.errors == [], (name, page.errors)
        assert console.errors == [] and projector.errors == []
    finally:
        if stopped:
            game_server.start()
        for context in contexts:
            context.close()
