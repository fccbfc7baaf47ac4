// The console's charts over rounds: warming, inequality (Gini and the rich–poor gap),
// pledges kept and broken, and every country's wealth as small multiples. Each chart has
// its numbers in a table beside it. Drawn only while the tab is visible (they are sized to
// their boxes), and again after each resolved round.

import { $, fill, h } from "../dom.js";
import { countryName, number } from "../format.js";
import { barChart, chartFigure, lineChart, tableFor } from "../charts.js";
import { complianceByRound, countryIds, countryPoints, worldPoints } from "./history.js";
import { roundLabel, roundTitle } from "./labels.js";
import { renderDebrief } from "../projector/debrief.js";

let drawnFor = null; // the history length and status the charts were drawn for

/** Put a figure in the grid, then draw its chart at the width the grid gave it. */
function place(container, { id, title, note, series, kind = "line", options = {}, tableOptions = {} }) {
  const slot = h("div", { class: "chart-slot" });
  const figure = chartFigure({ id, title, chart: slot, note, table: tableFor(series, { caption: title, ...tableOptions }) });
  container.append(figure);
  const width = Math.max(200, Math.floor(slot.clientWidth || container.clientWidth || 600));
  const chart = kind === "bar" ? barChart(series, { title, width, ...options }) : lineChart(series, { title, width, ...options });
  slot.replaceWith(chart);
  return figure;
}

export function renderCharts(ui, { force = false, visible = true } = {}) {
  const view = ui.view;
  const start = ui.config.start;
  const key = `${(view.history || []).length}:${view.game.status}:${(view.agreements || []).length}`;
  if (!visible || (!force && key === drawnFor)) return;
  drawnFor = key;
  const rounds = { xFormat: roundLabel };
  const roundTable = { xLabel: gettext("Round"), xFormat: roundTitle };
  const container = $("#charts");
  fill(container);
  const ticks = [0, ...Array.from({ length: view.game.rounds }, (_, i) => i + 1)];

  place(container, {
    id: "chart-warming",
    title: gettext("Warming over the rounds (°C above pre-industrial)"),
    series: [{ name: gettext("Warming"), points: worldPoints(view, start, "warming") }],
    options: { ...rounds, xTicks: ticks, yLabel: gettext("°C"), yFormat: (v) => number(v, 2), minSpan: 0.5 },
    tableOptions: { ...roundTable, yFormat: (v) => number(v, 2) },
  });
  place(container, {
    id: "chart-gini",
    title: gettext("Inequality between countries (Gini index)"),
    note: gettext("0 means everyone equally rich, 1 means one country has everything."),
    series: [{ name: gettext("Gini index"), points: worldPoints(view, start, "gini") }],
    options: { ...rounds, xTicks: ticks, yLabel: gettext("Gini"), yFormat: (v) => number(v, 3), minSpan: 0.05 },
    tableOptions: { ...roundTable, yFormat: (v) => number(v, 3) },
  });
  const gap = worldPoints(view, start, "gap_ratio");
  place(container, {
    id: "chart-gap",
    title: gettext("Rich–poor gap (wealth per person, developed ÷ developing)"),
    series: [{ name: gettext("Gap ratio"), points: gap, styleIndex: 1 }],
    options: { ...rounds, xTicks: ticks, yLabel: gettext("times"), yFormat: (v) => number(v, 1), minSpan: 0.2 * Math.max(1, ...gap.map((p) => p.y)) },
    tableOptions: { ...roundTable, yFormat: (v) => number(v, 1) },
  });
  const { kept, broken } = complianceByRound(view);
  place(container, {
    id: "chart-pledges",
    title: gettext("Commitments kept and broken, per round"),
    note: [...kept, ...broken].some((p) => p.y > 0) ? null : gettext("Counted when a round is resolved, for every member of an agreement in force."),
    kind: "bar",
    series: [{ name: gettext("kept"), points: kept, styleIndex: 2 }, { name: gettext("broken"), points: broken, styleIndex: 1 }],
    options: { xFormat: roundLabel, yLabel: gettext("commitments"), yFormat: (v) => number(v, 0), legend: true },
    tableOptions: { ...roundTable, yFormat: (v) => number(v, 0) },
  });

  const multiples = $("#wealth-charts");
  fill(multiples);
  for (const [index, cid] of countryIds(view).entries()) {
    const name = countryName(view, cid);
    const points = countryPoints(view, start, cid, "wealth");
    place(multiples, {
      id: `chart-wealth-${cid}`,
      title: name,
      series: [{ name, points, styleIndex: index }],
      options: {
        ...rounds, xTicks: ticks, compact: true, height: 150, legend: false, yFormat: (v) => number(v, 0),
        // A tenth of the country's wealth at least, so that a small change looks small.
        minSpan: 0.1 * Math.max(1e-9, ...points.map((p) => p.y)),
      },
      tableOptions: { ...roundTable, yFormat: (v) => number(v, 0) },
    });
  }

  const debrief = $("#debrief-panel");
  const over = view.game.status === "finished" || view.game.status === "archived";
  debrief.hidden = !over;
  if (over) renderDebrief(debrief, ui.view, { start, url: ui.config.debrief_url, fontSize: 13, headingLevel: 2 });
}
