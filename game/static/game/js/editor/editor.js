// The scenario editor: the generated form, checked by the server while the teacher types.
//
// Every change sends the whole scenario to the validate endpoint, which answers every
// problem the engine finds ({path, message}); each is shown next to the control with that
// path (aria-invalid, aria-describedby) and in a list at the top. Save sends it again: the
// server checks once more and refuses a scenario with any problem.

import { $, fill, h } from "../dom.js";
import { time } from "../format.js";
import { ScenarioForm } from "./form.js";

const VALIDATE_DELAY_MS = 400;

const model = JSON.parse($("#editor-data").textContent);
const schema = JSON.parse($("#editor-schema").textContent);
const config = JSON.parse($("#editor-config").textContent);
const csrfToken = $("#editor-form [name=csrfmiddlewaretoken]").value;

const saveButton = $("#editor-save");
const status = $("#editor-status");
const summary = $("#editor-problems");

let timer = null;
let asked = 0; // the latest validation request; older answers are ignored
let dirty = false;
let shown = []; // problem elements currently in the form

const form = new ScenarioForm({
  schema,
  model,
  root: $("#editor-root"),
  onChange() {
    dirty = true;
    setStatus(gettext("Checking…"));
    clearTimeout(timer);
    timer = setTimeout(validate, VALIDATE_DELAY_MS);
  },
});

async function post(url) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
    body: JSON.stringify(model),
    credentials: "same-origin",
  });
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  return { response, answer };
}

function setStatus(message) {
  fill(status, message);
}

async function validate() {
  const mine = ++asked;
  try {
    const { answer } = await post(config.validateUrl);
    if (mine !== asked || !answer) return;
    show(answer.problems || []);
    setStatus(answer.problems?.length
      ? interpolate(ngettext("%(count)s problem: see the fields marked below.", "%(count)s problems: see the fields marked below.", answer.problems.length), { count: answer.problems.length }, true)
      : dirty ? gettext("No problems found. Save to keep your changes.") : gettext("No problems found."));
  } catch {
    if (mine === asked) setStatus(gettext("The server cannot be reached; your changes are still here. Try again in a moment."));
  }
}

/** The control (or group) a problem's path belongs to: the path itself, or its nearest parent. */
function placeOf(path) {
  let current = path;
  while (current) {
    const place = form.fields.get(current);
    if (place) return place;
    const cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
    current = cut > 0 ? current.slice(0, cut) : "";
  }
  return null;
}

function clearProblems() {
  for (const { control, node, describedBy } of shown) {
    node.remove();
    control.removeAttribute("aria-invalid");
    if (describedBy) control.setAttribute("aria-describedby", describedBy);
    else control.removeAttribute("aria-describedby");
  }
  shown = [];
}

function show(problems) {
  clearProblems();
  const listed = [];
  problems.forEach((problem, index) => {
    const place = placeOf(problem.path);
    const problemId = `problem-${index}`;
    let target = null;
    if (place) {
      const { control, container } = place;
      const node = h("p", { class: "field-problem", id: problemId, "data-problem-for": problem.path },
        place === form.fields.get(problem.path) ? null : h("code", {}, problem.path, ": "),
        problem.message);
      const label = container.querySelector(":scope > label, :scope > legend");
      if (label) label.after(node);
      else container.prepend(node);
      const describedBy = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", [problemId, describedBy].filter(Boolean).join(" "));
      if (["INPUT", "SELECT", "TEXTAREA"].includes(control.tagName)) control.setAttribute("aria-invalid", "true");
      for (let parent = container.parentElement; parent; parent = parent.parentElement) {
        if (parent.tagName === "DETAILS") parent.open = true;
      }
      shown.push({ control, node, describedBy });
      target = control.id || container.id;
    }
    listed.push(h("li", {},
      target ? h("a", { href: `#${target}`, onclick: (event) => focusField(event, target) }, h("code", {}, problem.path)) : h("code", {}, problem.path),
      ": ", problem.message));
  });
  if (!problems.length) {
    summary.hidden = true;
    fill(summary);
    return;
  }
  summary.hidden = false;
  fill(summary,
    h("h2", {}, interpolate(ngettext("%(count)s problem to fix", "%(count)s problems to fix", problems.length), { count: problems.length }, true)),
    h("ul", {}, listed));
}

function focusField(event, id) {
  const node = document.getElementById(id);
  if (!node) return;
  event.preventDefault();
  for (let parent = node.parentElement; parent; parent = parent.parentElement) {
    if (parent.tagName === "DETAILS") parent.open = true;
  }
  node.scrollIntoView({ block: "center" });
  node.focus({ preventScroll: true });
}

async function save() {
  clearTimeout(timer);
  asked += 1; // a pending validation answer would be older than this save's
  saveButton.disabled = true;
  setStatus(gettext("Saving…"));
  try {
    const { response, answer } = await post(config.saveUrl);
    if (response.ok && answer) {
      dirty = false;
      show([]);
      if (answer.slug !== config.slug) rename(answer);
      setStatus(interpolate(gettext("Saved at %(time)s."), { time: time(new Date().toISOString()) }, true));
    } else if (answer?.problems) {
      show(answer.problems);
      setStatus(gettext("Not saved: fix the problems listed above first."));
      summary.focus();
    } else {
      setStatus(gettext("Not saved: the server refused the request. Reload the page and try again."));
    }
  } catch {
    setStatus(gettext("Not saved: the server cannot be reached; your changes are still here."));
  } finally {
    saveButton.disabled = false;
  }
}

/** The slug changed: every address of this scenario did too. */
function rename(answer) {
  Object.assign(config, {
    slug: answer.slug,
    validateUrl: answer.validateUrl,
    saveUrl: answer.saveUrl,
    detailUrl: answer.detailUrl,
  });
  history.replaceState(null, "", answer.editUrl);
  $("#editor-done").setAttribute("href", answer.detailUrl);
}

config.slug = model.slug;
form.render();
saveButton.disabled = false;
saveButton.addEventListener("click", save);
// Enter in a field must not save half a thought: saving is the button's job.
$("#editor-form").addEventListener("submit", (event) => event.preventDefault());
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});
// A stored scenario the current engine no longer accepts shows its problems at once.
validate();
