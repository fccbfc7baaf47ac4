// The debrief report's charts, drawn from the figures the server put in #report-charts.
// Everything else on the page is server-rendered, so the report reads (and prints) without
// this script. The charts come from the shared charts.js, which keeps them readable in black
// and white (dash patterns, marker shapes, fill patterns) and pairs each with its numbers.

import { $, $$, h } from "../dom.js";
import { number } from "../format.js";
import { barChart, lineChart, tableFor } from "../charts.js";

const data = JSON.parse($("#report-charts").textContent);
const labels = data.labels;
const rounds = labels.map((_, index) => index);
const xFormat = (x) => labels[x] ?? String(x);
const fixed = (digits) => (y) => number(y, digits);
const percentChange = (y) => `${y > 0 ? "+" : ""}${number(y, 1)}%`;

function overRounds(name, values) {
  const points = values.map((y, x) => ({ x, y })).filter((p) => p.y !== null && p.y !== undefined);
  return { name, points };
}

// Each chart: its series, and how to draw them at a given width.
const CHARTS = {
  warming: (title) => ({
    series: [overRounds(title, data.warming)],
    draw: (series, width) => lineChart(series, { title, width, xFormat, xTicks: rounds, yFormat: fixed(2), legend: false }),
    yFormat: fixed(2),
  }),
  gini: (title) => ({
    series: [overRounds("Gini", data.gini)],
    draw: (series, width) => lineChart(series, { title, width, xFormat, xTicks: rounds, yFormat: fixed(3), legend: false }),
    yFormat: fixed(3),
  }),
  gap_ratio: (title) => ({
    series: [overRounds(title, data.gap_ratio)],
    draw: (series, width) => lineChart(series, {
      title, width, xFormat, xTicks: rounds, yFormat: fixed(1), legend: false,
      yTickFormat: (y) => number(y, Number.isInteger(y) ? 0 : 1),
    }),
    yFormat: fixed(1),
  }),
  wealth: (title) => ({
    series: data.wealth.map((country) => overRounds(country.name, country.values)),
    draw: (series, width) => lineChart(series, { title, width, xFormat, xTicks: rounds, yFormat: fixed(0), height: 340 }),
    yFormat: fixed(1),
  }),
  growth: (title) => ({
    series: [{
      name: title,
      points: data.wealth.map((country) => ({ x: country.name, y: country.values[country.values.length - 1] - 100 })),
    }],
    draw: (series, width) => barChart(series, { title, width, horizontal: true, legend: false, yFormat: percentChange }),
    yFormat: percentChange,
    categories: true,
  }),
};

function draw(figure) {
  const make = CHARTS[figure.dataset.chart];
  const title = $("figcaption", figure).textContent.trim();
  const chart = make ? make(title) : null;
  $$(".chart-body", figure).forEach((old) => old.remove());
  if (!chart || chart.series.every((item) => !item.points.length)) {
    figure.hidden = true;
    return;
  }
  // Drawn at the figure's real width so the text keeps its size, on screen and on paper.
  const width = Math.max(300, Math.min(figure.clientWidth - 24 || 640, 960));
  const table = tableFor(chart.series, { xFormat: chart.categories ? String : xFormat, yFormat: chart.yFormat, sortX: !chart.categories });
  figure.append(h("div", { class: "chart-body" },
    chart.draw(chart.series, width),
    h("details", { class: "chart-data" }, h("summary", {}, gettext("Show the numbers")), table)));
  figure.dataset.drawn = "true";
}

function drawAll() {
  $$("[data-chart]").forEach(draw);
}

drawAll();
// Paper is narrower than a laptop's screen: draw again for it, and back after printing.
window.matchMedia("print").addEventListener("change", drawAll);
window.addEventListener("beforeprint", drawAll);
window.addEventListener("afterprint", drawAll);

const printButton = $("[data-action=print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}
