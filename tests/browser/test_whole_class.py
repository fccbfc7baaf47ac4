"""A whole class plays kelas-6, as shipped, from the lobby to the debrief in Chromium against
a real Daphne server: the facilitator's console on a laptop, six students on their own
360 px phones and the projector on the wall, each in its own browser context.

Everything after the facilitator signs in goes through the pages: the new-game form, the
join page, the lobby's buttons, the console's bot pickers and advance button, the chat box,
the agreement form and buttons, and the policy form. The facilitator moves the class along
with the button (the scenario's 6-minute negotiations would take an hour), so all six rounds
of the shipped scenario run in well under two minutes.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin

import pytest

from tests.browser.classroom import (
    CONSOLE_URL,
    advance,
    chat,
    console_phase,
    console_view,
    create_game,
    fits_the_screen,
    join_by_form,
    new_laptop,
    new_phone,
    open_console,
    open_page,
    press,
    replayed,
    sees_message,
    shown_wealth,
    sign_in,
    sit,
    snap,
    submit_policy,
    tab,
    wait_all,
    wait_phase,
)
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# Six students: two share Indonesia's delegation (the first to sit is its head); Niger is
# left for the facilitator to hand to a bot.
STUDENTS = [
    ("Siti", "idn"),
    ("Budi", "idn"),
    ("Hans", "deu"),
    ("John", "usa"),
    ("Priya", "ind"),
    ("Ade", "nga"),
]
HEADS = ["Siti", "Hans", "John", "Priya", "Ade"]
BOT_COUNTRY = "ner"
# Each head's share of the budget for the climate, round after round: some cooperate more
# than others, so the rounds differ.
CLIMATE_SHARES = {"Siti": 0.25, "Hans": 0.3, "John": 0.2, "Priya": 0.15, "Ade": 0.05}


def test_a_whole_class_plays_kelas_6_to_the_debrief(game_server, chromium, laptop):
    started = time.monotonic()
    contexts = []
    try:
        # The facilitator signs in and creates a kelas-6 game with the form.
        console = open_page(laptop)
        console.goto(game_server.url + "/facilitate/")
        sign_in(console, "**/facilitate/")
        console.select_option("#scenario", "kelas-6")
        console.click("#create-game")
        console.wait_for_url(CONSOLE_URL)
        code = CONSOLE_URL.match(console.url).group(1)
        console.wait_for_selector("#connection[data-status=open]")
        assert console_view(console, "game.scenario") == "kelas-6"
        assert console_view(console, "game.rounds") == 6

        # The projector, opened from the console's link, on the classroom's wall.
        wall = new_laptop(chromium)
        contexts.append(wall)
        projector = open_page(wall)
        projector.goto(urljoin(console.url, console.get_attribute("#projector-link", "href")))
        projector.wait_for_selector("#pj-lobby:not([hidden])")
        assert projector.inner_text("#pj-code") == code

        # Six students join by the code on the join page and choose their delegations.
        students = {}
        for name, country in STUDENTS:
            context = new_phone(chromium)
            contexts.append(context)
            page = open_page(context)
            join_by_form(page, game_server.url, code, name)
            sit(page, country)
            students[name] = page
        siti, budi = students["Siti"], students["Budi"]
        snap(siti, "class-player-lobby")
        assert fits_the_screen(siti)
        # Budi sits with Siti, who sat first and is the head.
        budi.locator(".seat-card.mine", has_text="Siti").wait_for()

        # The facilitator sees everyone seated and hands the last country to a bot.
        console.wait_for_function(
            "window.mufakatConsole.view.members.filter(m => m.country).length === 6"
        )
        members = console_view(console, "members")
        heads = {m["country"]: m["name"] for m in members if m["head"]}
        assert heads == {"idn": "Siti", "deu": "Hans", "usa": "John", "ind": "Priya", "nga": "Ade"}
        console.select_option(f"#bot-{BOT_COUNTRY}", "cooperator")
        console.wait_for_function(
            f"window.mufakatConsole.view.bots['{BOT_COUNTRY}'] === 'cooperator'"
        )
        console.check("#lock-lobby")
        console.wait_for_function("window.mufakatConsole.view.game.locked === true")
        projector.locator("#pj-countries .pj-bot").first.wait_for()
        snap(console, "class-console-lobby")
        snap(projector, "class-projector-lobby")

        # Start: every phone leaves the lobby for round 1's briefing.
        console.click("#start")
        console.wait_for_selector("#console[data-status=running]")
        wait_all(students.values(), "briefing", 1)
        projector.wait_for_selector("#pj-live:not([hidden])")

        for round_ in range(1, 7):
            assert console_phase(console) == (round_, "briefing", "running")
            assert advance(console) == (round_, "negotiation")
            wait_all(students.values(), "negotiation", round_)

            if round_ == 1:
                negotiate_the_first_round(students, console, projector)
            else:
                # Someone talks in the plenary every round; the others read it.
                speaker = STUDENTS[round_ % len(STUDENTS)][0]
                line = f"Ronde {round_}: mari tetap bekerja sama"
                chat(students[speaker], "plenary", line)
                listener = STUDENTS[(round_ + 1) % len(STUDENTS)][0]
                sees_message(students[listener], "plenary", line)

            assert advance(console) == (round_, "decision")
            wait_all(students.values(), "decision", round_)
            for name in HEADS:
                trade = "protect" if (name == "Hans" and round_ == 2) else None
                submit_policy(students[name], mitigation_share=CLIMATE_SHARES[name], trade=trade)
            # Every delegation has submitted: five heads and the bot.
            console.wait_for_function("window.mufakatConsole.view.submitted.length === 6")
            if round_ == 1:
                snap(siti, "class-player-policy")
                snap(console, "class-console-decision")

            assert advance(console) == (round_, "results")
            wait_all(students.values(), "results", round_)
            projector.wait_for_function(
                "n => document.querySelectorAll('#pj-charts [data-point]').length === n",
                arg=2 * (round_ + 1),
            )
            if round_ == 1:
                tab(siti, "results")
                siti.locator(".causes li").first.wait_for()
                snap(siti, "class-player-results")
                snap(projector, "class-projector-world")
            if round_ < 6:
                assert advance(console) == (round_ + 1, "briefing")
                wait_all(students.values(), "briefing", round_ + 1)

        # After the sixth round's results, the facilitator ends the game with the button.
        console.locator("#advance:not([hidden])").click()
        console.wait_for_selector("#console[data-status=finished]")
        assert console_phase(console) == (6, "finished", "finished")

        # The projector turns to the debrief, and so does the console's charts tab.
        projector.wait_for_selector("#pj-debrief:not([hidden])")
        assert projector.is_hidden("#pj-live")
        projector.locator(".debrief-gained [data-bar]").first.wait_for()
        projector.wait_for_timeout(300)
        snap(projector, "class-projector-debrief")
        console.click("#tab-charts")
        console.wait_for_selector("#debrief-panel:not([hidden])")
        console.locator("#debrief-panel .debrief-gained [data-bar]").first.wait_for()
        snap(console, "class-console-debrief")

        # Every phone says the game is finished, in round 6 of 6.
        server = replayed(game_server, code)
        assert (server["round"], server["phase"], server["status"]) == (6, "finished", "finished")
        assert server["cached_equals_replay"]
        for name, page in students.items():
            page.locator("#world-strip[data-phase=finished][data-status=finished]").wait_for()
            finished = page.evaluate("gettext('Finished')")
            assert page.inner_text("[data-strip=phase]").strip() == finished, name
            assert re.search(r"\b6/6\b", page.inner_text("[data-strip=round]")), name
            assert page.inner_text("[data-strip=clock]").strip() == "", name

        # A country's wealth on a phone is the server's, replayed from the whole log.
        for name, country in STUDENTS:
            page = students[name]
            wealth = shown_wealth(page)
            assert wealth == pytest.approx(server["countries"][country]["wealth"], abs=0.051), (
                name,
                country,
            )
        for name, page in students.items():
            snap(page, f"class-player-finished-{name.lower()}")
            assert page.errors == [], (name, page.errors)
        assert console.errors == [] and projector.errors == []
    finally:
        for context in contexts:
            context.close()
    elapsed = time.monotonic() - started
    assert elapsed < 120, f"the whole class took {elapsed:.0f} s"


def negotiate_the_first_round(students, console, projector) -> None:
    """Round 1: the class talks in the plenary and in a delegation; Budi (a minister) drafts
    a binding climate agreement, Siti (his head) opens it, and every head signs."""
    siti, budi, hans = students["Siti"], students["Budi"], students["Hans"]
    chat(siti, "plenary", "Halo semua, mari bicara soal iklim")
    sees_message(hans, "plenary", "Halo semua, mari bicara soal iklim")
    chat(budi, "delegation", "Saya buat rancangan perjanjian iklim")
    sees_message(siti, "delegation", "Saya buat rancangan perjanjian iklim")
    snap(siti, "class-player-chat")

    tab(budi, "agreements")
    budi.click("#new-agreement")
    budi.fill("#agreement-form input[name=title]", "Dana iklim bersama")
    budi.check("#agreement-form input[name=kind][value=binding]")
    press(budi, "#agreement-form button[type=submit]")
    budi.locator("#agreement-A1").wait_for()
    # A minister cannot open it: the button says why.
    assert budi.locator("[data-key='open-A1']").is_disabled()

    tab(siti, "agreements")
    press(siti, "[data-key='open-A1']")
    siti.locator("#agreement-A1:not(.status-draft)").wait_for()
    for name in ["Siti", "Hans", "John", "Priya", "Ade"]:
        page = students[name]
        tab(page, "agreements")
        press(page, "[data-key='sign-A1']")
        page.locator("[data-key='leave-A1']").wait_for()
    siti.locator("#agreement-A1.status-active").wait_for()
    console.wait_for_function("window.mufakatConsole.view.agreements[0].signatories.length === 6")
    projector.locator(".pj-agreement[data-status=active]").wait_for()
    snap(siti, "class-player-agreements")


# Whether the centre of an element is what a tap there would hit (after scrolling it to the
# middle of the screen, as far as the page can scroll).
TAPPABLE = """
selector => {
  const node = document.querySelector(selector);
  node.scrollIntoView({block: 'center'});
  const box = node.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {tappable: node.contains(hit), hit: hit ? hit.className || hit.tagName : null};
}
"""


def test_phase_notices_leave_the_chat_box_usable_on_a_phone(game_server, phone, laptop):
    bots = {country: "cooperator" for country in ("usa", "deu", "ind", "nga", "ner")}
    game = create_game(game_server, bots=bots)
    console = open_page(laptop)
    open_console(console, game_server.url, game["code"])
    page = open_page(phone)
    join_by_form(page, game_server.url, game["code"], "Siti")
    sit(page, "idn")
    console.click("#start")
    wait_phase(page, "briefing")
    advance(console)
    wait_phase(page, "negotiation")
    tab(page, "chat")
    page.locator("#toasts .toast").first.wait_for()
    box = page.evaluate(TAPPABLE, "#panel-chat textarea")
    send = page.evaluate(TAPPABLE, ".composer button[type=submit]")
    page.screenshot(path=ARTIFACTS / "class-player-notices-over-chat.png")
    assert box["tappable"], box
    assert send["tappable"], send
