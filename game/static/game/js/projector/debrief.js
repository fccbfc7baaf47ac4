// The debrief at the end of a game: who gained and who lost since the start, inequality
// over time, pledges against delivery, and the world "if every pledge had been kept" (from
// GET /games/<CODE>/debrief.json; when that answers 404 the panel is left out).

import { fill, h } from "../dom.js";
import { countryName, number, signed } from "../format.js";
import { barChart, chartFigure, lineChart, tableFor } from "../charts.js";
import { complianceByAgreement, complianceByCountry, startScore, startWealth, worldPoints } from "../console/history.js";
import { roundLabel, roundTitle } from "../console/labels.js";

const debriefs = new Map(); // url → Promise of the JSON (or null when there is none)

function loadDebrief(url) {
  if (!debriefs.has(url)) {
    debriefs.set(url, fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .catch((error) => {
        debriefs.delete(url); // try again next time
        return { failed: String(error) };
      }));
  }
  return debriefs.get(url);
}

const percentChange = (now, before) => (Number.isFinite(now) && before ? (now / before - 1) * 100 : NaN);
const signedPercent = (v) => `${signed(v, 1)} %`;
const signedPoints = (v) => signed(v, 1);

function heading(level, text, id) {
  return h(`h${Math.min(6, level)}`, { id }, text);
}

function draw(slot, build) {
  const width = Math.max(220, Math.floor(slot.clientWidth || 600));
  slot.replaceChildren(build(width));
}

/**
 * Fill `container` with the debrief. options: start (the world before round 1), url (the
 * debrief endpoint), fontSize (chart text), headingLevel (of the section titles).
 */
export function renderDebrief(container, view, { start, url, fontSize = 13, headingLevel = 2 } = {}) {
  const level = headingLevel;
  const ids = Object.keys(view.countries);
  const rows = ids
    .map((cid) => {
      const country = view.countries[cid];
      return {
        cid,
        name: countryName(view, cid),
        wealth: percentChange(country.wealth, startWealth(view, start, cid)),
        score: country.score - startScore(start, cid),
      };
    })
    .sort((a, b) => b.wealth - a.wealth);
  const gainedLost = [
    { name: gettext("Wealth, change in per cent"), points: rows.map((r) => ({ x: r.name, y: r.wealth })), styleIndex: 0 },
    { name: gettext("Score (points above or below the start)"), points: rows.map((r) => ({ x: r.name, y: r.score })), styleIndex: 1 },
  ];
  const winners = rows.filter((r) => r.wealth > 0).map((r) => r.name);
  const losers = rows.filter((r) => r.wealth < 0).map((r) => r.name);
  const summary = [
    winners.length ? interpolate(gettext("Richer than at the start: %(countries)s."), { countries: winners.join(", ") }, true) : gettext("No country is richer than at the start."),
    " ",
    losers.length ? interpolate(gettext("Poorer: %(countries)s."), { countries: losers.join(", ") }, true) : gettext("No country is poorer than at the start."),
  ];

  const gini = [{ name: gettext("Gini index"), points: worldPoints(view, start, "gini") }];
  const byAgreement = complianceByAgreement(view);
  const byCountry = complianceByCountry(view);
  const keptBroken = (tally) => [
    { name: gettext("kept"), points: tally.kept, styleIndex: 2 },
    { name: gettext("broken"), points: tally.broken, styleIndex: 1 },
  ];

  const slots = {};
  const slot = (name) => (slots[name] = h("div", { class: "chart-slot" }));
  const gainedTitle = gettext("Change since the start, by country");
  const giniTitle = gettext("Gini index between countries, by round");
  const agreementTitle = gettext("Commitments kept and broken, by agreement");
  const countryTitle = gettext("Commitments kept and broken, by country");

  const counterfactual = h("section", { class: "debrief-card debrief-counterfactual", "aria-labelledby": "debrief-if-title", hidden: true },
    heading(level + 1, gettext("If every pledge had been kept"), "debrief-if-title"),
    h("p", { class: "hint" }, gettext("Loading the comparison…")));

  fill(container,
    heading(level, gettext("Debrief"), "debrief-title"),
    h("div", { class: `debrief-grid${byAgreement.any ? "" : " no-pledges"}` },
      h("section", { class: "debrief-card debrief-gained", "aria-labelledby": "debrief-gained-title" },
        heading(level + 1, gettext("Who gained, who lost"), "debrief-gained-title"),
        h("p", { class: "debrief-summary" }, summary),
        chartFigure({ title: gainedTitle, chart: slot("gained"), table: tableFor(gainedLost, { caption: gainedTitle, xLabel: gettext("Country"), yFormat: signedPoints, sortX: false }) })),
      h("section", { class: "debrief-card debrief-gini", "aria-labelledby": "debrief-gini-title" },
        heading(level + 1, gettext("Inequality over time"), "debrief-gini-title"),
        chartFigure({ title: giniTitle, chart: slot("gini"), note: gettext("0 means every country is equally rich per person; 1 means one has everything."),
          table: tableFor(gini, { caption: giniTitle, xLabel: gettext("Round"), xFormat: roundTitle, yFormat: (v) => number(v, 3) }) })),
      h("section", { class: "debrief-card debrief-pledges", "aria-labelledby": "debrief-pledges-title" },
        heading(level + 1, gettext("Pledges and delivery"), "debrief-pledges-title"),
        byAgreement.any
          ? [
              chartFigure({ title: agreementTitle, chart: slot("agreements"), table: tableFor(keptBroken(byAgreement), { caption: agreementTitle, xLabel: gettext("Agreement"), yFormat: (v) => number(v, 0), sortX: false }) }),
              chartFigure({ title: countryTitle, chart: slot("countries"), table: tableFor(keptBroken(byCountry), { caption: countryTitle, xLabel: gettext("Country"), yFormat: (v) => number(v, 0), sortX: false }) }),
            ]
          : h("p", { class: "empty" }, gettext("No agreement was in force during a resolved round, so no pledge was put to the test."))),
      counterfactual));

  draw(slots.gained, (width) => barChart(gainedLost, { title: gainedTitle, width, horizontal: true, fontSize, barHeight: fontSize + 3, yFormat: signedPoints, legend: true }));
  draw(slots.gini, (width) => lineChart(gini, { title: giniTitle, width, fontSize, height: fontSize * 16, xFormat: roundLabel, xTicks: [0, ...Array.from({ length: view.game.rounds }, (_, i) => i + 1)], yFormat: (v) => number(v, 3), endLabels: true, minSpan: 0.05 }));
  if (slots.agreements) draw(slots.agreements, (width) => barChart(keptBroken(byAgreement), { title: agreementTitle, width, horizontal: true, fontSize, barHeight: fontSize + 2, yFormat: (v) => number(v, 0), legend: true }));
  if (slots.countries) draw(slots.countries, (width) => barChart(keptBroken(byCountry), { title: countryTitle, width, horizontal: true, fontSize, barHeight: fontSize, yFormat: (v) => number(v, 0), legend: true }));

  if (url) {
    loadDebrief(url).then((data) => showCounterfactual(counterfactual, view, data, { start, fontSize, level: level + 1 }));
  }
}

function showCounterfactual(card, view, data, { start, fontSize, level }) {
  if (!card.isConnected) return;
  if (!data) {
    card.remove(); // the server has no counterfactual for this game: show nothing
    return;
  }
  card.hidden = false;
  if (data.failed) {
    fill(card, heading(level, gettext("If every pledge had been kept"), "debrief-if-title"),
      h("p", { class: "hint" }, gettext("The comparison could not be loaded. Reload the page to try again.")));
    return;
  }
  const { actual, counterfactual } = data;
  const measures = [
    { key: "world_welfare", label: gettext("World welfare"), digits: 2, better: "higher" },
    { key: "gini", label: gettext("Inequality (Gini)"), digits: 3, better: "lower" },
    { key: "warming", label: gettext("Warming (°C)"), digits: 2, better: "lower" },
  ];
  const table = h("div", { class: "table-scroll" }, h("table", { class: "data-table compare-table" },
    h("caption", {}, gettext("The world at the end")),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, gettext("Measure")),
      h("th", { scope: "col", class: "number" }, gettext("Actual")),
      h("th", { scope: "col", class: "number" }, gettext("If kept")))),
    h("tbody", {}, measures.map((m) => {
      const a = actual[m.key];
      const c = counterfactual[m.key];
      const better = m.better === "higher" ? c > a : c < a;
      const same = Math.abs(c - a) < 0.5 * 10 ** -m.digits;
      return h("tr", { dataset: { measure: m.key } },
        h("th", { scope: "row" }, m.label),
        h("td", { class: "number" }, number(a, m.digits)),
        h("td", { class: "number" }, number(c, m.digits),
          h("span", { class: "verdict" }, same
            ? gettext("the same")
            : [signed(c - a, m.digits), " ", better ? gettext("(better if kept)") : gettext("(worse if kept)")])));
    }))));

  const base = data.start && data.start.countries ? data.start.countries : null;
  const wealthStart = (cid) => (base && base[cid] ? base[cid].wealth : startWealth(view, start, cid));
  const ids = Object.keys(actual.countries || {});
  const series = [
    { name: gettext("Actual"), points: ids.map((cid) => ({ x: countryName(view, cid), y: percentChange(actual.countries[cid].wealth, wealthStart(cid)) })), styleIndex: 0 },
    { name: gettext("If all pledges kept"), points: ids.map((cid) => ({ x: countryName(view, cid), y: percentChange(counterfactual.countries[cid]?.wealth, wealthStart(cid)) })), styleIndex: 3 },
  ];
  const title = gettext("Wealth change since the start in per cent, actual and if kept");
  const slot = h("div", { class: "chart-slot" });
  fill(card,
    heading(level, gettext("If every pledge had been kept"), "debrief-if-title"),
    h("p", { class: "hint" }, gettext("The same game replayed with every signed pledge honoured; everything else happens as it did.")),
    table,
    chartFigure({ title, chart: slot, table: tableFor(series, { caption: title, xLabel: gettext("Country"), yFormat: signedPercent, sortX: false }) }));
  draw(slot, (width) => barChart(series, { title, width, horizontal: true, fontSize, barHeight: fontSize + 1, yFormat: signedPercent, legend: true }));
}
