// The player's page: one GameConnection, one GameStore, and the views drawn from it: the
// lobby (choose a delegation) and, during play, six tabs (country, world and news, chat,
// agreements, policy, results) under an always-visible world strip.

import { GameConnection } from "../connection.js";
import { GameStore } from "../store.js";
import { secondsLeft, syncClock } from "../countdown.js";
import { language } from "../format.js";
import { fill, h } from "../dom.js";
import { createStrip } from "./strip.js";
import { createLobby } from "./lobby.js";
import { createCountry } from "./country.js";
import { createWorld } from "./world.js";
import { createChat, channelKey } from "./chat.js";
import { createAgreements } from "./agreements.js";
import { createPolicy } from "./policy.js";
import { createResults } from "./results.js";
import { setupSound, toast } from "./notify.js";
import { PHASES, PHASE_HINTS, authorName, fmt, gettext } from "./words.js";

const root = document.getElementById("player-app");
const code = root.dataset.code;
const TABS = ["country", "world", "chat", "agreements", "policy", "results"];
const PRIVATE = ["delegation", "announcements", "help"];
// Events after which the server's own numbers (budget, binding minimums) must be fetched again.
const REFRESH = ["round_resolved", "phase_changed", "agreement_activated", "agreement_left"];

const store = new GameStore();
const conn = new GameConnection("/ws/games/" + code + "/play/", { language });
const toasts = document.getElementById("toasts");
const banner = document.getElementById("connection-banner");
const loading = document.getElementById("loading");
const lobbyNode = document.getElementById("lobby");
const panelsNode = document.getElementById("panels");
const tabbar = document.getElementById("tabbar");
const tabs = Object.fromEntries(TABS.map((name) => [name, document.getElementById("tab-" + name)]));
const panels = Object.fromEntries(TABS.map((name) => [name, document.getElementById("panel-" + name)]));
const title = document.title;

let current = loadTab();
let everOpen = false;
let refreshTimer = null;

const app = {
  code,
  store,
  get view() {
    return store.view;
  },
  request: (message) => conn.request(message),
  notify: (message, options) => toast(toasts, message, options),
  isShown: (tab) => current === tab && !panelsNode.hidden,
  secondsLeft: () => (store.view ? secondsLeft(store.view.game.timer) : null),
  worldBefore(round) {
    try {
      return JSON.parse(sessionStorage.getItem("mufakat-world-" + code + "-" + round) || "null");
    } catch {
      return null;
    }
  },
  select,
  badges: () => badges(),
};

const strip = createStrip(app, document.getElementById("world-strip"));
const lobby = createLobby(app, lobbyNode);
const views = {
  country: createCountry(app, panels.country),
  world: createWorld(app, panels.world),
  chat: createChat(app, panels.chat),
  agreements: createAgreements(app, panels.agreements),
  policy: createPolicy(app, panels.policy),
  results: createResults(app, panels.results),
};
setupSound(document.getElementById("sound-toggle"));

function loadTab() {
  try {
    const saved = sessionStorage.getItem("mufakat-tab-" + code);
    return TABS.includes(saved) ? saved : "country";
  } catch {
    return "country";
  }
}

/** Show one tab (and move focus to its panel when asked, e.g. from a notice). */
function select(name, { focus = false } = {}) {
  if (!TABS.includes(name) || tabs[name].hidden) name = "country";
  current = name;
  try {
    sessionStorage.setItem("mufakat-tab-" + code, name);
  } catch {
    /* private mode */
  }
  for (const tab of TABS) {
    const on = tab === name;
    tabs[tab].setAttribute("aria-selected", on ? "true" : "false");
    tabs[tab].tabIndex = on ? 0 : -1;
    panels[tab].hidden = !on;
  }
  if (store.view) views[name].render();
  badges();
  if (focus) panels[name].focus();
}

tabbar.addEventListener("click", (event) => {
  const tab = event.target.closest("[role=tab]");
  if (tab) select(tab.dataset.tab);
});
tabbar.addEventListener("keydown", (event) => {
  const visible = TABS.filter((name) => !tabs[name].hidden);
  let index = visible.indexOf(current);
  if (event.key === "ArrowRight") index = (index + 1) % visible.length;
  else if (event.key === "ArrowLeft") index = (index - 1 + visible.length) % visible.length;
  else if (event.key === "Home") index = 0;
  else if (event.key === "End") index = visible.length - 1;
  else return;
  event.preventDefault();
  select(visible[index]);
  tabs[visible[index]].focus();
});

function badges() {
  const unread = store.view && store.view.me ? views.chat.totalUnread() : 0;
  const badge = tabs.chat.querySelector(".badge");
  fill(badge, unread ? String(unread) : "", unread ? h("span", { class: "visually-hidden" }, " " + gettext("unread")) : null);
  badge.hidden = !unread;
  document.title = unread ? "(" + unread + ") " + title : title;
}

function inLobby(view) {
  const me = view.me;
  if (!me) return true;
  if (view.game.status === "lobby") return true;
  return me.role !== "civil" && !me.country;
}

function render() {
  const view = store.view;
  if (!view) return;
  loading.hidden = true;
  strip.render();
  const lobbyMode = inLobby(view);
  lobbyNode.hidden = !lobbyMode;
  panelsNode.hidden = lobbyMode;
  tabbar.parentElement.hidden = lobbyMode;
  root.classList.toggle("playing", !lobbyMode);
  if (lobbyMode) {
    lobby.render();
    return;
  }
  tabs.policy.hidden = !view.own || (view.me && view.me.role === "civil");
  if (tabs[current].hidden) select("country");
  views[current].render();
  badges();
}

// Notices for what just happened, before or after the store folded it in.
function announce(view, events) {
  const me = view.me;
  if (!me) return;
  for (const event of events) {
    const data = event.data;
    switch (event.type) {
      case "message_posted": {
        if (data.player === me.id) break;
        const key = channelKey(data.channel);
        const isGroup = key.startsWith("group:");
        if (!(PRIVATE.includes(key) || isGroup)) break;
        if (app.isShown("chat") && !document.hidden) break;
        const where = isGroup
          ? ((view.groups || []).find((g) => "group:" + g.id === key) || {}).title || gettext("a private group")
          : { delegation: gettext("your delegation"), announcements: gettext("the teacher's announcements"), help: gettext("your questions to the teacher") }[key];
        app.notify(fmt(gettext("New message in %(where)s."), { where }), {
          sound: true,
          action: { label: gettext("Show"), run: () => { select("chat"); views.chat.select(key); } },
        });
        break;
      }
      case "phase_changed": {
        const target = { briefing: "world", negotiation: "agreements", decision: "policy", results: "results" }[data.phase];
        app.notify(fmt(gettext("Now: %(phase)s. %(hint)s"), { phase: PHASES[data.phase] || data.phase, hint: PHASE_HINTS[data.phase] || "" }), {
          sound: true,
          action: target && !tabs[target].hidden ? { label: gettext("Show"), run: () => select(target, { focus: true }) } : null,
        });
        break;
      }
      case "game_finished":
        app.notify(PHASE_HINTS.finished, { sound: true, action: { label: gettext("Show"), run: () => select("results", { focus: true }) } });
        break;
      case "status_changed":
        if (data.status === "paused") app.notify(gettext("The teacher paused the game."));
        if (data.status === "running" && view.game.phase !== "lobby") app.notify(gettext("The game is running."), { sound: true });
        break;
      case "agreement_opened": {
        const agreement = view.agreements.find((a) => a.id === data.id);
        if (agreement) {
          app.notify(fmt(gettext("“%(title)s” is open for signature."), { title: agreement.draft.title }), {
            action: { label: gettext("Show"), run: () => select("agreements", { focus: true }) },
          });
        }
        break;
      }
      case "agreement_activated": {
        const agreement = view.agreements.find((a) => a.id === data.id);
        if (agreement) app.notify(fmt(gettext("“%(title)s” is now active."), { title: agreement.draft.title }));
        break;
      }
      case "policy_submitted":
        if (me.country === data.country && !me.head && data.policy) {
          app.notify(gettext("Your head submitted the national policy."));
        }
        break;
      case "policy_proposed":
        if (me.head && data.country === me.country && data.player !== me.id) {
          app.notify(gettext("A member of your delegation proposed a policy."), {
            sound: true,
            action: { label: gettext("Show"), run: () => select("policy", { focus: true }) },
          });
        }
        break;
      case "head_changed":
        if (data.player === me.id) app.notify(gettext("You are now the head of your delegation."), { sound: true });
        break;
      case "player_muted":
        if (data.player === me.id) app.notify(data.muted ? gettext("The teacher has muted you for now.") : gettext("You can write again."));
        break;
      case "seat_taken":
        if (data.player === me.id && view.game.status !== "lobby") {
          app.notify(fmt(gettext("You now sit in the delegation of %(country)s."), { country: authorName(view, data.country) }));
        }
        break;
      default:
        break;
    }
  }
}

function rememberWorld(round, world) {
  try {
    sessionStorage.setItem("mufakat-world-" + code + "-" + round, JSON.stringify(world));
  } catch {
    /* private mode */
  }
}

conn.addEventListener("snapshot", (event) => {
  syncClock(event.detail.now);
  const old = store.view;
  const history = event.detail.view.history;
  if (old && history.length === old.history.length + 1) {
    // A round was resolved while we were away or resyncing: the world we knew was its "before".
    rememberWorld(history[history.length - 1].round, old.world);
    views.results.showLatest();
  }
  store.load(event.detail);
});
conn.addEventListener("events", (event) => {
  const message = event.detail;
  if (store.view && message.events.some((e) => e.type === "round_resolved")) {
    // Remember the world before this round, for the results' "before → after".
    const resolved = message.events.find((e) => e.type === "round_resolved");
    rememberWorld(resolved.data.round, store.view.world);
    views.results.showLatest();
  }
  store.update(message);
  announce(store.view, message.events);
  // A seat change of mine changes what I may see (my delegation's budget, chat, groups):
  // only the server's snapshot has it.
  const me = store.view && store.view.me ? store.view.me.id : null;
  const moved = message.events.some(
    (e) => ["seat_taken", "seat_left"].includes(e.type) && e.data.player === me,
  );
  if (moved || message.events.some((e) => REFRESH.includes(e.type))) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => conn.send({ type: "resync" }), 250);
  }
});
let lastServerError = "";
conn.addEventListener("servererror", (event) => {
  // Errors that answer no request of ours: a refusal just before the socket closes, or a
  // message the server could not read.
  lastServerError = event.detail.message || "";
  if (!store.view) return;
  app.notify(lastServerError || gettext("Something went wrong. Try again."), { kind: "error" });
});
conn.addEventListener("status", (event) => {
  const status = event.detail;
  root.dataset.connection = status;
  const message = banner.querySelector("[data-banner=message]");
  const detail = banner.querySelector("[data-banner=detail]");
  const link = banner.querySelector("a");
  if (status === "open") {
    banner.hidden = true;
    if (everOpen) app.notify(gettext("Connected again."));
    everOpen = true;
  } else if (status === "reconnecting") {
    banner.hidden = false;
    link.hidden = true;
    fill(message, gettext("Connection lost. Reconnecting…"));
    fill(detail, gettext("What you typed is kept."));
  } else if (status === "refused") {
    banner.hidden = false;
    link.hidden = false;
    loading.hidden = true;
    fill(message, gettext("This page cannot join the game."));
    fill(detail, lastServerError);
  }
});
store.addEventListener("changed", render);
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && store.view && current === "chat") views.chat.render();
  if (store.view) badges();
});

select(current);
conn.connect();
