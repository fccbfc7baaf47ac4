"""The player page's weight and speed on a classroom phone's network.

A student opens the game on a cheap phone over a slow mobile connection. The page must be
light (HTML, CSS, JavaScript and the /jsi18n/ catalog under 150 KB once compressed) and
usable fast: the world strip and the lobby (or the country view) on screen within 2 s of
navigation start under "Slow 3G" as the brief defines it (500 kbit/s each way = 62,500 B/s,
400 ms latency), emulated with the DevTools protocol (Network.emulateNetworkConditions).

The student joins over HTTP first (as the join page does), without loading any page into
the browser's cache, and each visit is made by a fresh phone holding only the student's
cookies, so every measured load is a first visit. Two screens are measured: the lobby of a
student who has just joined, and the country tab of the same student once the game is on.
Each is visited SAMPLES times: the machine's other work (a second test worker, a benchmark)
can only slow a load down, so the best sample is asserted, and all are reported. Every
response is recorded: its bytes on the wire (``encodedDataLength``, headers included), its
body, its Content-Encoding and caching headers, and the size of the body gzip-compressed
here (level 6, nginx's usual) when the server did not compress it; and whether it was asked
for before the page drew its first screen (main.js marks that moment). Where nginx is
installed, the lobby is measured a third time through deploy/nginx.conf in front of Daphne
with DEBUG off and the static files collected (the production path of docker-compose.yml),
and there every static file must be hashed, compressed and kept for a year. The figures go
to tests/artifacts/player-budget.json, with a warm load (a reload with the cache filled)
for each screen.

(DevTools' own "Slow 3G" preset scales these nominal figures to 400 kbit/s and 2 s latency
per request, which is harsher still.)
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import time

import pytest

from game import javascript_catalog
from tests.browser.classroom import SHELL_SETUP, create_game, join_over_http, new_phone, snap
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms
    "downloadThroughput": 62_500,  # bytes/s = 500 kbit/s
    "uploadThroughput": 62_500,
}
BUDGET_BYTES = 150 * 1000  # 150 KB of HTML, CSS, JavaScript and the catalog, compressed
RENDER_MS = 2000
SAMPLES = 5  # first visits per screen
LOAD_TIMEOUT_MS = 60_000  # a slow network: bounded, but generous

# Until the page shows the world strip and the lobby or the country view (it draws them
# from the first snapshot); returns the time since navigation start, in milliseconds.
RENDERED = """
() => {
  const shown = node => node && !node.hidden && node.getClientRects().length > 0
    && getComputedStyle(node).visibility !== 'hidden';
  const strip = document.getElementById('world-strip');
  const lobby = document.getElementById('lobby');
  const panels = document.getElementById('panels');
  const loading = document.getElementById('loading');
  // Drawn, not just unhidden: the lobby's list of delegations, or the open tab, has content.
  const drawn = (shown(lobby) && document.querySelector('[data-lobby=list]').children.length > 0)
    || (shown(panels) && [...panels.children].some(p => shown(p) && p.children.length > 0));
  const ready = shown(strip) && drawn && loading && loading.hidden
    && document.querySelector('[data-strip=round]').textContent.trim() !== '';
  return ready ? performance.now() : false;
}
"""

NAVIGATION = """
() => {
  const [nav] = performance.getEntriesByType('navigation');
  const paints = Object.fromEntries(
    performance.getEntriesByType('paint').map(p => [p.name, Math.round(p.startTime)]));
  return {
    response_end_ms: Math.round(nav.responseEnd),
    dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd),
    load_ms: Math.round(nav.loadEventEnd),
    first_contentful_paint_ms: paints['first-contentful-paint'] ?? null,
    // main.js marks when it has drawn the first screen, before it asks for anything else.
    first_screen_mark_ms: Math.round(
      performance.getEntriesByName('mufakat:first-screen')[0]?.startTime ?? Infinity),
    resource_timing: performance.getEntriesByType('resource').map(r => ({
      url: r.name.replace(location.origin, ''),
      start_ms: Math.round(r.startTime),
      request_ms: Math.round(r.requestStart),
      response_start_ms: Math.round(r.responseStart),
      end_ms: Math.round(r.responseEnd),
    })),
  };
}
"""

KINDS = {"Document": "html", "Script": "js", "Stylesheet": "css"}


class Recorder:
    """Every response of one page load: CDP's view of the wire, Playwright's of the body."""

    def __init__(self, page, cdp) -> None:
        self.page = page
        self.wire: dict[str, dict] = {}
        self.bodies: dict[str, bytes] = {}
        self.request_encoding: dict[str, str] = {}
        cdp.on("Network.responseReceived", self.received)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.requestWillBeSentExtraInfo", self.request_headers)
        # The memory cache says so here; responseReceived only tells of the disk cache.
        self.served_from_cache: set[str] = set()
        cdp.on(
            "Network.requestServedFromCache",
            lambda event: self.served_from_cache.add(event["requestId"]),
        )
        page.on("response", self.response)

    def request_headers(self, event) -> None:
        headers = {k.lower(): v for k, v in event.get("headers", {}).items()}
        if "accept-encoding" in headers:
            self.request_encoding[event["requestId"]] = headers["accept-encoding"]

    def received(self, event) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.wire[event["requestId"]] = {
            "url": response["url"],
            "type": event.get("type"),
            "status": response["status"],
            "from_cache": bool(response.get("fromDiskCache")),
            "content_encoding": headers.get("content-encoding"),
            "cache_control": headers.get("cache-control"),
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "transferred": None,
        }

    def finished(self, event) -> None:
        if event["requestId"] in self.wire:
            self.wire[event["requestId"]]["transferred"] = int(event["encodedDataLength"])

    def response(self, response) -> None:
        with contextlib.suppress(Exception):  # a redirect or an aborted load has no body
            self.bodies[response.url] = response.body()

    def resources(self) -> list[dict]:
        rows = []
        for request_id, entry in self.wire.items():
            kind = KINDS.get(entry["type"])
            if "/jsi18n/" in entry["url"]:
                kind = "catalog"
            if kind is None:
                continue
            body = self.bodies.get(entry["url"], b"")
            compressed = entry["content_encoding"] in ("gzip", "br", "zstd", "deflate")
            if request_id in self.served_from_cache:
                entry["from_cache"] = True
            rows.append(
                {
                    **entry,
                    "kind": kind,
                    "accept_encoding": self.request_encoding.get(request_id),
                    "raw": len(body),
                    "gzip": entry["transferred"] if compressed else len(gzip.compress(body, 6)),
                }
            )
        return sorted(rows, key=lambda row: row["url"])


def load(page, cdp, url: str, *, reload: bool = False) -> tuple[Recorder, dict]:
    recorder = Recorder(page, cdp)
    started = time.monotonic()
    if reload:
        page.reload(wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    else:
        page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    rendered = page.wait_for_function(RENDERED, polling="raf", timeout=LOAD_TIMEOUT_MS)
    wall_clock_ms = round((time.monotonic() - started) * 1000)
    # What the page loads after its first screen (the other tabs, the rest of the catalog)
    # counts towards its weight too.
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    timing = {
        "rendered_ms": round(rendered.json_value()),
        "wall_clock_ms": wall_clock_ms,
        **page.evaluate(NAVIGATION),
    }
    drawn = timing["first_screen_mark_ms"]
    first_screen = {r["url"] for r in timing["resource_timing"] if r["start_ms"] <= drawn}
    for row in recorder.wire.values():
        path = "/" + row["url"].split("/", 3)[3]
        row["before_render"] = row["type"] == "Document" or path in first_screen
    return recorder, timing


def totals(rows: list[dict]) -> dict:
    out = {
        "requests": len(rows),
        "raw_bytes": sum(r["raw"] for r in rows),
        "transferred_bytes": sum(r["transferred"] or 0 for r in rows),
        "gzip_bytes": sum(r["gzip"] for r in rows),
    }
    for kind in ("html", "css", "js", "catalog"):
        mine = [r for r in rows if r["kind"] == kind]
        out[kind] = {
            "requests": len(mine),
            "raw_bytes": sum(r["raw"] for r in mine),
            "gzip_bytes": sum(r["gzip"] for r in mine),
        }
    return out


def visit(chromium, server_url: str, code: str, cookies: list[dict], *, reload: bool) -> dict:
    """A first visit under Slow 3G on a fresh phone that holds only the student's cookies
    (its cache is empty); with ``reload``, then a reload with the cache filled."""
    context = new_phone(chromium)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        frames: list[int] = []
        page.on(
            "websocket",
            lambda socket: socket.on("framereceived", lambda data: frames.append(len(data))),
        )
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        url = f"{server_url}/play/{code}/"
        cold, cold_timing = load(page, cdp, url)
        rows = cold.resources()
        figures = {
            "server_compresses": all(r["content_encoding"] for r in rows),
            "accept_encoding": sorted({r["accept_encoding"] for r in rows if r["accept_encoding"]}),
            "cold": {
                "timing": cold_timing,
                "totals": totals(rows),
                "first_screen": totals([r for r in rows if r["before_render"]]),
                "snapshot_frame_bytes": frames[0] if frames else None,
                "resources": rows,
            },
        }
        if reload:
            snap(page, f"budget-player-slow-3g-{code}")
            warm, warm_timing = load(page, cdp, url, reload=True)
            warm_rows = warm.resources()
            figures["warm"] = {
                "timing": warm_timing,
                "totals": totals(warm_rows),
                "revalidated": sum(1 for r in warm_rows if r["status"] == 304),
                "from_cache": sum(1 for r in warm_rows if r["from_cache"]),
                "downloaded_again": [r["url"] for r in warm_rows if not r["from_cache"]],
            }
        return figures
    finally:
        context.close()


def student(chromium, server_url: str, code: str) -> tuple[int, list[dict]]:
    """A student who joined over HTTP (as the join page does), without loading any page:
    their id and their cookies (the seat cookie, the CSRF cookie)."""
    context = new_phone(chromium)
    try:
        player = join_over_http(context, server_url, code, "Siti")
        return player, context.cookies()
    finally:
        context.close()


def visits(chromium, server_url: str, code: str, cookies: list[dict]) -> dict:
    """SAMPLES first visits; the first also reloads. The box's other work only ever slows a
    load down, so the best of them is what the page can do and what is asserted; every
    sample is reported."""
    samples = [visit(chromium, server_url, code, cookies, reload=i == 0) for i in range(SAMPLES)]
    rendered = sorted(s["cold"]["timing"]["rendered_ms"] for s in samples)
    best = min(samples, key=lambda s: s["cold"]["timing"]["rendered_ms"])
    return {
        "rendered_ms": {
            "samples": [s["cold"]["timing"]["rendered_ms"] for s in samples],
            "best": rendered[0],
            "median": rendered[len(rendered) // 2],
        },
        **best,
        "warm": samples[0]["warm"],
        "other_samples": [
            {
                "timing": {k: v for k, v in s["cold"]["timing"].items() if k != "resource_timing"},
                "first_screen": s["cold"]["first_screen"],
            }
            for s in samples
            if s is not best
        ],
    }


SEAT_AND_START = (
    SHELL_SETUP
    + """
from game.services import phases
game = Game.objects.get(code={code!r})
seats.take_seat(game_id=game.pk, player_id={player}, country="idn")
phases.start_game(game_id=game.pk, actor="facilitator:" + str(game.owner_id))
print(json.dumps(Game.objects.get(pk=game.pk).status))
"""
)


def measure(game_server, production_server, chromium) -> dict:
    """Every measurement, and the artifact."""
    created = create_game(game_server)
    code = created["code"]
    _, cookies = student(chromium, game_server.url, code)
    figures = {
        "network": {**SLOW_3G, "note": "the brief's Slow 3G: 500 kbit/s each way, 400 ms"},
        "budget": {"compressed_bytes": BUDGET_BYTES, "rendered_ms": RENDER_MS},
        "samples_per_screen": SAMPLES,
        # A student who has just joined: the lobby.
        **visits(chromium, game_server.url, code, cookies),
    }
    # The same student once the game is on (bots in the other seats): the country tab,
    # and a bigger snapshot in the page.
    bots = {country: "cooperator" for country in created["countries"] if country != "idn"}
    playing = create_game(game_server, bots=bots)
    player, cookies = student(chromium, game_server.url, playing["code"])
    started = game_server.shell(SEAT_AND_START.format(code=playing["code"], player=player))
    assert started == "running"
    figures["playing"] = visits(chromium, game_server.url, playing["code"], cookies)
    # The lobby again through nginx in front of Daphne with DEBUG off and the static files
    # collected, as docker-compose.yml runs them (where nginx is installed).
    if production_server is not None:
        code = create_game(production_server)["code"]
        _, cookies = student(chromium, production_server.url, code)
        figures["production_path"] = visits(chromium, production_server.url, code, cookies)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "player-budget.json").write_text(json.dumps(figures, indent=2))
    return figures


def player_modules() -> set[str]:
    """Every module of the player's page, as the catalog splits them (first screen, later)."""
    first, later = javascript_catalog.module_graph(javascript_catalog.PLAYER_FIRST)
    return {f"/static/{module}" for module in first | later}


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def breaches(figures: dict) -> list[str]:
    """Where the page misses its budget, in words."""
    found = []
    cold = figures["cold"]
    totals_ = cold["totals"]
    # The whole page is weighed: every module, also those that load after the first screen.
    loaded = {path_of(r["url"]) for r in cold["resources"] if r["kind"] == "js"}
    if loaded != player_modules():
        found.append(f"modules loaded {sorted(loaded)} are not the player's {player_modules()}")
    counts = {kind: totals_[kind]["requests"] for kind in ("html", "catalog", "css")}
    if counts != {"html": 1, "catalog": 2, "css": 2}:
        found.append(f"requests by kind: {counts}")
    if totals_["gzip_bytes"] >= BUDGET_BYTES:
        found.append(f"{totals_['gzip_bytes']} bytes compressed, budget {BUDGET_BYTES}")
    screens = {"lobby": figures, "playing (country tab)": figures["playing"]}
    if "production_path" in figures:
        screens["lobby through nginx (production)"] = figures["production_path"]
    for name, screen in screens.items():
        best = screen["cold"]["timing"]["rendered_ms"]
        if best >= RENDER_MS:
            found.append(
                f"{name}: on screen after {screen['rendered_ms']} ms (best of {SAMPLES}), "
                f"budget {RENDER_MS}; first screen: {screen['cold']['first_screen']}"
            )
        for row in screen["cold"]["resources"]:
            if row["content_encoding"] != "gzip":
                found.append(f"{name}: {row['url']} arrived uncompressed")
    if not any(
        "/player/country." in r["url"]
        for r in figures["playing"]["cold"]["resources"]
        if r["before_render"]
    ):
        found.append("playing: the country tab's module was not asked for before the first screen")
    again = figures["warm"]["downloaded_again"]
    if [url for url in again if "/jsi18n/" in url]:
        found.append(f"a reload downloaded the catalog again: {again}")
    production = figures.get("production_path")
    if production is not None:
        for row in production["cold"]["resources"]:
            if "/static/" not in row["url"]:
                continue
            if not re.search(r"\.[0-9a-f]{12}\.(js|css)$", row["url"]):
                found.append(f"production: {row['url']} is not under a hashed name")
            if row["cache_control"] != "public, max-age=31536000, immutable":
                found.append(f"production: {row['url']} Cache-Control {row['cache_control']}")
        # A reload asks for the page and nothing else: no file is revalidated.
        again = [path_of(url) for url in production["warm"]["downloaded_again"]]
        if len(again) != 1 or not again[0].startswith("/play/"):
            found.append(f"production: a reload downloaded {again}")
    return found


def test_the_player_page_keeps_its_budget_on_slow_3g(game_server, production_server, chromium):
    """One test, so that one pytest worker measures: with ``-n 2`` the tests of a module
    are shared out between the workers, and two measuring at once would slow each other.
    Every breach is listed, not only the first."""
    figures = measure(game_server, production_server, chromium)
    found = breaches(figures)
    assert not found, "\n".join(found)
