"""The player page's weight and speed on a classroom phone's network.

A student opens the game on a cheap phone over a slow mobile connection. The page must be
light (HTML, CSS, JavaScript and the /jsi18n/ catalog under 150 KB once compressed) and
usable fast: the world strip and the lobby (or the country view) on screen within 2 s of
navigation start under "Slow 3G" as the brief defines it (500 kbit/s each way = 62,500 B/s,
400 ms latency), emulated with the DevTools protocol (Network.emulateNetworkConditions).

The student joins over HTTP first (as the join page does), without loading any page into
the browser's cache, so the measured load is a first visit. Every response is recorded:
its bytes on the wire (``encodedDataLength``), its body, its Content-Encoding and caching
headers, and the size of the body gzip-compressed here (level 6, nginx's usual) when the
server did not compress it. The figures go to tests/artifacts/player-budget.json, with two
more measurements for the report (not asserted): a warm load (reload with the cache filled),
and the same first visit through tests/browser/gzip_proxy.py, which compresses responses and
gives /static/ a year-long Cache-Control, as nginx with ``gzip on`` and ``expires max`` would.

(DevTools' own "Slow 3G" preset scales these nominal figures to 400 kbit/s and 2 s latency
per request, which is harsher still.)
"""

from __future__ import annotations

import contextlib
import gzip
import json
import time

import pytest

from tests.browser.classroom import create_game, join_over_http, new_phone, snap
from tests.browser.conftest import ARTIFACTS
from tests.browser.gzip_proxy import GzipProxy

pytestmark = pytest.mark.browser

SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms
    "downloadThroughput": 62_500,  # bytes/s = 500 kbit/s
    "uploadThroughput": 62_500,
}
BUDGET_BYTES = 150 * 1000  # 150 KB of HTML, CSS, JavaScript and the catalog, compressed
RENDER_MS = 2000
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
  const ready = shown(strip) && (shown(lobby) || shown(panels)) && loading && loading.hidden
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
            "from_cache": bool(response.get("fromDiskCache") or response.get("fromMemoryCache")),
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
    page.wait_for_load_state("load", timeout=LOAD_TIMEOUT_MS)
    timing = {
        "rendered_ms": round(rendered.json_value()),
        "wall_clock_ms": round((time.monotonic() - started) * 1000),
        **page.evaluate(NAVIGATION),
    }
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


def first_visit(chromium, server_url: str, code: str, *, via: str | None = None) -> dict:
    """A first visit on a fresh phone under Slow 3G, then a reload with the cache filled.
    ``via`` is the origin to load the page from (the gzip proxy), else the server itself."""
    context = new_phone(chromium)
    try:
        join_over_http(context, server_url, code, "Siti")
        page = context.new_page()
        frames: list[int] = []
        page.on(
            "websocket",
            lambda socket: socket.on("framereceived", lambda data: frames.append(len(data))),
        )
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        url = f"{via or server_url}/play/{code}/"
        cold, cold_timing = load(page, cdp, url)
        rows = cold.resources()
        snapshot_bytes = frames[0] if frames else None
        if via is None:
            snap(page, "budget-player-slow-3g")
        warm, warm_timing = load(page, cdp, url, reload=True)
        warm_rows = warm.resources()
        return {
            "server_compresses": any(r["content_encoding"] for r in rows),
            "accept_encoding": sorted({r["accept_encoding"] for r in rows if r["accept_encoding"]}),
            "cold": {
                "timing": cold_timing,
                "totals": totals(rows),
                "snapshot_frame_bytes": snapshot_bytes,
                "resources": rows,
            },
            "warm": {
                "timing": warm_timing,
                "totals": totals(warm_rows),
                "revalidated": sum(1 for r in warm_rows if r["status"] == 304),
                "from_cache": sum(1 for r in warm_rows if r["from_cache"]),
                "downloaded_again": [r["url"] for r in warm_rows if not r["from_cache"]],
            },
        }
    finally:
        context.close()


@pytest.fixture(scope="module")
def measured(game_server, chromium) -> dict:
    code = create_game(game_server)["code"]
    figures = {
        "network": {**SLOW_3G, "note": "the brief's Slow 3G: 500 kbit/s each way, 400 ms"},
        "budget": {"compressed_bytes": BUDGET_BYTES, "rendered_ms": RENDER_MS},
        **first_visit(chromium, game_server.url, code),
    }
    # What nginx with `gzip on` and a year-long Cache-Control on /static/ would change (for
    # the report; not asserted).
    upstream = int(game_server.url.rsplit(":", 1)[1])
    with GzipProxy(upstream, cache_static=True) as proxy:
        what_if = first_visit(chromium, game_server.url, code, via=f"http://127.0.0.1:{proxy.port}")
    figures["what_if_gzip_and_static_caching"] = {
        "cold": {"timing": what_if["cold"]["timing"], "totals": what_if["cold"]["totals"]},
        "warm": {
            "timing": what_if["warm"]["timing"],
            "transferred_bytes": what_if["warm"]["totals"]["transferred_bytes"],
            "downloaded_again": what_if["warm"]["downloaded_again"],
        },
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "player-budget.json").write_text(json.dumps(figures, indent=2))
    return figures


def test_the_player_page_weighs_under_150_kb_compressed(measured):
    cold = measured["cold"]["totals"]
    assert cold["html"]["requests"] == 1 and cold["catalog"]["requests"] == 1
    assert cold["css"]["requests"] >= 2 and cold["js"]["requests"] >= 17
    assert cold["gzip_bytes"] < BUDGET_BYTES, cold


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="measured 4.8 s to the first render on a first visit under Slow 3G (2 s budget): "
    "the server sends HTML, CSS, JS and /jsi18n/ uncompressed (196 KB on the wire; 59 KB "
    "if gzipped), the 47 KB /jsi18n/ catalog has no caching headers and is fetched again "
    "on every load, 20 sub-requests over HTTP/1.1's 6 connections cost 4 latency waves, and "
    "the first view waits for the WebSocket's snapshot after all modules ran; with gzip "
    "alone it is 3.2 s (see tests/artifacts/player-budget.json)",
)
def test_the_player_page_is_on_screen_within_2_s_on_slow_3g(measured):
    timing = measured["cold"]["timing"]
    assert timing["rendered_ms"] < RENDER_MS, (timing, measured["cold"]["totals"])
