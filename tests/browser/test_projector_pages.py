"""The projector in Chromium against a real Daphne server: the join code and QR code in
the lobby, the world while the game runs, and the debrief once the facilitator finishes
the game with the console's button.

The game is set up through the services before any page connects; everything after that
goes through the pages and sockets, as in a classroom (a change made in another process
would not reach the server's sockets). The checks use ids and the game's numbers, not
wording, so they hold in both languages.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import DEMO_PASSWORD, DEMO_USER, LAPTOP, PHONE, screenshot

pytestmark = pytest.mark.browser

SETUP = """
import json
from django.contrib.auth import get_user_model
from game import identity
from game.models import Scenario
from game.services import seats
scenario = Scenario.objects.get(slug="kelas-6")
countries = scenario.definition.country_ids
game = seats.create_game(
    owner=get_user_model().objects.get(username="guru"), scenario=scenario, seed=11,
    bots={country: "cooperator" for country in countries[:5]},
)
print(json.dumps({"code": game.code, "key": identity.projector_key(game), "countries": countries}))
"""

# A pledge every bloc can sign; the developing bloc's share is more than the default policy
# gives, so a delegation that submits nothing breaks it and the debrief has both kinds.
PLEDGE = {
    "title": "Dana iklim",
    "issue": "climate",
    "kind": "pledge",
    "terms": {
        "developed": {"min_mitigation": 0.2},
        "emerging": {"min_mitigation": 0.1},
        "developing": {"min_mitigation": 0.5},
    },
    "threshold": {"members": 2},
    "duration": 3,
}

STUDENT_SOCKET = """
code => new Promise(ready => {
  window.ws = new WebSocket(`ws://${location.host}/ws/games/${code}/play/`);
  window.ws.addEventListener('message', ready, {once: true});
  let counter = 0;
  window.ask = message => new Promise((resolve, reject) => {
    const ref = `t${++counter}`;
    const answer = event => {
      const data = JSON.parse(event.data);
      if (data.ref !== ref) return;
      window.ws.removeEventListener('message', answer);
      (data.type === 'error' ? reject : resolve)(data.message || data.type);
    };
    window.ws.addEventListener('message', answer);
    window.ws.send(JSON.stringify({...message, ref}));
  });
})
"""


def student(chromium, server_url: str, code: str):
    """A student's phone: joined over HTTP, with a socket that waits for each answer."""
    context = chromium.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(server_url + "/")
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    answer = context.request.post(
        f"{server_url}/api/games/{code}/join",
        data=json.dumps({"name": "Siti"}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token, "Referer": server_url},
    )
    assert answer.status == 201, answer.text()
    page.evaluate(STUDENT_SOCKET, code)
    return context, page


def advance(console, phase: str) -> None:
    console.click("#advance")
    console.wait_for_function(f"window.mufakatConsole.view.game.phase !== '{phase}'")


def test_projector_shows_the_lobby_the_world_and_the_debrief(game_server, chromium, laptop):
    game = game_server.shell(SETUP)
    code, countries = game["code"], game["countries"]

    wall = chromium.new_context(viewport=LAPTOP, locale="id-ID")
    projector = wall.new_page()
    errors: list[str] = []
    projector.on("pageerror", lambda error: errors.append(str(error)))
    projector.goto(f"{game_server.url}/projector/{code}/?key={game['key']}")

    # The lobby: the code, huge, and a QR code that draws.
    projector.wait_for_selector("#pj-lobby:not([hidden])")
    assert projector.inner_text("#pj-code") == code
    size = projector.eval_on_selector("#pj-code", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64  # readable from the back of the classroom
    projector.wait_for_function(
        "(() => { const qr = document.querySelector('.pj-qr-image');"
        " return qr && (qr.tagName.toLowerCase() === 'svg' || qr.naturalWidth > 0); })()"
    )
    assert projector.locator("#pj-countries .pj-bot").count() == 5
    screenshot(projector, "projector-lobby")

    # A wrong key shows nothing of the game.
    refused = wall.new_page()
    assert refused.goto(f"{game_server.url}/projector/{code}/?key=wrong").status == 404
    refused.close()

    # The facilitator's console, signed in; a student takes the sixth country.
    console = laptop.new_page()
    console.goto(f"{game_server.url}/facilitate/{code}/")
    console.fill("#id_username", DEMO_USER)
    console.fill("#id_password", DEMO_PASSWORD)
    console.click("#sign-in")
    console.wait_for_selector("#connection[data-status=open]")
    phone, siti = student(chromium, game_server.url, code)
    siti.evaluate(f"ask({{type: 'choose_delegation', country: '{countries[5]}'}})")

    console.click("#start")
    projector.wait_for_selector("#pj-live:not([hidden])")
    # The clock's deadline may follow the start in the next frame.
    projector.wait_for_function(
        "/\\d:\\d\\d/.test(document.getElementById('pj-countdown').textContent)"
    )
    assert projector.locator("#pj-indicators .pj-indicator").count() == 6

    # Negotiation: the student drafts a pledge, opens it and signs; the bots sign too.
    advance(console, "briefing")
    siti.evaluate(f"ask({{type: 'draft_agreement', draft: {json.dumps(PLEDGE)}}})")
    siti.evaluate("ask({type: 'open_agreement', agreement: 'A1'})")
    siti.evaluate("ask({type: 'sign_agreement', agreement: 'A1'})")
    projector.locator(".pj-agreement[data-status=active] .pj-signatories").wait_for()

    # Decision, then the round resolves: the charts on the wall get their second point.
    assert projector.locator("#pj-charts [data-point]").count() == 2  # warming and Gini: start
    advance(console, "negotiation")
    advance(console, "decision")
    projector.wait_for_function("document.querySelectorAll('#pj-charts [data-point]').length === 4")
    assert projector.locator("#pj-news li").count() >= 1
    assert projector.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(projector, "projector-world")

    # The facilitator finishes the game with the button: the wall turns to the debrief.
    console.click("#finish")
    console.click("#finish-confirm")
    console.wait_for_selector("#console[data-status=finished]")
    projector.wait_for_selector("#pj-debrief:not([hidden])")
    assert projector.is_hidden("#pj-live")
    gained = projector.locator(".debrief-gained [data-bar]")
    assert gained.count() == 2 * len(countries)  # wealth and score for every country
    assert projector.locator(".debrief-gini [data-point]").count() == 2
    assert projector.locator(".debrief-pledges [data-bar]").count() >= 2
    # The counterfactual comes from the debrief endpoint; when it has none the panel goes.
    projector.wait_for_function(
        "(() => { const card = document.querySelector('.debrief-counterfactual');"
        " return !card || card.querySelector('.compare-table') !== null; })()"
    )
    if projector.locator(".debrief-counterfactual").count():
        rows = projector.locator(".compare-table tbody tr")
        assert rows.count() == 3
    # Every chart keeps its numbers in a table for screen readers.
    assert projector.locator("#pj-debrief figure.chart details table").count() >= 3
    projector.wait_for_timeout(300)
    screenshot(projector, "projector-debrief")

    compliance = game_server.shell(
        "import json; from game.models import Game; from game.session import sessions;"
        f" s = sessions.current(Game.objects.get(code='{code}'));"
        " print(json.dumps([c['kept'] for r in s.state.history for c in r['compliance']]))"
    )
    kept = sum(compliance)
    broken = len(compliance) - kept
    shown = projector.evaluate(
        "[...document.querySelectorAll('.debrief-pledges figure:first-of-type tbody td')]"
        ".map(td => Number(td.textContent))"
    )
    assert sum(shown) == len(compliance) and kept >= 1 and broken >= 1
    assert errors == []
    phone.close()
    wall.close()
