// The facilitator's "new game" form: shows the bot choices of the chosen scenario, posts
// the game to the API as JSON with the CSRF token, and opens the new game's console.

import { $, $$, fill } from "../dom.js";

const form = $("#new-game");

function showScenario() {
  const slug = $("#scenario", form).value;
  for (const fieldset of $$(".bots-fieldset", form)) {
    const shown = fieldset.dataset.scenario === slug;
    fieldset.hidden = !shown;
    // A hidden fieldset must not send its choices, nor be reachable by keyboard.
    fieldset.disabled = !shown;
  }
}

function problem(message, field) {
  const box = $("#new-game-problem");
  fill(box, message);
  box.hidden = false;
  for (const input of $$("[aria-invalid]", form)) input.removeAttribute("aria-invalid");
  const target = field && $(`#${field === "in_character" ? "in-character" : field}`, form);
  if (target) {
    target.setAttribute("aria-invalid", "true");
    target.focus();
  } else {
    box.focus();
  }
}

async function create(event) {
  event.preventDefault();
  const button = $("#create-game");
  const seed = $("#seed", form).value.trim();
  if (seed && !/^\d+$/.test(seed)) {
    problem(gettext("The seed must be a whole number of 0 or more."), "seed");
    return;
  }
  const bots = {};
  for (const select of $$(".bots-fieldset:not([disabled]) select", form)) {
    if (select.value) bots[select.dataset.country] = select.value;
  }
  const body = {
    scenario: $("#scenario", form).value,
    in_character: $("#in-character", form).checked,
  };
  if (seed) body.seed = Number(seed);
  if (Object.keys(bots).length) body.bots = bots;

  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": $("[name=csrfmiddlewaretoken]", form).value,
      },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 201 && answer.code) {
      location.assign(form.dataset.consoleUrl.replace("CODE00", answer.code));
      return;
    }
    problem(answer.message || gettext("The game could not be created. Try again."), answer.field);
  } catch {
    problem(gettext("The server cannot be reached. Check the connection and try again."));
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

if (form) {
  $("#scenario", form).addEventListener("change", showScenario);
  form.addEventListener("submit", create);
  showScenario();
}
