// The player's page: one GameConnection, one GameStore, and the views drawn from it: the
// lobby (choose a delegation) and, during play, six tabs (country, world and news, chat,
// agreements, policy, results) under an always-visible world strip.
//
// A phone on a slow network should see the game within two seconds (tests/browser/
// test_player_budget.py). So the page carries the player's snapshot (the socket's first
// message) and is drawn from it as soon as this module has run, while the socket connects;
// and the page loads only what its first screen shows: this module, the strip, and the lobby
// or the country tab (player.html preloads the one its snapshot shows). Everything else, the
// other tabs, the notices and their translations, loads right after the first drawing.

import { GameConnection } from "../connection.js";
import { GameStore } from "../store.js";
import { secondsLeft, syncClock } from "../countdown.js";
import { language } from "../format.js";
import { fill, h } from "../dom.js";
import { createStrip } from "./strip.js";
import { gettext } from "./words.js";

const root = document.getElementById("player-app");
const code = root.dataset.code;
const TABS = ["country", "world", "chat", "agreements", "policy", "results"];
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
  notify(message, options) {
    if (notices) notices.toast(toasts, message, options);
    else waitingNotices.push([message, options]);
  },
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
// The lobby and each tab, once its module has arrived. Until then a tab draws nothing and
// counts nothing unread; render() waits for the module of the screen it shows.
const pending = { render() {}, totalUnread: () => 0, select() {}, showLatest() {} };
let lobby = null;
const views = Object.fromEntries(TABS.map((name) => [name, pending]));
let notices = null;
const waitingNotices = [];
let chatWanted = null;

/** A classic script (the rest of the translations), resolved once it ran or failed: the
 * tabs then show English rather than nothing. */
function loadScript(src) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = resolve;
    document.head.append(script);
  });
}

let laterStrings = null;
/** The translations of the modules the first screen does not run (one request, once). */
function strings() {
  laterStrings = laterStrings || loadScript(root.dataset.laterCatalog);
  return laterStrings;
}

// Literal paths: collectstatic rewrites them to the files' hashed names. The strings of the
// lobby and the country tab are in the page's catalog; the other tabs wait for theirs.
const modules = {
  lobby: () => import("./lobby.js").then((m) => { lobby = m.createLobby(app, lobbyNode); }),
  country: () => import("./country.js").then((m) => { views.country = m.createCountry(app, panels.country); }),
  world: () => strings().then(() => import("./world.js")).then((m) => { views.world = m.createWorld(app, panels.world); }),
  chat: () => strings().then(() => import("./chat.js")).then((m) => { views.chat = m.createChat(app, panels.chat); }),
  agreements: () => strings().then(() => import("./agreements.js")).then((m) => { views.agreements = m.createAgreements(app, panels.agreements); }),
  policy: () => strings().then(() => import("./policy.js")).then((m) => { views.policy = m.createPolicy(app, panels.policy); }),
  results: () => strings().then(() => import("./results.js")).then((m) => { views.results = m.createResults(app, panels.results); }),
};
const loads = {};

function load(name) {
  loads[name] = loads[name] || modules[name]().then(
    () => {
      if (name === "chat" && chatWanted) views.chat.select(chatWanted);
      if (store.view && name === screen(store.view)) render();
      else if (store.view) badges();
    },
    () => {
      delete loads[name]; // the network failed: the next drawing asks again
    },
  );
  return loads[name];
}

function loaded(name) {
  return name === "lobby" ? lobby !== null : views[name] !== pending;
}

let announcer = null;
const unannounced = [];
const page = { notify: app.notify, isShown: app.isShown, select, openChat, hasTab: (name) => !tabs[name].hidden };

/** Notices for events just folded in, as soon as the module that words them is here. */
function announce(events) {
  if (announcer) announcer(page, store.view, events);
  else unannounced.push(events);
}

let laterStarted = false;
/** After the first drawing: the notices and every other screen (the shown tab first). */
function loadLater() {
  if (laterStarted) return;
  laterStarted = true;
  strings().then(() => import("./notify.js")).then((module) => {
    notices = module;
    module.setupSound(document.getElementById("sound-toggle"));
    for (const [message, options] of waitingNotices.splice(0)) module.toast(toasts, message, options);
  });
  strings().then(() => import("./announce.js")).then((module) => {
    announcer = module.announce;
    for (const events of unannounced.splice(0)) announce(events);
  });
  load(current);
  for (const name of Object.keys(modules)) load(name);
}

/** Open a conversation, now or as soon as the chat has arrived. */
function openChat(key) {
  select("chat");
  if (views.chat === pending) chatWanted = key;
  else views.chat.select(key);
}

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

/** What the page shows of this view: the lobby or one tab. */
function screen(view) {
  if (inLobby(view)) return "lobby";
  return tabs[current].hidden ? "country" : current;
}

function render() {
  const view = store.view;
  if (!view) return;
  const lobbyMode = inLobby(view);
  if (!lobbyMode) tabs.policy.hidden = !view.own || (view.me && view.me.role === "civil");
  // The strip is drawn at once; the screen below appears whole: "Connecting…" (or the
  // screen before) stays until its module is here.
  strip.render();
  const shown = screen(view);
  if (!loaded(shown)) {
    load(shown);
    return;
  }
  loading.hidden = true;
  lobbyNode.hidden = !lobbyMode;
  panelsNode.hidden = lobbyMode;
  tabbar.parentElement.hidden = lobbyMode;
  root.classList.toggle("playing", !lobbyMode);
  if (lobbyMode) {
    lobby.render();
  } else {
    if (tabs[current].hidden) select("country");
    views[current].render();
    badges();
  }
  if (!laterStarted) performance.mark("mufakat:first-screen");
  loadLater();
}

function rememberWorld(round, world) {
  try {
    sessionStorage.setItem("mufakat-world-" + code + "-" + round, JSON.stringify(world));
  } catch {
    /* private mode */
  }
}

function loadSnapshot(message) {
  syncClock(message.now);
  const old = store.view;
  const history = message.view.history;
  if (old && history.length === old.history.length + 1) {
    // A round was resolved while we were away or resyncing: the world we knew was its "before".
    rememberWorld(history[history.length - 1].round, old.world);
    views.results.showLatest();
  }
  store.load(message);
}

conn.addEventListener("snapshot", (event) => loadSnapshot(event.detail));
conn.addEventListener("events", (event) => {
  const message = event.detail;
  if (store.view && message.events.some((e) => e.type === "round_resolved")) {
    // Remember the world before this round, for the results' "before → after".
    const resolved = message.events.find((e) => e.type === "round_resolved");
    rememberWorld(resolved.data.round, store.view.world);
    views.results.showLatest();
  }
  store.update(message);
  announce(message.events);
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

// The snapshot the page came with. Its `now` is the server's clock when the page was made,
// which the phone received at the navigation's responseStart: count the time since then.
const inline = document.getElementById("player-snapshot");
if (inline) {
  const message = JSON.parse(inline.textContent);
  const [navigation] = performance.getEntriesByType("navigation");
  if (navigation && message.now) {
    const since = performance.now() - navigation.responseStart;
    message.now = new Date(Date.parse(message.now) + since).toISOString();
  }
  loadSnapshot(message);
}
