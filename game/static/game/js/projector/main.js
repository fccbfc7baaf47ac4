// The projector: the public world on the classroom wall, in large type. In the lobby the
// join code and QR code; while the game runs the round, phase, countdown, headlines, the
// world's indicators, charts and agreements; once finished, the debrief.

import { GameConnection } from "../connection.js";
import { GameStore } from "../store.js";
import { secondsLeft, syncClock, ticking } from "../countdown.js";
import { $, fill, h } from "../dom.js";
import { clock, countryName, language, number, signed, text } from "../format.js";
import { chartFigure, lineChart, tableFor } from "../charts.js";
import { worldPoints } from "../console/history.js";
import { INDICATORS, agreementStatusName, issueName, kindName, phaseName, roundLabel, roundTitle, statusName } from "../console/labels.js";
import { renderDebrief } from "./debrief.js";
import { inlineQrWhenBroken } from "../console/ui.js";

const config = JSON.parse($("#projector-config").textContent);
const store = new GameStore();
const connection = new GameConnection(config.socket, { language });
const SHOWN = ["warming", "disasters", "attacks", "migrants", "gini", "welfare"];
const ANNOUNCEMENT_MINUTES = 10;

let drawn = null; // what the charts and the debrief were last drawn for

/** Chart text follows the page's type, which grows with the screen. */
function rem(times) {
  return Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * times);
}

function screen(view) {
  const status = view.game.status;
  if (status === "finished" || status === "archived") return "debrief";
  return status === "lobby" ? "lobby" : "live";
}

function renderHeader(view) {
  const { game } = view;
  fill($("#pj-title"), text(game.title));
  const over = game.status === "finished" || game.status === "archived";
  fill($("#pj-round"), game.round > 0
    ? interpolate(gettext("Round %(round)s of %(rounds)s · %(year)s"), { round: game.round, rounds: game.rounds, year: game.year }, true)
    : "");
  fill($("#pj-phase"), over ? statusName("finished") : game.status === "lobby" ? phaseName("lobby") : phaseName(game.phase));
  $("#pj-clock").hidden = !(game.status === "running" || game.status === "paused");
}

function renderLobby(view) {
  fill($("#pj-countries"), Object.keys(view.countries).map((cid) =>
    h("li", {}, countryName(view, cid),
      view.bots[cid] ? h("span", { class: "pj-bot" }, " ", h("span", { "aria-hidden": "true" }, "⚙ "), gettext("bot")) : null)));
}

function renderNews(view) {
  const history = view.history || [];
  const last = history[history.length - 1];
  const items = [];
  if (view.game.phase === "briefing") for (const item of view.briefing || []) items.push(item);
  if (last) for (const item of last.news || []) items.push(item);
  fill($("#pj-news"), items.length
    ? items.slice(0, 3).map((item) => h("li", { dataset: { kind: item.kind || "" } }, text(item.headline)))
    : h("li", { class: "empty" }, gettext("Negotiate! The first headlines come when round 1 is resolved.")));
  fill($("#pj-news-title"), last
    ? interpolate(gettext("Headlines after round %(round)s"), { round: last.round }, true)
    : gettext("Headlines"));
}

function renderIndicators(view) {
  const history = view.history || [];
  const previous = history.length > 1 ? history[history.length - 2].world : config.start?.world;
  fill($("#pj-indicators"), INDICATORS.filter((i) => SHOWN.includes(i.key)).map((indicator) => {
    const value = view.world[indicator.key];
    const before = history.length && previous ? previous[indicator.key] : null;
    let change = null;
    if (Number.isFinite(value) && Number.isFinite(before) && Math.abs(value - before) > 1e-9) {
      const up = value > before;
      change = h("span", { class: "pj-change", dataset: { direction: up ? "up" : "down" } },
        h("span", { "aria-hidden": "true" }, up ? "▲ " : "▼ "),
        signed(value - before, indicator.key === "gini" ? 3 : indicator.key === "warming" || indicator.key === "welfare" ? 2 : 1));
    }
    return h("div", { class: "pj-indicator", dataset: { indicator: indicator.key } },
      h("dt", {}, indicator.label()),
      h("dd", {}, h("span", { class: "pj-value" }, Number.isFinite(value) ? indicator.format(value) : "–"), change));
  }));
}

function renderAgreements(view) {
  const shown = (view.agreements || []).filter((a) => a.status === "open" || a.status === "active");
  fill($("#pj-agreements"), shown.length
    ? shown.map((agreement) => h("li", { class: "pj-agreement", dataset: { status: agreement.status } },
        h("p", { class: "pj-agreement-title" }, agreement.draft?.title || agreement.id),
        h("p", { class: "pj-agreement-facts" },
          agreementStatusName(agreement.status), " · ", kindName(agreement.draft?.kind), " · ", issueName(agreement.draft?.issue)),
        h("p", { class: "pj-signatories" },
          h("span", { class: "label" }, interpolate(ngettext("%(count)s signatory:", "%(count)s signatories:", agreement.signatories.length), { count: agreement.signatories.length }, true), " "),
          agreement.signatories.map((cid) => countryName(view, cid)).join(", ") || "–")))
    : h("li", { class: "empty" }, gettext("No agreement is open for signature yet.")));
}

function renderCharts(view) {
  const container = $("#pj-charts");
  fill(container);
  const ticks = [0, ...Array.from({ length: view.game.rounds }, (_, i) => i + 1)];
  const charts = [
    { key: "warming", title: gettext("Warming (°C)"), name: gettext("Warming"), digits: 2, style: 1, minSpan: 0.5 },
    { key: "gini", title: gettext("Inequality (Gini index)"), name: gettext("Gini index"), digits: 3, style: 0, minSpan: 0.05 },
  ];
  for (const chart of charts) {
    const series = [{ name: chart.name, points: worldPoints(view, config.start, chart.key), styleIndex: chart.style }];
    const slot = h("div", { class: "chart-slot" });
    container.append(chartFigure({ title: chart.title, chart: slot,
      table: tableFor(series, { caption: chart.title, xLabel: gettext("Round"), xFormat: roundTitle, yFormat: (v) => number(v, chart.digits) }) }));
    const width = Math.max(260, Math.floor(slot.clientWidth || 500));
    // As tall as the screen still has room for, so the wall needs no scrolling.
    const room = window.innerHeight - slot.getBoundingClientRect().top - 72;
    const height = Math.max(170, Math.min(420, Math.floor(room)));
    slot.replaceWith(lineChart(series, {
      title: chart.title, width, height, fontSize: rem(0.9), strokeWidth: 4, markerSize: 7, xFormat: roundLabel, xTicks: ticks,
      yFormat: (v) => number(v, chart.digits), endLabels: true, legend: false, minSpan: chart.minSpan,
    }));
  }
}

function renderAnnouncement(view) {
  const latest = [...view.messages].reverse().find((m) => m.channel === "announcements" && !m.hidden);
  const box = $("#pj-announcement");
  const over = view.game.status === "finished" || view.game.status === "archived";
  const fresh = !over && latest && Date.now() - Date.parse(latest.at) < ANNOUNCEMENT_MINUTES * 60 * 1000;
  box.hidden = !fresh;
  fill(box, fresh ? [h("span", { class: "label" }, gettext("Announcement:"), " "), latest.text] : "");
}

function render(force = false) {
  const view = store.view;
  if (!view) return;
  const now = screen(view);
  $("#projector").dataset.status = view.game.status;
  $("#pj-lobby").hidden = now !== "lobby";
  $("#pj-live").hidden = now !== "live";
  $("#pj-debrief").hidden = now !== "debrief";
  renderHeader(view);
  renderAnnouncement(view);
  if (now === "lobby") renderLobby(view);
  const key = `${now}:${(view.history || []).length}:${(view.agreements || []).length}:${window.innerWidth}x${window.innerHeight}`;
  if (now === "live") {
    renderNews(view);
    renderIndicators(view);
    renderAgreements(view);
    if (force || key !== drawn) renderCharts(view);
  }
  if (now === "debrief" && (force || key !== drawn)) {
    renderDebrief($("#pj-debrief"), view, { start: config.start, url: config.debrief_url, fontSize: rem(0.8), headingLevel: 1 });
  }
  drawn = key;
}

function renderCountdown(seconds) {
  const view = store.view;
  const node = $("#pj-countdown");
  if (!view || seconds === null) {
    node.textContent = "–";
    return;
  }
  const paused = view.game.status === "paused";
  node.dataset.state = paused ? "paused" : seconds <= 30 ? "soon" : "running";
  node.textContent = paused ? interpolate(gettext("%(time)s · paused"), { time: clock(seconds) }, true) : clock(seconds);
}

connection.addEventListener("snapshot", (event) => {
  syncClock(event.detail.now);
  store.load(event.detail);
});
connection.addEventListener("events", (event) => store.update(event.detail));
connection.addEventListener("status", (event) => {
  const node = $("#connection");
  node.dataset.status = event.detail;
  const words = {
    connecting: gettext("Connecting…"),
    open: "",
    reconnecting: gettext("Connection lost, reconnecting…"),
    refused: gettext("This projector link is not valid any more. Open it again from the console."),
  };
  fill(node, words[event.detail] ?? event.detail);
});
store.addEventListener("changed", () => {
  render();
  renderCountdown(secondsLeft(store.view.game.timer));
});

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => render(true), 250);
});
setInterval(() => store.view && renderAnnouncement(store.view), 30000);
ticking(() => store.view && store.view.game.timer, renderCountdown);
inlineQrWhenBroken($(".pj-qr-image"));
connection.connect();
