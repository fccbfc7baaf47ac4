// The join form: POST the code and name to the API, then go to the game. The server's error
// messages are already in the page's language; each is tied to its field (aria-describedby
// is set in the template) and focus moves to the field to fix.
/* global gettext */

const form = document.getElementById("join-form");
const fields = {
  code: document.getElementById("join-code"),
  name: document.getElementById("join-name"),
};
const civil = document.getElementById("join-civil");
const general = document.getElementById("join-error");
const button = form.querySelector("button[type=submit]");
// Errors about the game itself belong to the code field; a bad name to the name field.
const FIELD_OF = { unknown_code: "code", lobby_locked: "code", game_over: "code", not_running: "code", name_invalid: "name" };

function normalise(code) {
  return code.replace(/\s+/g, "").toUpperCase();
}

function clear() {
  for (const input of Object.values(fields)) {
    input.removeAttribute("aria-invalid");
    document.getElementById(input.id + "-error").textContent = "";
  }
  general.textContent = "";
}

function show(field, message) {
  if (field && fields[field]) {
    const input = fields[field];
    input.setAttribute("aria-invalid", "true");
    document.getElementById(input.id + "-error").textContent = message;
    input.focus();
  } else {
    general.textContent = message;
  }
}

let busy = false;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (busy) return;
  clear();
  const code = normalise(fields.code.value);
  const name = fields.name.value.trim().replace(/\s+/g, " ");
  if (!code) {
    show("code", gettext("Type the game code your teacher shows."));
    return;
  }
  if (!name || name.length > 40) {
    show("name", gettext("Type your name (1 to 40 characters)."));
    return;
  }
  fields.code.value = code;
  busy = true;
  button.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.dataset.api.replace("XXXXXX", encodeURIComponent(code)), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
      },
      body: JSON.stringify({ name, civil: civil.checked }),
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    if (response.ok && answer) {
      location.assign(form.dataset.play.replace("XXXXXX", encodeURIComponent(answer.code)));
      return;
    }
    if (answer && answer.type === "error") {
      show(FIELD_OF[answer.code] || answer.field, answer.message);
    } else if (response.status === 403) {
      show(null, gettext("This page has expired. Reload it and try again."));
    } else {
      show(null, gettext("The server could not let you join. Try again in a moment."));
    }
  } catch {
    show(null, gettext("Could not reach the server. Check your connection and try again."));
  } finally {
    busy = false;
    button.removeAttribute("aria-busy");
  }
});
