// The scenario form, generated from the engine's JSON schema: every section, list and
// parameter of a scenario, with its name, meaning, range, unit and default. A parameter added
// to the engine appears here with no change to this file. The server writes each field's name
// (x-label, also a section's heading), meaning, unit and choices (x-choices), and each section
// introduction, into the schema in the page's language (game/scenario_fields.py); the field's
// key follows its name in small type, as the YAML file writes it.
//
// Each control carries `data-path`, the engine's path of its field ("countries[3].wealth"),
// so a problem the server reports is attached to the control it is about. Values are kept
// in `model` (the scenario as JSON), changed in place as the teacher types.

import { h, fill } from "../dom.js";
import { choiceName, idFor, join, keyOf, labelOf, rangeOf, show, summaryOf, valueOf } from "./describe.js";

// Sections first in the page; the rest follow in the schema's order.
const FIRST = ["countries", "events", "phases", "issues"];

export class ScenarioForm {
  constructor({ schema, model, root, onChange }) {
    this.schema = schema;
    this.model = model;
    this.root = root;
    this.onChange = onChange;
    // path → {control, container}: where a problem about that path is shown.
    this.fields = new Map();
    this.countryList = h("datalist", { id: "editor-country-ids" });
  }

  /** A schema node with its $ref followed and an optional (… | null) unwrapped. */
  resolve(spec) {
    if (!spec) return { spec: {}, nullable: false };
    if (spec.$ref) {
      const name = spec.$ref.split("/").pop();
      const target = this.schema.$defs[name];
      return { spec: { ...target, ...spec, $ref: undefined, name }, nullable: false };
    }
    if (spec.anyOf) {
      const options = spec.anyOf.filter((option) => option.type !== "null");
      if (options.length === 1 && options.length < spec.anyOf.length) {
        const inner = this.resolve(options[0]).spec;
        return { spec: { ...inner, ...spec, anyOf: undefined, inner }, nullable: true };
      }
    }
    return { spec, nullable: false };
  }

  isObject(spec) {
    return spec.type === "object" || Boolean(spec.properties);
  }

  isBilingual(spec) {
    const keys = Object.keys(spec.properties || {});
    return keys.length === 2 && keys.includes("id") && keys.includes("en");
  }

  render() {
    const properties = this.schema.properties;
    const general = Object.keys(properties).filter((key) => {
      const { spec } = this.resolve(properties[key]);
      return !(this.isObject(spec) && !this.isBilingual(spec)) && spec.type !== "array";
    });
    const sections = Object.keys(properties).filter((key) => !general.includes(key));
    sections.sort((a, b) => rank(a) - rank(b));

    const contents = h("nav", { class: "editor-contents", "aria-label": gettext("Sections") },
      h("ul", {}, ["general", ...sections].map((key) =>
        h("li", {}, h("a", { href: `#section-${key}` }, this.sectionName(key, properties[key]))))));
    const generalSection = h("section", { class: "editor-section", id: "section-general", "aria-labelledby": "heading-general" },
      h("h2", { id: "heading-general" }, this.sectionName("general")),
      general.map((key) => this.field(this.model, key, properties[key], key)));
    const rest = sections.map((key) => {
      const { spec } = this.resolve(properties[key]);
      const section = h("section", { class: "editor-section", id: `section-${key}`, "aria-labelledby": `heading-${key}` },
        h("h2", { id: `heading-${key}` }, this.sectionName(key, properties[key]), " ", keyOf(key)),
        this.about(spec, key));
      if (spec.type === "array") {
        section.append(this.list(this.model, key, properties[key], key));
      } else {
        if (this.model[key] === undefined || this.model[key] === null) this.model[key] = {};
        section.append(...this.objectFields(this.model[key], spec, key));
        this.register(key, section, section);
      }
      return section;
    });
    fill(this.root, this.countryList, contents, generalSection, rest);
    this.refreshCountries();
  }

  /** A section's heading: its field's name, or "General" for the fields of the scenario itself
   * that are neither a section nor a list. */
  sectionName(key, rawSpec) {
    if (key === "general" && !rawSpec) return gettext("General");
    return labelOf(key, this.resolve(rawSpec).spec);
  }

  /** The section's meaning and the introduction of its model (of its items, for a list). */
  about(spec, key) {
    const items = spec.type === "array" && spec.items ? this.resolve(spec.items).spec : {};
    const notes = [spec.description, spec["x-intro"], items["x-intro"]].filter(Boolean);
    if (!notes.length) return null;
    return h("div", { class: "section-about", id: `${idFor(key)}-about` },
      notes.map((note) => h("p", {}, note)));
  }

  register(path, control, container) {
    this.fields.set(path, { control, container });
  }

  forget(prefix) {
    for (const path of [...this.fields.keys()]) {
      if (path === prefix || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}.`)) {
        this.fields.delete(path);
      }
    }
  }

  changed() {
    this.refreshCountries();
    this.onChange();
  }

  /** Every field of an object model, inside the caller's container. */
  objectFields(target, spec, path) {
    return Object.entries(spec.properties || {}).map(([key, child]) =>
      this.field(target, key, child, join(path, key)));
  }

  field(target, key, rawSpec, path) {
    const { spec, nullable } = this.resolve(rawSpec);
    if (this.isObject(spec)) {
      if (target[key] === undefined || target[key] === null) target[key] = {};
      if (this.isBilingual(spec)) return this.bilingual(target[key], key, spec, path);
      const fieldset = h("fieldset", { class: "editor-group", "data-path": path, id: idFor(path) },
        h("legend", {}, labelOf(key, spec), " ", keyOf(key)),
        this.about(spec, path),
        this.objectFields(target[key], spec, path));
      this.register(path, fieldset, fieldset);
      return fieldset;
    }
    if (spec.type === "array" && !nullable) {
      // A list inside a section (milestones, an event's effects) gets its own legend.
      const group = h("fieldset", { class: "editor-group" },
        h("legend", {}, labelOf(key, spec), " ", keyOf(key)),
        spec.description ? h("p", { class: "hint-meaning" }, spec.description) : null,
        this.list(target, key, rawSpec, path));
      return group;
    }
    return this.scalar(target, key, spec, nullable, path);
  }

  /** A text in both languages: two inputs side by side, each marked with its language. */
  bilingual(target, key, spec, path) {
    const long = key === "description";
    const group = h("fieldset", { class: "editor-field bilingual", "data-path": path, id: idFor(path) },
      h("legend", {}, labelOf(key, spec), " ", keyOf(key)));
    const hint = this.hintFor({ description: spec.description, "x-unit": spec["x-unit"] }, path);
    if (hint) group.append(hint);
    const pair = h("div", { class: "editor-pair" });
    group.append(pair);
    for (const lang of ["id", "en"]) {
      // "Bahasa Indonesia", "Bahasa Inggris" (the schema's names of Localized.id and .en).
      const label = labelOf(lang, spec.properties[lang]);
      const childPath = join(path, lang);
      const id = idFor(childPath);
      const attributes = {
        id, name: childPath, lang, "data-path": childPath,
        maxlength: spec.properties[lang].maxLength,
        oninput: (event) => { target[lang] = event.target.value; this.changed(); },
      };
      const control = long ? h("textarea", { ...attributes, rows: 3 }) : h("input", { ...attributes, type: "text" });
      control.value = target[lang] ?? "";
      const wrapper = h("div", { class: "editor-subfield" }, h("label", { for: id }, label), control);
      this.register(childPath, control, wrapper);
      pair.append(wrapper);
    }
    this.register(path, group, group);
    return group;
  }

  /** What a field means (in the page's language), its range, unit and default. */
  hintFor(spec, path, rawDefault) {
    const parts = [];
    const range = rangeOf(spec);
    if (range) parts.push(h("span", { class: "hint-range" }, interpolate(gettext("Range: %(range)s"), { range }, true)));
    if (spec["x-unit"]) parts.push(h("span", { class: "hint-unit" }, interpolate(gettext("Type or unit: %(unit)s"), { unit: spec["x-unit"] }, true)));
    const fallback = rawDefault !== undefined ? rawDefault : spec.default;
    if (fallback !== undefined && typeof fallback !== "object") {
      parts.push(h("span", { class: "hint-default" }, interpolate(gettext("Default: %(value)s"), { value: show(fallback) }, true)));
    } else if (fallback === null) {
      parts.push(h("span", { class: "hint-default" }, gettext("Default: not set")));
    }
    if (!spec.description && !parts.length) return null;
    return h("div", { class: "editor-hint", id: `${idFor(path)}-hint` },
      spec.description ? h("p", { class: "hint-meaning" }, spec.description) : null,
      parts.length ? h("p", { class: "hint-facts" }, parts) : null);
  }

  scalar(target, key, spec, nullable, path) {
    const id = idFor(path);
    const hint = this.hintFor(spec, path, spec.default);
    const describedBy = hint ? hint.id : null;
    // An optional field's choices are named on the field, not on the type inside it.
    const inner = spec.inner ? { "x-choices": spec["x-choices"], ...spec.inner } : spec;
    const control = this.control(target, key, inner, path, id, describedBy);
    const label = h("label", { for: id }, labelOf(key, spec), " ", keyOf(key));
    const container = h("div", { class: `editor-field${control.type === "checkbox" ? " checkbox" : ""}`, "data-field": path });
    if (nullable) {
      const toggleId = `${id}-set`;
      const toggle = h("input", { type: "checkbox", id: toggleId, "aria-describedby": describedBy });
      toggle.checked = target[key] !== null && target[key] !== undefined;
      const sync = () => {
        control.disabled = !toggle.checked;
        control.querySelectorAll?.("input, button").forEach((node) => { node.disabled = !toggle.checked; });
      };
      toggle.addEventListener("change", () => {
        target[key] = toggle.checked ? valueOf(control, spec.inner || spec) : null;
        if (toggle.checked && target[key] === null) target[key] = spec.inner?.type === "array" ? [] : 0;
        if (spec.inner?.type === "array") this.rerenderPrimitiveList(control, target, key, spec.inner, path);
        sync();
        this.changed();
      });
      container.append(label, h("p", { class: "nullable-toggle" }, toggle, " ", h("label", { for: toggleId }, gettext("Set a value"))), control);
      sync();
    } else if (control.type === "checkbox") {
      container.append(control, " ", label);
    } else {
      container.append(label, control);
    }
    if (hint) container.append(hint);
    this.register(path, control, container);
    return container;
  }

  control(target, key, spec, path, id, describedBy) {
    const common = { id, name: path, "data-path": path, "aria-describedby": describedBy };
    if (spec.type === "array") {
      const box = h("div", { class: "primitive-list", id, "data-path": path, role: "group", "aria-describedby": describedBy });
      this.rerenderPrimitiveList(box, target, key, spec, path);
      return box;
    }
    if (spec.enum || spec.const !== undefined) {
      const choices = spec.enum || [spec.const];
      const select = h("select", { ...common, onchange: () => { target[key] = select.value; this.changed(); } },
        target[key] === undefined || target[key] === null ? h("option", { value: "" }, "—") : null,
        choices.map((choice) => h("option", { value: choice }, choiceName(choice, spec))));
      select.value = target[key] ?? "";
      return select;
    }
    if (spec.type === "boolean") {
      const box = h("input", { ...common, type: "checkbox", onchange: () => { target[key] = box.checked; this.changed(); } });
      box.checked = Boolean(target[key]);
      return box;
    }
    if (spec.type === "number" || spec.type === "integer") {
      const input = h("input", {
        ...common,
        type: "number",
        inputmode: spec.type === "integer" ? "numeric" : "decimal",
        step: spec.type === "integer" ? 1 : "any",
        min: spec.minimum,
        max: spec.maximum,
        oninput: () => { target[key] = valueOf(input, spec); this.changed(); },
      });
      input.value = target[key] ?? "";
      return input;
    }
    const input = h("input", {
      ...common,
      type: "text",
      maxlength: spec.maxLength,
      autocapitalize: spec.pattern ? "none" : null,
      spellcheck: spec.pattern ? "false" : null,
      list: key === "country" ? "editor-country-ids" : null,
      oninput: () => { target[key] = input.value; this.changed(); },
    });
    input.value = target[key] ?? "";
    return input;
  }

  /** A list of numbers (e.g. allowed_amounts): one input per item, with add and remove. */
  rerenderPrimitiveList(box, target, key, spec, path) {
    this.forget(path);
    this.fields.set(path, { control: box, container: box.closest?.(".editor-field") || box });
    const items = Array.isArray(target[key]) ? target[key] : [];
    const itemSpec = this.resolve(spec.items).spec;
    fill(box,
      items.map((value, index) => {
        const itemPath = join(path, index);
        const input = h("input", {
          type: "number", step: itemSpec.type === "integer" ? 1 : "any", min: itemSpec.minimum, max: itemSpec.maximum,
          id: idFor(itemPath), "data-path": itemPath,
          "aria-label": interpolate(gettext("Item %(number)s"), { number: index + 1 }, true),
          oninput: () => { target[key][index] = valueOf(input, itemSpec); this.changed(); },
        });
        input.value = value ?? "";
        const row = h("span", { class: "primitive-item" }, input,
          h("button", { type: "button", class: "link-button", onclick: () => {
            target[key].splice(index, 1);
            this.rerenderPrimitiveList(box, target, key, spec, path);
            this.changed();
          } }, gettext("Remove")));
        this.register(itemPath, input, row);
        return row;
      }),
      h("button", { type: "button", class: "button small", onclick: () => {
        if (!Array.isArray(target[key])) target[key] = [];
        target[key].push(itemSpec.minimum ?? 0);
        this.rerenderPrimitiveList(box, target, key, spec, path);
        this.changed();
      } }, gettext("Add a value")));
  }

  /** A list of objects (countries, events, milestones, effects): one folding item each. */
  list(target, key, rawSpec, path) {
    const { spec } = this.resolve(rawSpec);
    if (!Array.isArray(target[key])) target[key] = [];
    const itemSpec = this.resolve(spec.items).spec;
    const items = h("ol", { class: "editor-list", id: idFor(path), "data-path": path, tabindex: "-1" });
    const box = h("div", { class: "editor-list-box" },
      this.hintFor({ ...spec, description: null }, path, undefined),
      items);
    const redraw = () => {
      this.forget(path);
      this.register(path, items, box);
      fill(items, target[key].map((item, index) => this.listItem(target[key], index, itemSpec, join(path, index), redraw, key)));
    };
    const add = h("button", { type: "button", class: "button", id: `${idFor(path)}-add`, onclick: () => {
      target[key].push(this.newItem(itemSpec, target[key][target[key].length - 1]));
      redraw();
      this.changed();
      const last = items.lastElementChild;
      if (last) {
        last.querySelector("details").open = true;
        last.querySelector("input, select, textarea")?.focus();
      }
    } }, interpolate(gettext("Add to %(list)s"), { list: this.sectionName(key, rawSpec) }, true));
    redraw();
    box.append(add);
    return box;
  }

  listItem(array, index, itemSpec, path, redraw, key) {
    const item = array[index];
    const summary = h("summary", {}, summaryOf(item, index, itemSpec));
    const details = h("details", { "data-path": path, id: idFor(path) }, summary);
    details.append(
      ...Object.entries(itemSpec.properties || {}).map(([childKey, childSpec]) => this.field(item, childKey, childSpec, join(path, childKey))),
      h("p", { class: "item-actions" },
        h("button", { type: "button", class: "button danger small", onclick: () => {
          array.splice(index, 1);
          redraw();
          this.changed();
        } }, interpolate(gettext("Remove %(item)s"), { item: summaryOf(item, index, itemSpec).replace(/^\d+\.\s*/, "") }, true))));
    details.addEventListener("input", () => fill(summary, summaryOf(item, index, itemSpec)));
    details.addEventListener("change", () => fill(summary, summaryOf(item, index, itemSpec)));
    this.register(path, details, details);
    return h("li", { class: `editor-item editor-item-${key}` }, details);
  }

  /** A new list item: defaults from the schema; required numbers and choices copied from the
   * item before (a new country starts like the last one), texts left empty to be written. */
  newItem(spec, previous) {
    if (previous !== undefined && (previous === null || typeof previous !== "object")) previous = undefined;
    const item = {};
    for (const [key, rawChild] of Object.entries(spec.properties || {})) {
      const { spec: child, nullable } = this.resolve(rawChild);
      if (rawChild.default !== undefined) {
        item[key] = structuredClone(rawChild.default);
      } else if (this.isObject(child)) {
        item[key] = this.newItem(child, previous?.[key]);
      } else if (child.type === "array") {
        item[key] = [];
      } else if (nullable) {
        item[key] = null;
      } else if (child.enum) {
        item[key] = previous?.[key] ?? child.enum[0];
      } else if (child.type === "string") {
        item[key] = "";
      } else if (previous && previous[key] !== undefined) {
        item[key] = structuredClone(previous[key]);
      } else {
        item[key] = child.type === "boolean" ? false : null;
      }
    }
    return item;
  }

  refreshCountries() {
    const ids = (this.model.countries || []).map((country) => country.id).filter(Boolean);
    fill(this.countryList, h("option", { value: "*" }, gettext("every country")), ids.map((id) => h("option", { value: id })));
  }
}

function rank(key) {
  const index = FIRST.indexOf(key);
  return index === -1 ? FIRST.length : index;
}
