"""The client's fold of events (game/static/game/js/store.js) equals the server's snapshot
(game/projections.py), in Chromium against a real Daphne server.

A page keeps its copy of the game by loading one snapshot and folding every event the server
sends after it. If the fold and the server disagree, the page shows something the server does
not hold until the next snapshot, which may be never (the console never asks for one).

The class here plays a scripted stretch of kelas-6 through real sockets: a student changes
seats in the lobby; the facilitator hands a country to a bot and locks the lobby; people talk
in the plenary, a delegation, a private group, the help channel and announcements; a message
is hidden, a student muted and unmuted, the headship moved and moved back; agreements are
drafted, edited, withdrawn, opened, signed, activated and (one) left while active; a minister
proposes a policy, the head submits one and then accepts the proposal; the round is resolved;
in round 2 the facilitator moves a student to another delegation mid-game.

Viewers compared, at two checkpoints (round 1's results, round 2's negotiation):

- ``console``: the facilitator console's own store (``window.mufakatConsole.view``).
- ``siti``: Indonesia's head. The player page keeps its store to itself, so the page imports
  ``/static/game/js/store.js`` and folds the frames of a socket of Siti's own (opened after
  she sat, captured with ``page.on("websocket")``) onto that socket's first snapshot.
- ``siti-from-lobby``: the same, from a socket opened before Siti chose her seat.
- ``budi``: the same for Budi, the minister who changes delegations.

At each checkpoint the same socket asks for ``{"type": "resync"}``; the snapshot it gets
is the server's view to compare with.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field

import pytest

from tests.browser.classroom import (
    create_game,
    join_by_form,
    new_laptop,
    new_phone,
    open_console,
    open_page,
    sit,
    snap,
)
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# A socket of the page's own, named so its frames can be told apart.
OPEN_SOCKET = """
([path, name]) => new Promise((ready, fail) => {
  const socket = new WebSocket(`ws://${location.host}${path}?observer=${name}`);
  window.observers = window.observers || {};
  window.observers[name] = socket;
  socket.addEventListener('message', () => ready(true), {once: true});
  socket.addEventListener('error', () => fail(new Error('socket error')), {once: true});
})
"""

# Send one message on a named socket and wait for the server's answer to it.
ASK = """
([name, message]) => new Promise((resolve, reject) => {
  const socket = window.observers[name];
  window.asked = (window.asked || 0) + 1;
  const ref = `${name}-${window.asked}`;
  const timer = setTimeout(() => reject(new Error(`no answer to ${message.type}`)), 10000);
  const answer = event => {
    const data = JSON.parse(event.data);
    if (data.ref !== ref) return;
    socket.removeEventListener('message', answer);
    clearTimeout(timer);
    if (data.type === 'error') reject(new Error(`${message.type}: ${data.code} ${data.message}`));
    else resolve(data.type);
  };
  socket.addEventListener('message', answer);
  socket.send(JSON.stringify({...message, ref}));
})
"""

RESYNC = """
name => new Promise((resolve, reject) => {
  const socket = window.observers[name];
  const timer = setTimeout(() => reject(new Error('no snapshot')), 10000);
  const answer = event => {
    const data = JSON.parse(event.data);
    if (data.type !== 'snapshot') return;
    socket.removeEventListener('message', answer);
    clearTimeout(timer);
    resolve(data);
  };
  socket.addEventListener('message', answer);
  socket.send(JSON.stringify({type: 'resync'}));
})
"""

# The page's own copy of store.js folds what the socket received.
FOLD = """
async ([snapshot, updates]) => {
  const { GameStore } = await import('/static/game/js/store.js');
  const store = new GameStore();
  store.load(structuredClone(snapshot));
  for (const update of updates) store.update(structuredClone(update));
  return {seq: store.seq, view: JSON.parse(JSON.stringify(store.view))};
}
"""

CLIMATE = {
    "title": "Dana iklim",
    "issue": "climate",
    "kind": "binding",
    "terms": {"developed": {"min_mitigation": 0.2}, "emerging": {"min_mitigation": 0.1}},
    "threshold": {"members": 3},
    "duration": 3,
}
PLEDGE = {
    "title": "Janji keamanan",
    "issue": "terrorism",
    "kind": "pledge",
    "terms": {
        "developed": {"min_security": 0.05},
        "emerging": {"min_security": 0.05},
        "developing": {"min_security": 0.05},
    },
    "threshold": {"members": 2},
    "duration": 2,
}
TRADE = {
    "title": "Pasar terbuka",
    "issue": "trade",
    "kind": "pledge",
    "terms": {"emerging": {"open_trade": True}},
    "threshold": {"members": 2},
    "duration": 2,
}


@dataclass
class Socket:
    """The text frames one WebSocket received, in order, as captured by Playwright."""

    url: str
    frames: list[dict] = field(default_factory=list)

    def received(self, payload) -> None:
        if isinstance(payload, str):
            self.frames.append(json.loads(payload))


class Capture:
    """Every WebSocket a page opens, by URL (``page.on("websocket")``)."""

    def __init__(self, page) -> None:
        self.sockets: list[Socket] = []
        page.on("websocket", self.opened)

    def opened(self, websocket) -> None:
        socket = Socket(websocket.url)
        self.sockets.append(socket)
        websocket.on("framereceived", socket.received)

    def named(self, name: str) -> Socket:
        return next(s for s in self.sockets if s.url.endswith(f"?observer={name}"))

    def own(self) -> list[Socket]:
        return [s for s in self.sockets if "observer=" not in s.url]


def quiet(captures: list[Capture], settle_s: float = 0.6, limit_s: float = 10.0) -> None:
    """Until no socket has received anything for ``settle_s`` (bounded by ``limit_s``)."""
    deadline = time.monotonic() + limit_s
    last = None
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        count = sum(len(s.frames) for c in captures for s in c.sockets)
        if count != last:
            last, stable_since = count, time.monotonic()
        elif time.monotonic() - stable_since >= settle_s:
            return
        time.sleep(0.1)
    raise AssertionError("the sockets never went quiet")


def updates_after_first_snapshot(socket: Socket) -> tuple[dict, list[dict]]:
    """The socket's first snapshot and the ``events`` frames after it, checking that every
    frame follows the one before (``prev`` equals the last ``seq``): a fold of these is
    exactly what a client that never resyncs holds. Later snapshots must be our own resyncs
    at quiet moments (the events around them still chain)."""
    frames = [f for f in socket.frames if f.get("type") in ("snapshot", "events")]
    first, rest = frames[0], frames[1:]
    assert first["type"] == "snapshot"
    last = first["seq"]
    updates = []
    for frame in rest:
        if frame["type"] == "events":
            assert frame["prev"] == last, (socket.url, frame["prev"], last)
            updates.append(frame)
        last = frame["seq"]
    return first, updates


def differences(folded, fresh, path: str = "") -> list[str]:
    """Where two JSON values differ (numbers within 1e-9; a missing key counts as null)."""
    if isinstance(folded, dict) and isinstance(fresh, dict):
        found = []
        for key in sorted(set(folded) | set(fresh)):
            found += differences(folded.get(key), fresh.get(key), f"{path}.{key}")
        return found
    if isinstance(folded, list) and isinstance(fresh, list):
        if len(folded) != len(fresh):
            return [f"{path}: {len(folded)} items folded, {len(fresh)} on the server"]
        found = []
        for index, (a, b) in enumerate(zip(folded, fresh, strict=True)):
            found += differences(a, b, f"{path}[{index}]")
        return found
    numbers = (int, float)
    if (
        isinstance(folded, numbers)
        and isinstance(fresh, numbers)
        and not isinstance(folded, bool)
        and not isinstance(fresh, bool)
    ):
        if math.isclose(folded, fresh, rel_tol=1e-9, abs_tol=1e-9):
            return []
        return [f"{path}: folded {folded!r}, server {fresh!r}"]
    if folded != fresh:
        return [f"{path}: folded {folded!r}, server {fresh!r}"]
    return []


def by_id(items) -> dict:
    return {str(item["id"]): item for item in items or []}


# The parts of a view compared, each as a function of the view.
GAME_FIELDS = ("round", "phase", "status", "timer", "year", "locked", "advance_when_all_submitted")
MONEY = ("wealth", "score", "budget")
PARTS = {
    "game": lambda v: {k: v["game"].get(k) for k in GAME_FIELDS},
    "countries": lambda v: {c: {k: x.get(k) for k in MONEY} for c, x in v["countries"].items()},
    "country-details": lambda v: {
        c: {k: x[k] for k in x if k not in MONEY} for c, x in v["countries"].items()
    },
    "world": lambda v: v["world"],
    "agreements": lambda v: by_id(v["agreements"]),
    "submitted": lambda v: sorted(v["submitted"]),
    "messages": lambda v: by_id(v["messages"]),
    "members": lambda v: by_id(v.get("members")),
    "me": lambda v: v.get("me"),
    "own": lambda v: v.get("own"),
    "groups": lambda v: by_id(v.get("groups")),
    "bots": lambda v: v["bots"],
    "offline": lambda v: sorted(v["offline"]),
    "history": lambda v: v["history"],
    "briefing": lambda v: v.get("briefing"),
    "civil_society": lambda v: v.get("civil_society"),
    "policies": lambda v: v.get("policies"),
    "proposals": lambda v: by_id(v.get("proposals")),
}


@dataclass
class Checkpoint:
    name: str
    folded: dict[str, dict]  # viewer → folded view
    fresh: dict[str, dict]  # viewer → the server's snapshot view
    seqs: dict[str, tuple[int, int]]  # viewer → (folded seq, snapshot seq)

    def differences(self, viewer: str, part: str) -> list[str]:
        pick = PARTS[part]
        return differences(pick(self.folded[viewer]), pick(self.fresh[viewer]), part)

    def all_differences(self, viewer: str) -> list[str]:
        return [line for part in PARTS for line in self.differences(viewer, part)]


@dataclass
class Played:
    checkpoints: dict[str, Checkpoint]
    console_snapshots: int  # snapshots the console's own socket received (1 = never resynced)
    hidden_message: int
    evidence: dict[str, object]


VIEWERS = ("console", "siti", "siti-from-lobby", "budi")
PLAYERS = ("siti", "siti-from-lobby", "budi")
NEGOTIATION, DECISION, RESULTS, MOVED = (
    "round 1 negotiation",
    "round 1 decision",
    "round 1 results",
    "round 2 after the move",
)


def ask(page, name: str, message: dict) -> None:
    page.evaluate(ASK, [name, message])


def policy(budget: float, mitigation: float, security: float = 0.05) -> dict:
    """A policy spending all but a little of ``budget``, with these shares for climate and
    security and 2 % each for migration and aid."""
    lines = {
        "mitigation": round(budget * mitigation, 2),
        "security": round(budget * security, 2),
        "migration": round(budget * 0.02, 2),
        "aid": round(budget * 0.02, 2),
    }
    lines["development"] = math.floor((budget * 0.98 - sum(lines.values())) * 100) / 100
    return {**lines, "trade": "open", "borders": "open"}


def checkpoint(name: str, pages: dict, captures: list[Capture]) -> Checkpoint:
    """Fold what each viewer's socket received, then ask the same socket for a snapshot."""
    quiet(captures)
    console = pages["console"]
    folded, fresh, seqs = {}, {}, {}
    snapshot = console.evaluate(RESYNC, "teacher")
    folded["console"] = console.evaluate("JSON.parse(JSON.stringify(window.mufakatConsole.view))")
    fresh["console"] = snapshot["view"]
    seqs["console"] = (console.evaluate("window.mufakatConsole.store.seq"), snapshot["seq"])
    for viewer, page, capture, socket in (
        ("siti", pages["siti"], captures[1], "siti"),
        ("siti-from-lobby", pages["siti"], captures[1], "lobby"),
        ("budi", pages["budi"], captures[2], "budi"),
    ):
        first, updates = updates_after_first_snapshot(capture.named(socket))
        result = page.evaluate(FOLD, [first, updates])
        snapshot = page.evaluate(RESYNC, socket)
        folded[viewer], fresh[viewer] = result["view"], snapshot["view"]
        seqs[viewer] = (result["seq"], snapshot["seq"])
    return Checkpoint(name, folded, fresh, seqs)


def stat_shown(page, label_msgid: str) -> str:
    """The value of one figure on the player's country tab (label in the page's language)."""
    page.click("#tab-country")
    label = page.evaluate("m => gettext(m)", label_msgid)
    stat = page.locator("#panel-country .stat", has=page.locator("dt", has_text=label))
    return stat.locator("dd b").inner_text()


@pytest.fixture(scope="module")
def played(game_server, chromium) -> Played:
    game = create_game(
        game_server, bots={country: "cooperator" for country in ("ind", "nga", "ner")}
    )
    code = game["code"]
    play_path = f"/ws/games/{code}/play/"
    contexts = []
    evidence: dict[str, object] = {}
    try:
        laptop = new_laptop(chromium)
        contexts.append(laptop)
        console = open_page(laptop)
        console_capture = Capture(console)
        open_console(console, game_server.url, code)
        console.evaluate(OPEN_SOCKET, [f"/ws/games/{code}/facilitate/", "teacher"])

        siti_phone, budi_phone = new_phone(chromium), new_phone(chromium)
        contexts += [siti_phone, budi_phone]
        siti, budi = open_page(siti_phone), open_page(budi_phone)
        siti_capture, budi_capture = Capture(siti), Capture(budi)
        captures = [console_capture, siti_capture, budi_capture]
        pages = {"console": console, "siti": siti, "budi": budi}

        # The lobby: Siti sits down; Budi sits in one delegation, then moves to hers.
        join_by_form(siti, game_server.url, code, "Siti")
        siti.locator(".seat-card").first.wait_for()
        siti.evaluate(OPEN_SOCKET, [play_path, "lobby"])  # before Siti has a seat
        sit(siti, "idn")
        join_by_form(budi, game_server.url, code, "Budi")
        sit(budi, "usa")
        sit(budi, "idn")
        siti.evaluate(OPEN_SOCKET, [play_path, "siti"])
        budi.evaluate(OPEN_SOCKET, [play_path, "budi"])
        ids = {m["name"]: m["id"] for m in console.evaluate("window.mufakatConsole.view.members")}

        def teacher(message: dict) -> None:
            ask(console, "teacher", message)

        teacher({"type": "set_bot", "country": "deu", "strategy": "free-rider"})
        teacher({"type": "lock_lobby", "locked": True})
        teacher({"type": "start"})
        teacher({"type": "advance", "round": 1, "phase": "briefing"})

        # Negotiation: talk everywhere a student and a teacher can.
        ask(siti, "siti", {"type": "chat", "channel": "plenary", "text": "Halo semua"})
        ask(siti, "siti", {"type": "chat", "channel": "delegation", "text": "Rapat delegasi"})
        ask(budi, "budi", {"type": "chat", "channel": "delegation", "text": "Siap"})
        ask(budi, "budi", {"type": "chat", "channel": "plenary", "text": "Pesan disembunyikan"})
        ask(siti, "siti", {"type": "create_group", "countries": ["deu"], "title": "Jalur Jerman"})
        ask(siti, "siti", {"type": "chat", "channel": "group:g1", "text": "Halo Jerman"})
        ask(siti, "siti", {"type": "help", "text": "Bagaimana cara menandatangani?"})
        teacher({"type": "answer_help", "player": ids["Siti"], "text": "Tekan Tanda tangan."})
        teacher({"type": "announce", "text": "Lima menit lagi", "country": None})
        teacher({"type": "announce", "text": "Indonesia, ayo", "country": "idn"})
        quiet(captures)
        hidden = console.evaluate(
            "window.mufakatConsole.view.messages.find(m => m.text === 'Pesan disembunyikan').id"
        )
        teacher({"type": "hide_message", "message": hidden, "hidden": True})
        teacher({"type": "mute", "player": ids["Budi"], "muted": True})
        teacher({"type": "mute", "player": ids["Budi"], "muted": False})
        teacher({"type": "make_head", "player": ids["Budi"]})
        teacher({"type": "make_head", "player": ids["Siti"]})

        # Agreements: a binding one activated, a pledge left while active, one withdrawn.
        ask(siti, "siti", {"type": "draft_agreement", "draft": CLIMATE})
        ask(siti, "siti", {"type": "open_agreement", "agreement": "A1"})
        ask(siti, "siti", {"type": "sign_agreement", "agreement": "A1"})
        ask(siti, "siti", {"type": "draft_agreement", "draft": PLEDGE})
        ask(siti, "siti", {"type": "open_agreement", "agreement": "A2"})
        ask(siti, "siti", {"type": "sign_agreement", "agreement": "A2"})
        ask(budi, "budi", {"type": "draft_agreement", "draft": TRADE})
        edited = {**TRADE, "duration": 3}
        ask(budi, "budi", {"type": "edit_agreement", "agreement": "A3", "draft": edited})
        ask(siti, "siti", {"type": "withdraw_agreement", "agreement": "A3"})
        quiet(captures)
        view = console.evaluate("window.mufakatConsole.view")
        statuses = {a["id"]: a["status"] for a in view["agreements"]}
        assert statuses == {"A1": "active", "A2": "active", "A3": "withdrawn"}, statuses
        ask(siti, "siti", {"type": "leave_agreement", "agreement": "A2"})  # a broken pledge
        budget = view["countries"]["idn"]["budget"]
        ask(budi, "budi", {"type": "propose_policy", "policy": policy(budget, 0.2)})
        points = {NEGOTIATION: checkpoint(NEGOTIATION, pages, captures)}
        console.click("#tab-round")
        row = console.locator("#countries tbody tr[data-country=idn]")
        evidence["console reputation of idn after leaving an active pledge"] = {
            "shown": row.locator("td.number").nth(4).inner_text(),
            "server": {
                key: points[NEGOTIATION].fresh["console"]["countries"]["idn"][key]
                for key in ("reputation", "pledges_kept", "pledges_broken")
            },
        }
        snap(console, "fold-console-reputation")

        # Decision: the head submits, then accepts the minister's proposal instead.
        teacher({"type": "advance", "round": 1, "phase": "negotiation"})
        ask(siti, "siti", {"type": "submit_policy", "policy": policy(budget, 0.15)})
        quiet(captures)
        proposal = console.evaluate("window.mufakatConsole.view.proposals[0].id")
        ask(siti, "siti", {"type": "accept_proposal", "proposal": proposal})
        points[DECISION] = checkpoint(DECISION, pages, captures)

        # The round is resolved.
        teacher({"type": "advance", "round": 1, "phase": "decision"})
        points[RESULTS] = checkpoint(RESULTS, pages, captures)
        snap(console, "fold-console-results")

        # Round 2: once the pages have settled, the teacher moves Budi to the United States'
        # empty delegation; both talk in their delegations.
        teacher({"type": "advance", "round": 1, "phase": "results"})
        teacher({"type": "advance", "round": 2, "phase": "briefing"})
        quiet(captures)
        teacher({"type": "assign", "player": ids["Budi"], "country": "usa"})
        ask(siti, "siti", {"type": "chat", "channel": "delegation", "text": "Tinggal saya"})
        ask(budi, "budi", {"type": "chat", "channel": "delegation", "text": "Delegasi baru"})
        points[MOVED] = checkpoint(MOVED, pages, captures)
        moved = points[MOVED].fresh["budi"]
        budi.locator("#panel-country h2").wait_for()
        evidence["Budi's page after the move"] = {
            "country heading": budi.inner_text("#panel-country h2"),
            "budget shown": stat_shown(budi, "Budget this round"),
            "server own.country": moved["own"]["country"],
            "server own.budget": moved["own"]["budget"],
            "server idn budget": moved["countries"]["idn"]["budget"],
        }
        snap(budi, "fold-player-after-seat-change")
        budi.click("#tab-chat")
        budi.click("[data-key='channel-delegation']")
        evidence["Budi's delegation chat after the move"] = budi.locator(
            "#panel-chat .message .text"
        ).all_inner_texts()
        snap(budi, "fold-player-chat-after-seat-change")

        # A student who loads the page after a message was hidden, then sees it un-hidden.
        siti.reload()
        siti.locator("#world-strip[data-phase=negotiation]").wait_for()
        quiet(captures)
        teacher({"type": "hide_message", "message": hidden, "hidden": False})
        quiet(captures)
        siti.click("#tab-chat")
        siti.click("[data-key='channel-plenary']")
        evidence["Siti's plenary after un-hiding"] = siti.locator(
            "#panel-chat .message .text, #panel-chat .message .hidden-text"
        ).all_inner_texts()
        snap(siti, "fold-player-unhidden-message")

        console_snapshots = sum(
            1 for s in console_capture.own() for f in s.frames if f.get("type") == "snapshot"
        )
        for page in pages.values():
            assert page.errors == [], page.errors
        report = {
            name: {viewer: point.all_differences(viewer) for viewer in VIEWERS}
            for name, point in points.items()
        }
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "fold-differences.json").write_text(
            json.dumps({"differences": report, "evidence": evidence}, indent=2, ensure_ascii=False)
        )
        return Played(points, console_snapshots, hidden, evidence)
    finally:
        for context in contexts:
            context.close()


# The bugs this file found, each with the differences it causes (see the xfail tests below).
# A difference none of these explains fails test_the_fold_equals_the_snapshot.


def reputation_bug(point: Checkpoint, viewer: str, line: str) -> bool:
    """store.js agreement_left ignores ``broken``: the leaver's reputation and broken-pledge
    count stay as they were until a round is resolved."""
    return point.name in (NEGOTIATION, DECISION) and line.startswith(
        ("country-details.idn.reputation", "country-details.idn.pledges_broken")
    )


def budget_bug(point: Checkpoint, viewer: str, line: str) -> bool:
    """store.js round_resolved keeps every country's (and the viewer's own) budget of the
    round just played; the server's snapshot has the budgets of the new wealth."""
    return point.name == RESULTS and (
        (line.startswith("countries.") and ".budget:" in line)
        or line.startswith(("own.budget", "own.minimums"))
    )


def seat_bug(point: Checkpoint, viewer: str, line: str) -> bool:
    """store.js seat_taken/seat_left change ``me`` but not ``own``, nor the delegation's
    messages and groups, and the player page does not ask for a snapshot after them."""
    if viewer == "siti-from-lobby":
        return line.startswith("own")
    if viewer == "budi" and point.name == MOVED:
        moved_away = ("'delegation:idn'", "'group:g1'", "'announce:idn'")
        return line.startswith(("own", "groups")) or (
            line.startswith("messages.") and any(channel in line for channel in moved_away)
        )
    return False


def hidden_text_bug(hidden: int):
    def explained(point: Checkpoint, viewer: str, line: str) -> bool:
        """A player's snapshot blanks a hidden message's text; the fold keeps it."""
        return viewer in PLAYERS and line.startswith(f"messages.{hidden}.text:")

    return explained


def unexplained(played: Played, point: Checkpoint, viewer: str) -> list[str]:
    known = (reputation_bug, budget_bug, seat_bug, hidden_text_bug(played.hidden_message))
    return [
        line
        for line in point.all_differences(viewer)
        if not any(bug(point, viewer, line) for bug in known)
    ]


def explained_by(played: Played, bug) -> list[str]:
    return [
        f"{name} / {viewer}: {line}"
        for name, point in played.checkpoints.items()
        for viewer in VIEWERS
        for line in point.all_differences(viewer)
        if bug(point, viewer, line)
    ]


def test_the_console_keeps_its_view_by_folding_alone(played):
    """The console loads one snapshot and folds everything after it, so what it shows at
    each checkpoint is the fold's, and it has seen every event the server recorded."""
    assert played.console_snapshots == 1
    for point in played.checkpoints.values():
        folded, fresh = point.seqs["console"]
        assert folded == fresh, point.name


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_fold_equals_the_snapshot(played, viewer):
    """Game, clock, countries, world, agreements, submissions, messages, members, the
    player's own policy, budget and minimums, groups, bots, history: equal at every
    checkpoint, apart from the differences of the bugs reported below."""
    for name, point in played.checkpoints.items():
        assert unexplained(played, point, viewer) == [], name


def test_leaving_an_active_agreement_costs_reputation_in_the_fold(played):
    shown = played.evidence["console reputation of idn after leaving an active pledge"]
    assert explained_by(played, reputation_bug) == []
    assert shown["server"] == {"reputation": 0, "pledges_kept": 0, "pledges_broken": 1}
    assert shown["shown"].startswith("0%"), shown


def test_budgets_after_the_round_is_resolved_match_the_server(played):
    assert explained_by(played, budget_bug) == []


def test_a_seat_change_gives_the_player_the_new_delegations_view(played):
    assert explained_by(played, seat_bug) == []


def test_a_moved_student_sees_the_new_delegations_budget_and_chat(played):
    shown = played.evidence["Budi's page after the move"]
    assert shown["server own.country"] == "usa"
    budget = float(shown["budget shown"].split()[0].replace(".", "").replace(",", "."))
    assert budget == pytest.approx(shown["server own.budget"], abs=0.05), shown
    chat = played.evidence["Budi's delegation chat after the move"]
    assert "Rapat delegasi" not in chat and "Siap" not in chat, chat


def test_a_hidden_message_folds_as_the_server_shows_it(played):
    assert explained_by(played, hidden_text_bug(played.hidden_message)) == []


def test_a_message_unhidden_after_a_reload_shows_its_text(played):
    assert "Pesan disembunyikan" in played.evidence["Siti's plenary after un-hiding"]
