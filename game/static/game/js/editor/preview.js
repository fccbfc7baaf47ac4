// The preview's charts: a whole game played by bots, round by round, drawn with the shared
// SVG charts (each with its numbers in a table underneath).

import { $, fill } from "../dom.js";
import { number, text } from "../format.js";
import { chartFigure, lineChart, tableFor } from "../charts.js";

const figures = JSON.parse($("#preview-figures").textContent);
const root = $("#preview-charts");

function rounds(values) {
  return values.map((y, index) => ({ x: figures.rounds[index], y }));
}

const roundLabel = (x) => {
  const index = figures.rounds.indexOf(x);
  return index === -1 ? String(x) : `${x} (${figures.years[index]})`;
};

function figure({ id, title, series, yFormat, yLabel, yMin, yMax, legend }) {
  const width = Math.min(root.clientWidth || 640, 720);
  const options = { title, width, xLabel: gettext("Round"), yLabel, yFormat, yMin, yMax, legend, xTicks: figures.rounds };
  return chartFigure({
    id,
    title,
    chart: lineChart(series, options),
    table: tableFor(series, { xLabel: gettext("Round"), xFormat: roundLabel, yFormat }),
  });
}

const countries = figures.countries.map((country) => ({ ...country, label: text(country.name) }));

fill(root,
  figure({
    id: "chart-warming",
    title: gettext("Warming"),
    yLabel: "°C",
    series: [{ name: gettext("Warming (°C)"), points: rounds(figures.warming) }],
    yFormat: (y) => number(y, 2),
  }),
  figure({
    id: "chart-gini",
    title: gettext("Inequality between countries (Gini)"),
    series: [{ name: gettext("Gini"), points: rounds(figures.gini) }],
    yFormat: (y) => number(y, 3),
  }),
  figure({
    id: "chart-wealth",
    title: gettext("Wealth by country (billions)"),
    series: countries.map((country) => ({ name: country.label, points: rounds(country.wealth) })),
    yFormat: (y) => number(y, 0),
    legend: true,
  }),
  figure({
    id: "chart-scores",
    title: gettext("Scores by country"),
    series: countries.map((country) => ({ name: country.label, points: rounds(country.score) })),
    yFormat: (y) => number(y, 1),
    legend: true,
  }),
);
