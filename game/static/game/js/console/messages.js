// Every conversation of the game: the facilitator announces (to all or one delegation),
// answers help requests, reads each channel, hides and unhides messages, mutes writers.
// Messages are plain text: they go into the page as text nodes, never as markup.

import { $, fill, h } from "../dom.js";
import { countryName, time } from "../format.js";
import { badge, rebuild } from "./ui.js";

let selected = "all";
const drafts = new Map(); // help replies being typed, by player id: they survive re-renders

function member(view, id) {
  return (view.members || []).find((m) => m.id === id);
}

function senderName(view, message) {
  if (message.sender === null || message.sender === undefined) return gettext("Facilitator");
  const who = member(view, message.sender);
  const name = who && who.name ? who.name : interpolate(gettext("Player %(id)s"), { id: message.sender }, true);
  return message.country ? `${name} (${countryName(view, message.country)})` : name;
}

export function channelName(view, channel) {
  if (channel === "all") return gettext("Everything, in order");
  if (channel === "plenary") return gettext("Plenary");
  if (channel === "statements") return gettext("Civil society statements");
  if (channel === "announcements") return gettext("Announcements to everyone");
  const [kind, rest] = [channel.slice(0, channel.indexOf(":")), channel.slice(channel.indexOf(":") + 1)];
  if (kind === "delegation") return interpolate(gettext("Delegation: %(country)s"), { country: countryName(view, rest) }, true);
  if (kind === "announce") return interpolate(gettext("Announcements to %(country)s"), { country: countryName(view, rest) }, true);
  if (kind === "group") {
    const group = (view.groups || []).find((g) => g.id === rest);
    const members = group ? group.countries.map((c) => (c.startsWith("cs:") ? gettext("civil society") : countryName(view, c))).join(", ") : "";
    return interpolate(gettext("Group: %(title)s (%(members)s)"), { title: group && group.title ? group.title : rest, members }, true);
  }
  if (kind === "help") {
    const who = member(view, Number(rest));
    return interpolate(gettext("Help: %(name)s"), { name: who && who.name ? who.name : rest }, true);
  }
  return channel;
}

function channels(view) {
  const names = ["all", "plenary", "announcements", "statements"];
  for (const cid of Object.keys(view.countries)) names.push(`delegation:${cid}`);
  for (const group of view.groups || []) names.push(`group:${group.id}`);
  for (const message of view.messages) {
    if (!names.includes(message.channel) && !message.channel.startsWith("help:")) names.push(message.channel);
  }
  return names;
}

function messageItem(ui, view, message, showChannel) {
  const writer = message.sender !== null && message.sender !== undefined ? member(view, message.sender) : null;
  const key = `m${message.id}`;
  return h("li", { class: `message${message.hidden ? " is-hidden" : ""}${message.sender === null ? " from-facilitator" : ""}`, dataset: { message: message.id } },
    h("p", { class: "message-head" },
      h("time", { datetime: message.at }, time(message.at)), " ",
      h("strong", {}, senderName(view, message)),
      showChannel ? h("span", { class: "message-channel" }, " · ", channelName(view, message.channel)) : null,
      message.hidden ? badge(gettext("hidden from players"), "muted") : null),
    h("p", { class: "message-text" }, message.text),
    h("p", { class: "message-actions" },
      h("button", { type: "button", class: "quiet small", dataset: { key: `hide-${key}`, hide: message.id, hidden: message.hidden ? "true" : "false" } },
        message.hidden ? gettext("Show again") : gettext("Hide")),
      writer
        ? h("button", { type: "button", class: "quiet small", dataset: { key: `mute-${key}`, mute: writer.id, muted: writer.muted ? "true" : "false" } },
            writer.muted ? interpolate(gettext("Unmute %(name)s"), { name: writer.name || writer.id }, true) : interpolate(gettext("Mute %(name)s"), { name: writer.name || writer.id }, true))
        : null));
}

function renderChannelSelect(view) {
  const select = $("#channel-select");
  const names = channels(view);
  if (!names.includes(selected)) selected = "all";
  const counts = new Map();
  for (const message of view.messages) counts.set(message.channel, (counts.get(message.channel) || 0) + 1);
  const nonHelp = view.messages.filter((m) => !m.channel.startsWith("help:")).length;
  rebuild(select.parentElement, () => fill(select, names.map((name) =>
    h("option", { value: name, selected: name === selected },
      `${channelName(view, name)} (${name === "all" ? nonHelp : counts.get(name) || 0})`))));
}

function renderChannel(ui, view) {
  const list = $("#channel-messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const shown = view.messages.filter((m) => (selected === "all" ? !m.channel.startsWith("help:") : m.channel === selected));
  rebuild(list, () => fill(list, shown.map((m) => messageItem(ui, view, m, selected === "all"))));
  $("#channel-empty").hidden = shown.length > 0;
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function renderHelp(ui, view) {
  const threads = new Map();
  for (const message of view.messages) {
    if (!message.channel.startsWith("help:")) continue;
    const player = Number(message.channel.slice(5));
    if (!threads.has(player)) threads.set(player, []);
    threads.get(player).push(message);
  }
  const waiting = [...threads.values()].filter((thread) => thread[thread.length - 1].sender !== null).length;
  const helpBadge = $("#help-badge");
  helpBadge.hidden = waiting === 0;
  fill(helpBadge, interpolate(ngettext("%(count)s waiting for help", "%(count)s waiting for help", waiting), { count: waiting }, true));
  $("#help-empty").hidden = threads.size > 0;
  const list = $("#help-list");
  rebuild(list, () => fill(list, [...threads.entries()].map(([player, thread]) => {
    const who = member(view, player);
    const name = who && who.name ? who.name : String(player);
    const open = thread[thread.length - 1].sender !== null;
    const fieldId = `help-reply-${player}`;
    return h("li", { class: `help-thread${open ? " is-open" : ""}`, dataset: { player } },
      h("h3", {}, name, who && who.country ? ` (${countryName(view, who.country)})` : "", " ",
        open ? badge(gettext("waiting for an answer"), "alert") : badge(gettext("answered"), "ok")),
      h("ol", { class: "message-list compact" }, thread.map((m) => messageItem(ui, view, m, false))),
      h("form", { class: "help-reply", dataset: { player } },
        h("label", { for: fieldId }, interpolate(gettext("Answer %(name)s"), { name }, true)),
        h("textarea", { id: fieldId, rows: 2, maxlength: 500, dataset: { key: fieldId, player } }),
        h("button", { type: "submit", dataset: { key: `${fieldId}-send` } }, gettext("Send the answer"))));
  })));
  for (const area of list.querySelectorAll("textarea")) area.value = drafts.get(Number(area.dataset.player)) || "";
}

function renderAnnounceTargets(view) {
  const select = $("#announce-to");
  const wanted = select.value;
  const options = [h("option", { value: "" }, gettext("Everyone")),
    Object.keys(view.countries).map((cid) =>
      h("option", { value: cid }, interpolate(gettext("Delegation of %(country)s only"), { country: countryName(view, cid) }, true)))];
  if (select.options.length !== Object.keys(view.countries).length + 1) {
    rebuild(select.parentElement, () => fill(select, options));
    select.value = wanted;
  }
}

export function renderMessages(ui) {
  const view = ui.view;
  renderAnnounceTargets(view);
  renderHelp(ui, view);
  renderChannelSelect(view);
  renderChannel(ui, view);
}

export function bindMessages(ui) {
  $("#announce-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const area = $("#announce-text");
    const words = area.value.trim();
    if (!words) {
      ui.complain({ message: gettext("Write the announcement first.") });
      area.focus();
      return;
    }
    const country = $("#announce-to").value || null;
    const ok = await ui.act({ type: "announce", text: words, country }, {
      button: $("#announce-send"),
      done: country
        ? interpolate(gettext("Announced to %(country)s."), { country: countryName(ui.view, country) }, true)
        : gettext("Announced to everyone."),
    });
    if (ok) area.value = "";
  });
  $("#channel-select").addEventListener("change", (event) => {
    selected = event.currentTarget.value;
    renderChannel(ui, ui.view);
  });
  $("#help-list").addEventListener("input", (event) => {
    if (event.target.matches("textarea")) drafts.set(Number(event.target.dataset.player), event.target.value);
  });
  $("#help-list").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const player = Number(form.dataset.player);
    const area = form.querySelector("textarea");
    const words = area.value.trim();
    if (!words) {
      area.focus();
      return;
    }
    if (await ui.act({ type: "answer_help", player, text: words }, { button: form.querySelector("button"), done: gettext("Answer sent.") })) {
      drafts.delete(player);
      // The answer's own event may have redrawn the thread meanwhile: clear the field now shown.
      const shown = document.getElementById(area.id);
      if (shown) shown.value = "";
    }
  });
  const moderate = (event) => {
    const hide = event.target.closest("[data-hide]");
    if (hide) {
      const hidden = hide.dataset.hidden !== "true";
      ui.act({ type: "hide_message", message: Number(hide.dataset.hide), hidden }, {
        button: hide,
        done: hidden ? gettext("The message is hidden from players.") : gettext("The message is shown again."),
      });
      return;
    }
    const mute = event.target.closest("[data-mute]");
    if (mute) {
      const muted = mute.dataset.muted !== "true";
      ui.act({ type: "mute", player: Number(mute.dataset.mute), muted }, {
        button: mute,
        done: muted ? gettext("Muted: this player can no longer write.") : gettext("This player can write again."),
      });
    }
  };
  $("#channel-messages").addEventListener("click", moderate);
  $("#help-list").addEventListener("click", moderate);
}
