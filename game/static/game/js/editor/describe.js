// How the editor writes a field: its id, label, key, choices, range, default and a list
// item's name.

import { h } from "../dom.js";
import { language, number } from "../format.js";

export function idFor(path) {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;
}

/** "Disaster probability" from "disaster_probability": only for a field the server has no
 * label for (a parameter newer than game/scenario_fields.py). */
export function humanize(key) {
  const words = String(key).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's name in the page's language, written by the server into the schema (x-label). */
export function labelOf(key, spec) {
  return spec?.["x-label"] || humanize(key);
}

/** The field's key as the YAML file writes it, in small type after its name. */
export function keyOf(key) {
  return h("small", { class: "field-key" }, h("code", {}, key));
}

/** A choice of a select: its name in the page's language, with the value the file holds. */
export function choiceName(value, spec) {
  const name = spec?.["x-choices"]?.[value];
  return name && name !== String(value) ? `${name} (${value})` : String(value);
}

/** Join an object path and a key the way the engine writes paths. */
export function join(path, key) {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function valueOf(control, spec) {
  if (spec.type === "number" || spec.type === "integer") {
    if (control.value === "") return null;
    const value = Number(control.value);
    return Number.isFinite(value) ? value : null;
  }
  if (spec.type === "boolean") return control.checked;
  if (spec.type === "array") return [];
  return control.value;
}

export function show(value) {
  if (typeof value === "number") return number(value, Number.isInteger(value) ? 0 : Math.min(6, String(value).split(".")[1]?.length || 0));
  if (typeof value === "boolean") return value ? gettext("yes") : gettext("no");
  return String(value);
}

/** "0–3", "> 0", "≥ 0", from the schema's bounds. */
export function rangeOf(spec) {
  const low = spec.minimum ?? spec.exclusiveMinimum;
  const high = spec.maximum ?? spec.exclusiveMaximum;
  const fmt = (value) => show(value);
  if (spec.minimum !== undefined && spec.maximum !== undefined) return `${fmt(low)} – ${fmt(high)}`;
  const parts = [];
  if (spec.exclusiveMinimum !== undefined) parts.push(`> ${fmt(low)}`);
  else if (spec.minimum !== undefined) parts.push(`≥ ${fmt(low)}`);
  if (spec.exclusiveMaximum !== undefined) parts.push(`< ${fmt(high)}`);
  else if (spec.maximum !== undefined) parts.push(`≤ ${fmt(high)}`);
  if (spec.minItems !== undefined || spec.maxItems !== undefined) {
    parts.push(interpolate(gettext("%(min)s to %(max)s items"), { min: spec.minItems ?? 0, max: spec.maxItems ?? "∞" }, true));
  }
  if (spec.maxLength !== undefined && spec.type === "string") {
    parts.push(interpolate(gettext("at most %(count)s characters"), { count: spec.maxLength }, true));
  }
  return parts.join(", ");
}

export function text(localized) {
  if (!localized || typeof localized !== "object") return "";
  return localized[language] || localized.en || localized.id || "";
}

/** A list item's name in its folded form: a country's name, a headline, a round; `spec`, the
 * item's schema, names an effect's field in the page's language. */
export function summaryOf(item, index, spec) {
  const parts = [`${index + 1}.`];
  const name = text(item?.name) || text(item?.headline);
  if (name) parts.push(name);
  if (item?.id) parts.push(`(${item.id})`);
  if (item?.round !== undefined && item?.round !== null) parts.push(interpolate(gettext("round %(round)s"), { round: item.round }, true));
  if (item?.field) {
    const field = spec?.properties?.field?.["x-choices"]?.[item.field] || item.field;
    parts.push(`${item.country ?? "*"} · ${field} ${item.change === null || item.change === undefined ? "" : show(item.change)}`);
  }
  if (item?.target !== undefined && item?.target !== null) parts.push(`→ ${show(item.target)}`);
  return parts.join(" ");
}
