// The facilitator's console: one socket to /ws/games/<CODE>/facilitate/, the store kept
// current by the server's events, and panels that re-render what each event touches.

import { GameConnection } from "../connection.js";
import { GameStore } from "../store.js";
import { secondsLeft, syncClock, ticking } from "../countdown.js";
import { $, $$, fill } from "../dom.js";
import { language } from "../format.js";
import { Tabs } from "./tabs.js";
import { renderControls, bindControls, renderCountdown } from "./controls.js";
import { renderLobby, bindLobby } from "./lobby.js";
import { renderRound } from "./round.js";
import { renderMessages, bindMessages } from "./messages.js";
import { renderCharts } from "./charts-panel.js";
import { inlineQrWhenBroken } from "./ui.js";

const config = JSON.parse($("#console-config").textContent);
const store = new GameStore();
const connection = new GameConnection(config.socket, { language });

// Which panels an event can change; "snapshot" changes them all.
const TOUCHES = {
  controls: ["phase_changed", "status_changed", "timer_set", "option_set", "lobby_locked", "game_finished", "round_resolved"],
  lobby: ["player_joined", "seat_taken", "seat_left", "head_changed", "player_muted", "bot_assigned", "lobby_locked", "status_changed", "delegation_presence", "presence"],
  round: ["phase_changed", "round_resolved", "policy_submitted", "bot_assigned", "delegation_presence", "status_changed", "game_finished",
    "agreement_drafted", "agreement_edited", "agreement_opened", "agreement_withdrawn", "agreement_signed", "agreement_activated", "agreement_left"],
  messages: ["message_posted", "message_hidden", "player_muted", "player_joined", "seat_taken", "group_created"],
  charts: ["round_resolved", "status_changed", "game_finished", "agreement_drafted", "agreement_edited"],
};

const feedback = $("#feedback");
const problem = $("#problem");
let feedbackTimer = null;

function say(message) {
  fill(problem, "");
  fill(feedback, message || "");
  clearTimeout(feedbackTimer);
  if (message) feedbackTimer = setTimeout(() => fill(feedback, ""), 6000);
}

function complain(error) {
  fill(feedback, "");
  let message = error && error.message;
  if (!message && error && error.code === "offline") message = gettext("Not connected to the game. Wait for the connection to come back, then try again.");
  if (!message && error && error.code === "timeout") message = gettext("The server did not answer in time. Try again.");
  fill(problem, message || gettext("That did not work. Try again."));
}

/** Send one facilitator message; the button waits for the server's answer. */
async function act(message, { button = null, done = null } = {}) {
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
  try {
    await connection.request(message);
    say(done);
    return true;
  } catch (error) {
    complain(error);
    return false;
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }
}

const ui = {
  config,
  store,
  act,
  say,
  complain,
  get view() {
    return store.view;
  },
};

const tabs = new Tabs($(".tabs"), (name) => {
  sessionStorage.setItem(`mufakat-console-tab-${config.code}`, name);
  if (name === "charts" && store.view) renderCharts(ui, { force: true });
});

function render(types) {
  const all = types.includes("snapshot");
  const touched = (panel) => all || types.some((type) => TOUCHES[panel].includes(type));
  if (touched("controls")) {
    renderControls(ui);
    // Show a pause, a resume or an extension at once, not at the next tick.
    renderCountdown(ui, secondsLeft(ui.view.game.timer));
  }
  if (touched("lobby")) renderLobby(ui);
  if (touched("round")) renderRound(ui);
  if (touched("messages")) renderMessages(ui);
  if (touched("charts")) renderCharts(ui, { force: false, visible: tabs.current === "charts" });
}

let firstSnapshot = true;
connection.addEventListener("snapshot", (event) => {
  syncClock(event.detail.now);
  store.load(event.detail);
  if (firstSnapshot) {
    firstSnapshot = false;
    const saved = sessionStorage.getItem(`mufakat-console-tab-${config.code}`);
    tabs.select(saved || (store.view.game.status === "lobby" ? "lobby" : "round"), { focus: false });
  }
});
connection.addEventListener("events", (event) => store.update(event.detail));
connection.addEventListener("presence", (event) => {
  if (!store.view) return;
  const { player, online } = event.detail;
  const list = new Set(store.view.online || []);
  if (online) list.add(player);
  else list.delete(player);
  store.view.online = [...list];
  render(["presence"]);
});
connection.addEventListener("servererror", (event) => complain(event.detail));
connection.addEventListener("status", (event) => {
  const node = $("#connection");
  node.dataset.status = event.detail;
  const words = {
    connecting: gettext("Connecting…"),
    open: gettext("Connected"),
    reconnecting: gettext("Connection lost, reconnecting…"),
    refused: gettext("This game cannot be opened from this account."),
  };
  fill(node, words[event.detail] || event.detail);
  $("#console").dataset.connection = event.detail;
});
store.addEventListener("changed", (event) => render(event.detail.types));

inlineQrWhenBroken($("#qr"));
bindControls(ui);
bindLobby(ui);
bindMessages(ui);

for (const button of $$("[data-copy]")) {
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      say(gettext("Copied."));
    } catch {
      complain({ message: gettext("Copying is not allowed here: select the link and copy it by hand.") });
    }
  });
}

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => store.view && tabs.current === "charts" && renderCharts(ui, { force: true }), 200);
});

ticking(() => store.view && store.view.game.timer, (seconds) => renderCountdown(ui, seconds));
connection.connect();
// For tests and for the curious: the live view, read-only by convention.
window.mufakatConsole = ui;
