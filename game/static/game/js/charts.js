// Small SVG charts without a library: lines over rounds and grouped bars, readable without
// colour (every series has its own dash pattern, marker shape or fill pattern, and a legend),
// described for screen readers (<title>, <desc>) and paired with a plain table.
//
// A series is {name, points: [{x, y}]}: x is a number for line charts (a round) and a label
// for bar charts (a country). Pass `width` = the pixel width of the chart's container so
// the text is drawn at its real size; the SVG still scales with its container.

import { h } from "./dom.js";
import { number } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
// Dark enough for 4.5:1 on white; pages may override --chart-1… (e.g. for a dark theme).
const COLOURS = ["#0b5d9e", "#c2410c", "#047857", "#7e22ce", "#8a5a00", "#be185d", "#0e7490", "#374151"];
const DASHES = ["", "8 4", "2 4", "10 4 2 4", "4 4", "12 3 3 3 3 3", "1 3", "6 2 1 2"];
const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "triangle-down", "plus", "star"];
const FILLS = ["solid", "hatch", "dots", "cross-hatch", "vertical", "horizontal", "checks", "diagonal-back"];

let counter = 0;

function s(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function colour(index) {
  return `var(--chart-${(index % COLOURS.length) + 1}, ${COLOURS[index % COLOURS.length]})`;
}

/** How a series is drawn, so a legend or a table elsewhere can show the same key. */
export function seriesStyle(index) {
  return {
    colour: colour(index),
    dash: DASHES[index % DASHES.length],
    marker: MARKERS[index % MARKERS.length],
    fill: FILLS[index % FILLS.length],
  };
}

function marker(shape, x, y, r, paint) {
  const style = `fill: ${paint}; stroke: ${paint}`;
  const hollow = `fill: var(--chart-paper, #fff); stroke: ${paint}; stroke-width: 2`;
  const polygon = (points) => s("polygon", { points: points.map((p) => p.join(",")).join(" "), style });
  switch (shape) {
    case "square":
      return s("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, style });
    case "triangle":
      return polygon([[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]]);
    case "triangle-down":
      return polygon([[x, y + r * 1.2], [x + r * 1.1, y - r * 0.8], [x - r * 1.1, y - r * 0.8]]);
    case "diamond":
      return polygon([[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]]);
    case "cross":
      return s("path", {
        d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`,
        style: `stroke: ${paint}; stroke-width: 2.5; fill: none`,
      });
    case "plus":
      return s("path", {
        d: `M${x - r * 1.2},${y}H${x + r * 1.2}M${x},${y - r * 1.2}V${y + r * 1.2}`,
        style: `stroke: ${paint}; stroke-width: 2.5; fill: none`,
      });
    case "star": {
      const points = [];
      for (let i = 0; i < 10; i += 1) {
        const radius = i % 2 ? r * 0.55 : r * 1.35;
        const angle = (Math.PI / 5) * i - Math.PI / 2;
        points.push([x + radius * Math.cos(angle), y + radius * Math.sin(angle)]);
      }
      return polygon(points);
    }
    case "ring":
      return s("circle", { cx: x, cy: y, r, style: hollow });
    default:
      return s("circle", { cx: x, cy: y, r, style });
  }
}

/** A fill pattern per series, so bars differ by texture as well as by colour. */
function pattern(id, kind, paint) {
  const tile = (size, ...shapes) =>
    s("pattern", { id, width: size, height: size, patternUnits: "userSpaceOnUse" },
      s("rect", { width: size, height: size, style: "fill: var(--chart-paper, #fff)" }), ...shapes);
  const line = (d, width = 2) => s("path", { d, style: `stroke: ${paint}; stroke-width: ${width}` });
  switch (kind) {
    case "hatch":
      return tile(8, line("M-2,2L2,-2M0,8L8,0M6,10L10,6"));
    case "diagonal-back":
      return tile(8, line("M-2,6L2,10M0,0L8,8M6,-2L10,2"));
    case "cross-hatch":
      return tile(8, line("M0,8L8,0M0,0L8,8", 1.5));
    case "dots":
      return tile(7, s("circle", { cx: 3.5, cy: 3.5, r: 2, style: `fill: ${paint}` }));
    case "vertical":
      return tile(6, line("M3,0V6", 2.5));
    case "horizontal":
      return tile(6, line("M0,3H6", 2.5));
    case "checks":
      return tile(8, s("rect", { width: 4, height: 4, style: `fill: ${paint}` }),
        s("rect", { x: 4, y: 4, width: 4, height: 4, style: `fill: ${paint}` }));
    default:
      return null;
  }
}

/** Round tick values covering [min, max] with about `count` steps (1, 2, 2.5, 5 × 10ᵏ). */
export function niceTicks(min, max, count = 5, minStep = 0) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] };
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const step = Math.max(minStep, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power);
  const start = Math.floor(min / step + 1e-9) * step;
  const end = Math.ceil(max / step - 1e-9) * step;
  const values = [];
  for (let v = start; v <= end + step / 2; v += step) values.push(Math.abs(v) < step / 1e6 ? 0 : v);
  return { min: start, max: end, step, values };
}

function digitsFor(step) {
  if (step >= 1 && Number.isInteger(step)) return 0;
  return Math.min(4, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (String(step).includes("25") ? 1 : 0)));
}

/** Rough text width: enough to lay out labels and legends without measuring the DOM. */
function textWidth(text, size) {
  return String(text).length * size * 0.56;
}

function svgRoot(width, height, title, description, extraClass) {
  const id = `chart-${++counter}`;
  const root = s("svg", {
    viewBox: `0 0 ${Math.round(width)} ${Math.round(height)}`,
    width: "100%",
    class: `chart-svg ${extraClass || ""}`.trim(),
    role: "img",
    "aria-labelledby": `${id}-title`,
    "aria-describedby": `${id}-desc`,
    preserveAspectRatio: "xMidYMid meet",
    style: `max-width: 100%; height: auto; overflow: visible; font-family: inherit`,
  });
  root.append(s("title", { id: `${id}-title` }, title || ""), s("desc", { id: `${id}-desc` }, description || ""));
  return { root, id };
}

/** The legend rows below a chart; returns the height it needs. */
function legendLayout(series, width, size) {
  const rows = [[]];
  let x = 0;
  for (const [index, item] of series.entries()) {
    const w = 34 + textWidth(item.name, size) + 18;
    if (x + w > width && rows[rows.length - 1].length) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push({ index, item, x });
    x += w;
  }
  return rows;
}

function drawLegend(group, rows, top, left, size, kind, patternIds) {
  rows.forEach((row, r) => {
    const y = top + r * (size + 12) + size / 2;
    for (const { index, item, x } of row) {
      const style = seriesStyle(item.styleIndex ?? index);
      const g = s("g", { class: "legend-item" });
      if (kind === "bar") {
        g.append(s("rect", {
          x: left + x, y: y - size / 2, width: 26, height: size,
          style: `fill: ${patternIds[index] ? `url(#${patternIds[index]})` : style.colour}; stroke: ${style.colour}; stroke-width: 1.5`,
        }));
      } else {
        g.append(s("line", {
          x1: left + x, x2: left + x + 26, y1: y, y2: y,
          style: `stroke: ${style.colour}; stroke-width: 3; stroke-dasharray: ${style.dash || "none"}`,
        }));
        g.append(marker(style.marker, left + x + 13, y, 4.5, style.colour));
      }
      g.append(s("text", { x: left + x + 34, y, "dominant-baseline": "central", style: `font-size: ${size}px; fill: currentColor` }, item.name));
      group.append(g);
    }
  });
}

function describeLines(series, xFormat, yFormat) {
  const parts = series
    .filter((item) => item.points.length)
    .map((item) => {
      const first = item.points[0];
      const last = item.points[item.points.length - 1];
      if (item.points.length === 1) {
        return interpolate(gettext("%(series)s: %(value)s at %(x)s"), { series: item.name, value: yFormat(first.y), x: xFormat(first.x) }, true);
      }
      return interpolate(gettext("%(series)s: from %(first)s (%(firstx)s) to %(last)s (%(lastx)s)"), {
        series: item.name, first: yFormat(first.y), firstx: xFormat(first.x), last: yFormat(last.y), lastx: xFormat(last.x),
      }, true);
    });
  return parts.length ? parts.join("; ") + "." : gettext("No data yet.");
}

/**
 * A line chart: one line per series, each with its own dash pattern and marker shape.
 * options: title, description, width (640), height (300), xLabel, yLabel, xFormat, yFormat,
 * yMin / yMax (force the range, e.g. 0 and 1 for a Gini), minSpan (the smallest y range
 * shown, so a tiny change does not fill the whole height), xTicks (values), fontSize (13),
 * legend (true when more than one series), compact (small multiples: fewer ticks).
 */
export function lineChart(series, options = {}) {
  const size = options.fontSize || 13;
  const width = Math.max(160, options.width || 640);
  const xFormat = options.xFormat || ((x) => number(x, 0));
  const allPoints = series.flatMap((item) => item.points).filter((p) => Number.isFinite(p.y));
  const showLegend = options.legend ?? series.length > 1;
  const legendRows = showLegend ? legendLayout(series, width - 20, size) : [];
  const legendHeight = legendRows.length ? legendRows.length * (size + 12) + 8 : 0;
  const height = (options.height || 300) + legendHeight;

  const ys = allPoints.map((p) => p.y);
  let low = options.yMin ?? Math.min(...ys);
  let high = options.yMax ?? Math.max(...ys);
  if (options.zero && low > 0) low = 0;
  if (!ys.length) {
    low = options.yMin ?? 0;
    high = options.yMax ?? 1;
  }
  if (options.minSpan && high - low < options.minSpan) {
    const middle = (high + low) / 2;
    low = middle - options.minSpan / 2;
    high = middle + options.minSpan / 2;
    if (Math.min(...ys) >= 0 && low < 0) {
      high -= low;
      low = 0;
    }
  }
  const yTicks = niceTicks(low, high, options.compact ? 3 : 5);
  if (options.yMin !== undefined) yTicks.min = options.yMin;
  if (options.yMax !== undefined) yTicks.max = options.yMax;
  yTicks.values = yTicks.values.filter((v) => v >= yTicks.min - 1e-9 && v <= yTicks.max + 1e-9);
  const yDigits = digitsFor(yTicks.step);
  const yFormat = options.yFormat || ((y) => number(y, yDigits));
  const tickFormat = options.yTickFormat || ((y) => number(y, yDigits));

  const xs = [...new Set(allPoints.map((p) => p.x))].sort((a, b) => a - b);
  const xValues = options.xTicks || (xs.length <= (options.compact ? 4 : 12) ? xs : niceTicks(xs[0], xs[xs.length - 1], options.compact ? 3 : 6).values);
  const xMin = Math.min(...(xs.length ? xs : [0]), ...(options.xTicks || []));
  const xMax = Math.max(...(xs.length ? xs : [1]), ...(options.xTicks || []));

  const left = 12 + Math.max(...yTicks.values.map((v) => textWidth(tickFormat(v), size)), 10);
  const top = options.yLabel ? size + 14 : 10;
  const right = 18;
  const bottom = size + 14 + (options.xLabel ? size + 10 : 0);
  const plotHeight = height - legendHeight - top - bottom;
  const plotWidth = width - left - right;
  const px = (x) => left + (xMax === xMin ? plotWidth / 2 : ((x - xMin) / (xMax - xMin)) * plotWidth);
  const py = (y) => top + plotHeight - ((y - yTicks.min) / (yTicks.max - yTicks.min || 1)) * plotHeight;

  const description = options.description || describeLines(series, xFormat, yFormat);
  const { root } = svgRoot(width, height, options.title, description, "line-chart");
  const text = (attributes, content) => s("text", { ...attributes, style: `font-size: ${size}px; fill: currentColor` }, content);

  const axes = s("g", { class: "axes", "aria-hidden": "true" });
  for (const value of yTicks.values) {
    const y = py(value);
    axes.append(s("line", { x1: left, x2: width - right, y1: y, y2: y, style: "stroke: currentColor; stroke-opacity: 0.18" }));
    axes.append(text({ x: left - 8, y, "text-anchor": "end", "dominant-baseline": "central" }, tickFormat(value)));
  }
  axes.append(s("line", { x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight, style: "stroke: currentColor; stroke-opacity: 0.6" }));
  // Labels that would touch are thinned out (the first and the last always stay).
  const widest = Math.max(...xValues.map((v) => textWidth(xFormat(v), size)), 1);
  const spacing = xValues.length > 1 ? plotWidth / (xValues.length - 1) : plotWidth;
  const every = Math.max(1, Math.ceil((widest + 6) / spacing));
  xValues.forEach((value, index) => {
    const x = px(value);
    axes.append(s("line", { x1: x, x2: x, y1: top + plotHeight, y2: top + plotHeight + 5, style: "stroke: currentColor; stroke-opacity: 0.6" }));
    const last = index === xValues.length - 1;
    if (index % every === 0 || (last && index % every > every / 2)) {
      axes.append(text({ x, y: top + plotHeight + size + 6, "text-anchor": "middle" }, xFormat(value)));
    }
  });
  if (options.yLabel) axes.append(text({ x: 2, y: size, "font-weight": "600" }, options.yLabel));
  if (options.xLabel) axes.append(text({ x: left + plotWidth / 2, y: height - legendHeight - 4, "text-anchor": "middle" }, options.xLabel));
  root.append(axes);

  const lines = s("g", { class: "series" });
  series.forEach((item, index) => {
    const style = seriesStyle(item.styleIndex ?? index);
    const points = item.points.filter((p) => Number.isFinite(p.y));
    const group = s("g", { class: "series-line", "data-series": item.name });
    if (points.length > 1) {
      group.append(s("path", {
        d: points.map((p, i) => `${i ? "L" : "M"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(""),
        style: `fill: none; stroke: ${style.colour}; stroke-width: ${options.strokeWidth || 2.5}; stroke-dasharray: ${style.dash || "none"}; stroke-linejoin: round`,
      }));
    }
    for (const point of points) {
      const shape = marker(style.marker, px(point.x), py(point.y), options.markerSize || (options.compact ? 3.5 : 4.5), style.colour);
      shape.setAttribute("data-point", "");
      shape.append(s("title", {}, `${item.name}, ${xFormat(point.x)}: ${yFormat(point.y)}`));
      group.append(shape);
    }
    if (options.endLabels && points.length) {
      const last = points[points.length - 1];
      group.append(text({ x: px(last.x) + 8, y: py(last.y), "dominant-baseline": "central", "font-weight": "600" }, yFormat(last.y)));
    }
    lines.append(group);
  });
  root.append(lines);

  if (legendRows.length) {
    const legend = s("g", { class: "legend", "aria-hidden": "true" });
    drawLegend(legend, legendRows, height - legendHeight + 6, 10, size, "line", []);
    root.append(legend);
  }
  if (!allPoints.length) {
    root.append(text({ x: left + plotWidth / 2, y: top + plotHeight / 2, "text-anchor": "middle", class: "chart-empty" }, gettext("No data yet.")));
  }
  return root;
}

/**
 * Grouped bars, one group per category (the points' x), one bar per series, each series
 * with its own fill pattern. Negative values grow from the zero line the other way.
 * options: as lineChart, plus horizontal (categories down the side: long names),
 * valueLabels (true: the value printed at the end of each bar), barHeight (horizontal).
 */
export function barChart(series, options = {}) {
  const size = options.fontSize || 13;
  const width = Math.max(200, options.width || 640);
  const horizontal = Boolean(options.horizontal);
  const categories = [];
  for (const item of series) for (const p of item.points) if (!categories.includes(p.x)) categories.push(p.x);
  const xFormat = options.xFormat || ((x) => String(x));
  const values = series.flatMap((item) => item.points.map((p) => p.y)).filter(Number.isFinite);
  const lowest = Math.min(0, options.yMin ?? Math.min(0, ...values));
  let highest = Math.max(0, options.yMax ?? Math.max(0, ...values));
  if (lowest === highest) highest = 1; // nothing but zeros: still draw a 0…1 axis
  // Counts (every value whole) get whole ticks: there is no half a broken pledge.
  const ticks = niceTicks(lowest, highest, 5, values.every(Number.isInteger) ? 1 : 0);
  const digits = digitsFor(ticks.step);
  const yFormat = options.yFormat || ((y) => number(y, digits));
  const tickFormat = options.yTickFormat || ((y) => number(y, digits));
  const showLegend = options.legend ?? series.length > 1;
  const legendRows = showLegend ? legendLayout(series, width - 20, size) : [];
  const legendHeight = legendRows.length ? legendRows.length * (size + 12) + 8 : 0;
  const valueRoom = options.valueLabels === false ? 0 : Math.max(...values.map((v) => textWidth(yFormat(v), size)), 0) + 10;
  const negatives = values.some((v) => v < 0);

  let height;
  let left;
  let labelRight = 0; // horizontal: where the category names end
  const top = options.yLabel ? size + 14 : 10;
  const right = horizontal ? 12 + valueRoom : 16;
  const group = series.length;
  if (horizontal) {
    const barHeight = options.barHeight || Math.max(size + 4, 14);
    const bandHeight = barHeight * group + 10;
    // Category names on the left; a negative bar's value label goes left of its bar.
    labelRight = 8 + Math.max(...categories.map((c) => textWidth(xFormat(c), size)), 20);
    left = labelRight + 10 + (negatives ? valueRoom : 0);
    height = top + categories.length * bandHeight + size + 20 + legendHeight;
  } else {
    left = 12 + Math.max(...ticks.values.map((v) => textWidth(tickFormat(v), size)), 10);
    height = (options.height || 300) + legendHeight;
  }
  const description = options.description || describeBars(series, xFormat, yFormat);
  const { root, id } = svgRoot(width, height, options.title, description, "bar-chart");
  const text = (attributes, content) => s("text", { ...attributes, style: `font-size: ${size}px; fill: currentColor` }, content);

  const defs = s("defs");
  const patternIds = series.map((item, index) => {
    const style = seriesStyle(item.styleIndex ?? index);
    const tile = pattern(`${id}-p${index}`, style.fill, style.colour);
    if (!tile) return null;
    defs.append(tile);
    return `${id}-p${index}`;
  });
  root.append(defs);
  const paint = (index) => {
    const style = seriesStyle(series[index].styleIndex ?? index);
    return `fill: ${patternIds[index] ? `url(#${patternIds[index]})` : style.colour}; stroke: ${style.colour}; stroke-width: 1.5`;
  };

  const axes = s("g", { class: "axes", "aria-hidden": "true" });
  const bars = s("g", { class: "series" });
  const plotBottom = height - legendHeight - (horizontal ? size + 20 : size + 14 + (options.xLabel ? size + 10 : 0));
  if (horizontal) {
    const plotWidth = width - left - right;
    const px = (v) => left + ((v - ticks.min) / (ticks.max - ticks.min || 1)) * plotWidth;
    const widest = Math.max(...ticks.values.map((v) => textWidth(tickFormat(v), size)), 1);
    const every = Math.max(1, Math.ceil((widest + 8) / (plotWidth / Math.max(1, ticks.values.length - 1))));
    ticks.values.forEach((value, index) => {
      axes.append(s("line", { x1: px(value), x2: px(value), y1: top, y2: plotBottom, style: `stroke: currentColor; stroke-opacity: ${value === 0 ? 0.7 : 0.15}` }));
      // Thin the labels out when they would touch; zero always keeps its label.
      const zeroIndex = ticks.values.indexOf(0);
      if ((index - Math.max(0, zeroIndex)) % every === 0) {
        axes.append(text({ x: px(value), y: plotBottom + size + 6, "text-anchor": "middle" }, tickFormat(value)));
      }
    });
    const barHeight = options.barHeight || Math.max(size + 4, 14);
    const bandHeight = barHeight * group + 10;
    categories.forEach((category, c) => {
      const bandTop = top + c * bandHeight + 5;
      axes.append(text({ x: labelRight, y: bandTop + (barHeight * group) / 2, "text-anchor": "end", "dominant-baseline": "central" }, xFormat(category)));
      series.forEach((item, index) => {
        const point = item.points.find((p) => p.x === category);
        if (!point || !Number.isFinite(point.y)) return;
        const x0 = px(0);
        const x1 = px(point.y);
        const y = bandTop + index * barHeight;
        const bar = s("rect", { x: Math.min(x0, x1), y, width: Math.max(1, Math.abs(x1 - x0)), height: barHeight - 2, style: paint(index), "data-bar": "" });
        bar.append(s("title", {}, `${item.name}, ${xFormat(category)}: ${yFormat(point.y)}`));
        bars.append(bar);
        if (options.valueLabels !== false) {
          const after = point.y >= 0 ? Math.max(x0, x1) + 5 : Math.min(x0, x1) - 5;
          bars.append(text({ x: after, y: y + (barHeight - 2) / 2, "dominant-baseline": "central", "text-anchor": point.y >= 0 ? "start" : "end", "font-weight": "600" }, yFormat(point.y)));
        }
      });
    });
  } else {
    const plotWidth = width - left - right;
    const plotHeight = plotBottom - top;
    const py = (v) => top + plotHeight - ((v - ticks.min) / (ticks.max - ticks.min || 1)) * plotHeight;
    for (const value of ticks.values) {
      axes.append(s("line", { x1: left, x2: width - right, y1: py(value), y2: py(value), style: `stroke: currentColor; stroke-opacity: ${value === 0 ? 0.7 : 0.15}` }));
      axes.append(text({ x: left - 8, y: py(value), "text-anchor": "end", "dominant-baseline": "central" }, tickFormat(value)));
    }
    const band = plotWidth / Math.max(1, categories.length);
    const barWidth = Math.min(56, (band * 0.8) / group);
    categories.forEach((category, c) => {
      const start = left + c * band + (band - barWidth * group) / 2;
      axes.append(text({ x: left + c * band + band / 2, y: plotBottom + size + 6, "text-anchor": "middle" }, xFormat(category)));
      series.forEach((item, index) => {
        const point = item.points.find((p) => p.x === category);
        if (!point || !Number.isFinite(point.y)) return;
        const y0 = py(0);
        const y1 = py(point.y);
        const x = start + index * barWidth;
        const bar = s("rect", { x: x + 1, y: Math.min(y0, y1), width: barWidth - 2, height: Math.max(1, Math.abs(y1 - y0)), style: paint(index), "data-bar": "" });
        bar.append(s("title", {}, `${item.name}, ${xFormat(category)}: ${yFormat(point.y)}`));
        bars.append(bar);
        if (options.valueLabels !== false) {
          bars.append(text({ x: x + barWidth / 2, y: point.y >= 0 ? Math.min(y0, y1) - 5 : Math.max(y0, y1) + size, "text-anchor": "middle", "font-weight": "600" }, yFormat(point.y)));
        }
      });
    });
    if (options.xLabel) axes.append(text({ x: left + plotWidth / 2, y: height - legendHeight - 4, "text-anchor": "middle" }, options.xLabel));
  }
  if (options.yLabel) axes.append(text({ x: 2, y: size, "font-weight": "600" }, options.yLabel));
  root.append(axes, bars);
  if (legendRows.length) {
    const legend = s("g", { class: "legend", "aria-hidden": "true" });
    drawLegend(legend, legendRows, height - legendHeight + 6, 10, size, "bar", patternIds);
    root.append(legend);
  }
  return root;
}

function describeBars(series, xFormat, yFormat) {
  const parts = series.map((item) =>
    interpolate(gettext("%(series)s: %(values)s"), {
      series: item.name,
      values: item.points.map((p) => `${xFormat(p.x)} ${yFormat(p.y)}`).join(", "),
    }, true));
  return parts.length ? parts.join("; ") + "." : gettext("No data yet.");
}

/** The same numbers as a table: one row per x, one column per series. */
export function tableFor(series, options = {}) {
  const xFormat = options.xFormat || ((x) => String(x));
  const yFormat = options.yFormat || ((y) => number(y, 2));
  const xs = [];
  for (const item of series) for (const p of item.points) if (!xs.includes(p.x)) xs.push(p.x);
  if (options.sortX !== false && xs.every((x) => typeof x === "number")) xs.sort((a, b) => a - b);
  return h("table", { class: "data-table chart-table" },
    options.caption ? h("caption", {}, options.caption) : null,
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, options.xLabel || ""),
      series.map((item) => h("th", { scope: "col" }, item.name)))),
    h("tbody", {}, xs.map((x) => h("tr", {},
      h("th", { scope: "row" }, xFormat(x)),
      series.map((item) => {
        const point = item.points.find((p) => p.x === x);
        return h("td", { class: "number" }, point && Number.isFinite(point.y) ? yFormat(point.y) : "–");
      })))));
}

/** A chart in a <figure> with its caption and, folded away, its table. */
export function chartFigure({ title, chart, table, note, id }) {
  return h("figure", { class: "chart", id },
    h("figcaption", {}, title),
    chart,
    note ? h("p", { class: "chart-note" }, note) : null,
    table ? h("details", { class: "chart-data" }, h("summary", {}, gettext("Show the numbers")), table) : null);
}
