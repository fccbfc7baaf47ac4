// Conversations: plenary, own delegation, private groups, civil-society statements, the
// teacher's announcements and help. Text is shown as text only. What the student types is
// kept per conversation (also across a reload) until the server has accepted it.

import { h, fill, keepFocus, uid } from "../dom.js";
import { time } from "../format.js";
import { authorName, channelKey, countryNames, errorText, fmt, gettext, ngettext, text } from "./words.js";

const MAX_TEXT = 500;

function load(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function save(storage, key, value) {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked: memory still holds it */
  }
}

export function createChat(app, root) {
  const draftsKey = "mufakat-drafts-" + app.code;
  const drafts = load(sessionStorage, draftsKey) || {};
  let readKey = null;
  let lastRead = null;
  let selected = null;
  let sending = false;
  let shownKey = null;

  const channelsBox = h("div", { class: "channels", role: "group", "aria-label": gettext("Conversations") });
  const title = h("h3", { id: uid("conversation"), class: "conversation-title" });
  const hint = h("p", { class: "hint" });
  const log = h("ol", { class: "messages", role: "log", "aria-labelledby": title.id });
  const textareaId = uid("chat-text");
  const label = h("label", { for: textareaId });
  const counterId = uid("chat-count");
  const errorId = uid("chat-error");
  const textarea = h("textarea", {
    id: textareaId,
    rows: "2",
    maxlength: String(MAX_TEXT),
    "aria-describedby": counterId + " " + errorId,
  });
  const counter = h("span", { id: counterId, class: "counter" });
  const error = h("p", { id: errorId, class: "field-error", role: "alert" });
  const send = h("button", { type: "submit", class: "primary" }, gettext("Send"));
  const readonly = h("p", { class: "reason" });
  const composer = h(
    "form",
    { class: "composer", novalidate: true },
    label,
    textarea,
    h("div", { class: "composer-row" }, counter, send),
    error,
  );
  const groupForm = createGroupForm();
  fill(
    root,
    h("h2", { id: "panel-chat-title" }, gettext("Chat")),
    channelsBox,
    groupForm.node,
    h("section", { class: "conversation", "aria-labelledby": title.id }, title, hint, log, composer, readonly),
  );

  textarea.addEventListener("input", () => {
    drafts[selected] = textarea.value;
    save(sessionStorage, draftsKey, drafts);
    showCounter();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const channel = selected;
    const message = textarea.value.trim();
    if (!message) {
      showError(gettext("Type a message first."));
      textarea.focus();
      return;
    }
    sending = true;
    send.setAttribute("aria-busy", "true");
    showError("");
    try {
      const target = channel === "help" ? { type: "help", text: message } : { type: "chat", channel, text: message };
      await app.request(target);
      delete drafts[channel];
      save(sessionStorage, draftsKey, drafts);
      if (selected === channel) textarea.value = "";
      showCounter();
    } catch (problem) {
      // The text stays in the box (and in the saved drafts) so nothing typed is lost.
      showError(errorText(problem));
    } finally {
      sending = false;
      send.removeAttribute("aria-busy");
    }
  });

  function showError(message) {
    fill(error, message);
    textarea.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function showCounter() {
    fill(counter, fmt(gettext("%(used)s/%(max)s characters"), { used: textarea.value.length, max: MAX_TEXT }));
  }

  function channels() {
    const view = app.view;
    const me = view.me;
    const list = [{ key: "plenary", name: gettext("Plenary"), hint: gettext("Everyone in the game reads this.") }];
    if (me.country) {
      list.push({ key: "delegation", name: gettext("Delegation"), hint: gettext("Only your own delegation reads this.") });
    }
    for (const group of view.groups || []) {
      const names = countryNames(view, group.countries);
      list.push({
        key: "group:" + group.id,
        name: group.title || names,
        hint: fmt(gettext("Private group: only %(countries)s read this."), { countries: names }),
      });
    }
    list.push({
      key: "statements",
      name: gettext("Statements"),
      hint: gettext("Civil society and the press publish here; everyone reads."),
      readonly: me.role !== "civil" ? gettext("Only civil society / press can write statements.") : null,
    });
    list.push({
      key: "announcements",
      name: gettext("Announcements"),
      hint: gettext("Messages from the teacher."),
      readonly: gettext("Only the teacher writes here."),
    });
    list.push({ key: "help", name: gettext("Ask the teacher"), hint: gettext("Only the teacher reads your questions and answers here.") });
    return list;
  }

  function messagesOf(key) {
    return app.view.messages.filter((m) => channelKey(m.channel) === key);
  }

  function ensureReadState() {
    const me = app.view.me;
    const key = "mufakat-read-" + app.code + "-" + me.id;
    if (readKey === key) return;
    readKey = key;
    lastRead = load(localStorage, key);
    if (!lastRead) {
      // First visit on this device: what was said before counts as read.
      lastRead = {};
      for (const m of app.view.messages) {
        const k = channelKey(m.channel);
        lastRead[k] = Math.max(lastRead[k] || 0, m.id);
      }
      save(localStorage, key, lastRead);
    }
  }

  function unread(key) {
    const me = app.view.me;
    const seen = lastRead[key] || 0;
    return messagesOf(key).filter((m) => m.id > seen && m.sender !== me.id).length;
  }

  function markRead() {
    if (!app.isShown("chat") || document.hidden) return;
    const list = messagesOf(selected);
    const top = list.length ? list[list.length - 1].id : 0;
    if (top > (lastRead[selected] || 0)) {
      lastRead[selected] = top;
      save(localStorage, readKey, lastRead);
    }
  }

  function totalUnread() {
    if (!app.view || !app.view.me) return 0;
    ensureReadState();
    return channels().reduce((sum, c) => sum + unread(c.key), 0);
  }

  function select(key) {
    selected = key;
    render();
  }

  function sender(message) {
    const view = app.view;
    if (message.sender === null || message.sender === undefined) return gettext("Teacher");
    if (message.sender === view.me.id) return gettext("You");
    const member = (view.members || []).find((m) => m.id === message.sender);
    const name = member && member.name;
    const where = message.country ? authorName(view, message.country) : gettext("Civil society");
    return name ? name + " · " + where : where;
  }

  function render() {
    const view = app.view;
    if (!view || !view.me) return;
    ensureReadState();
    const list = channels();
    if (!list.some((c) => c.key === selected)) selected = view.me.country ? "delegation" : "plenary";
    const current = list.find((c) => c.key === selected);
    markRead();
    keepFocus(channelsBox, () =>
      fill(
        channelsBox,
        list.map((c) => {
          const count = c.key === selected ? 0 : unread(c.key);
          return h(
            "button",
            {
              type: "button",
              class: "channel",
              "data-key": "channel-" + c.key,
              "aria-pressed": c.key === selected ? "true" : "false",
              onclick: () => {
                select(c.key);
                textarea.focus();
              },
            },
            c.name,
            count
              ? h("span", { class: "badge" }, String(count), h("span", { class: "visually-hidden" }, " " + ngettext("unread message", "unread messages", count)))
              : null,
          );
        }),
      ),
    );
    fill(title, current.name);
    fill(hint, current.hint);
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    const messages = messagesOf(selected);
    fill(
      log,
      messages.length
        ? messages.map((m) =>
            h(
              "li",
              { class: "message" + (m.sender === view.me.id ? " mine" : "") },
              h("p", { class: "meta" }, h("b", {}, sender(m)), " · ", h("time", { datetime: m.at }, time(m.at))),
              m.hidden ? h("p", { class: "hidden-text" }, gettext("(hidden by the teacher)")) : h("p", { class: "text" }, m.text),
            ),
          )
        : h("li", { class: "nothing" }, gettext("No messages yet.")),
    );
    if (nearBottom || shownKey !== selected) log.scrollTop = log.scrollHeight;
    let reason = current.readonly || null;
    if (!reason && view.me.muted) reason = gettext("The teacher has muted you for now.");
    if (!reason && ["finished", "archived"].includes(view.game.status)) reason = gettext("The game has finished.");
    composer.hidden = Boolean(reason);
    readonly.hidden = !reason;
    fill(readonly, reason || "");
    if (shownKey !== selected) {
      shownKey = selected;
      textarea.value = drafts[selected] || "";
      showError("");
      fill(label, fmt(gettext("Message to %(channel)s"), { channel: current.name }));
    }
    showCounter();
    groupForm.render();
    if (app.badges) app.badges();
  }

  function createGroupForm() {
    const details = h("details", { class: "group-form" }, h("summary", {}, gettext("New private group")));
    const titleId = uid("group-title");
    const errorId = uid("group-error");
    const titleInput = h("input", { id: titleId, type: "text", maxlength: "60", autocomplete: "off" });
    const boxes = h("fieldset", {}, h("legend", {}, gettext("Countries to invite")));
    const options = h("div", { class: "checks" });
    boxes.append(options);
    const problem = h("p", { id: errorId, class: "field-error", role: "alert" });
    const form = h(
      "form",
      { novalidate: true },
      h("label", { for: titleId }, gettext("Name of the group (optional)")),
      titleInput,
      boxes,
      problem,
      h("button", { type: "submit", class: "primary" }, gettext("Create group")),
    );
    details.append(form);
    let built = "";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = [...options.querySelectorAll("input:checked")].map((input) => input.value);
      if (!chosen.length) {
        fill(problem, gettext("Choose at least one country."));
        return;
      }
      fill(problem, "");
      try {
        await app.request({ type: "create_group", countries: chosen, title: titleInput.value.trim() });
        const me = app.view.me;
        const mine = me.country || "cs:" + me.id;
        const wanted = new Set([mine, ...chosen]);
        const group = (app.view.groups || []).find(
          (g) => g.countries.length === wanted.size && g.countries.every((c) => wanted.has(c)),
        );
        titleInput.value = "";
        for (const input of options.querySelectorAll("input")) input.checked = false;
        details.open = false;
        if (group) select("group:" + group.id);
        textarea.focus();
      } catch (failure) {
        fill(problem, errorText(failure));
      }
    });
    function render() {
      const view = app.view;
      const others = Object.values(view.countries).filter((c) => c.id !== view.me.country);
      const signature = others.map((c) => c.id).join(",");
      if (signature === built) return;
      built = signature;
      fill(
        options,
        others.map((c) => {
          const id = uid("invite");
          return h("div", { class: "check" }, h("input", { type: "checkbox", id, value: c.id }), h("label", { for: id }, text(c.name)));
        }),
      );
    }
    return { node: details, render };
  }

  return { render, totalUnread, channelKey, select, markRead };
}
