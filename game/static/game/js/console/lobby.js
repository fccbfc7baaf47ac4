// The lobby: who is in the room and where they sit, and which countries bots play. The
// facilitator can seat, move and unseat players (also in a locked lobby), pick the head of
// a delegation, mute, lock the lobby and hand countries to bots or take them back.

import { $, fill, h } from "../dom.js";
import { countryName } from "../format.js";
import { blocName } from "./labels.js";
import { badge, hiddenLabel, presence, rebuild, strategyOptions } from "./ui.js";

function online(view, player) {
  return (view.online || []).includes(player.id);
}

function playerName(player) {
  return player.name || interpolate(gettext("Player %(id)s"), { id: player.id }, true);
}

function playerItem(ui, view, player) {
  const seatId = `seat-${player.id}`;
  const civil = player.role === "civil";
  const countries = Object.keys(view.countries);
  const name = playerName(player);
  return h("li", { class: "player", dataset: { player: player.id } },
    h("div", { class: "player-who" },
      presence(online(view, player)),
      h("strong", { class: "name" }, name),
      civil ? badge(gettext("civil society"), "civil") : null,
      player.head ? badge(gettext("★ head of delegation"), "head") : null,
      player.muted ? badge(gettext("muted"), "muted") : null),
    h("div", { class: "player-actions" },
      civil
        ? h("span", { class: "hint" }, gettext("Civil society has no country."))
        : [
            hiddenLabel(seatId, interpolate(gettext("Country of %(name)s"), { name }, true)),
            h("select", { id: seatId, dataset: { key: seatId, player: player.id }, class: "seat-select" },
              h("option", { value: "", selected: !player.country }, gettext("— no country —")),
              countries.map((cid) => h("option", { value: cid, selected: player.country === cid }, countryName(view, cid)))),
          ],
      !civil && player.country && !player.head
        ? h("button", { type: "button", class: "quiet", dataset: { key: `head-${player.id}`, makeHead: player.id },
            "aria-label": interpolate(gettext("Make head: %(name)s"), { name }, true) }, gettext("Make head"))
        : null,
      h("button", { type: "button", class: "quiet", "aria-pressed": String(Boolean(player.muted)),
          dataset: { key: `mute-${player.id}`, mute: player.id },
          "aria-label": interpolate(player.muted ? gettext("Unmute %(name)s") : gettext("Mute %(name)s"), { name }, true) },
        player.muted ? gettext("Unmute") : gettext("Mute"))));
}

function delegationRow(ui, view, cid) {
  const members = (view.members || []).filter((m) => m.country === cid);
  const strategy = view.bots[cid] || "";
  const botId = `bot-${cid}`;
  const offline = (view.offline || []).includes(cid);
  const country = view.countries[cid];
  return h("tr", { dataset: { country: cid } },
    h("th", { scope: "row" }, countryName(view, cid)),
    h("td", {}, blocName(country.bloc)),
    h("td", {},
      members.length
        ? h("ul", { class: "inline-list" }, members.map((m) =>
            h("li", {}, playerName(m), m.head ? h("span", { class: "head-mark" }, " ", gettext("(head)")) : null)))
        : h("span", { class: "muted-text" }, gettext("no students")),
      members.length && offline ? badge(gettext("delegation offline"), "warn") : null),
    h("td", {},
      hiddenLabel(botId, interpolate(gettext("Who plays %(country)s"), { country: countryName(view, cid) }, true)),
      h("select", { id: botId, class: "bot-select", dataset: { key: botId, country: cid } },
        strategyOptions(ui.config.strategies, strategy, members.length ? gettext("Its students") : gettext("Nobody (no bot)")))));
}

export function renderLobby(ui) {
  const view = ui.view;
  const members = view.members || [];
  const list = $("#players");
  rebuild(list, () => fill(list, members.map((player) => playerItem(ui, view, player))));
  $("#players-empty").hidden = members.length > 0;
  const onlineCount = members.filter((m) => online(view, m)).length;
  fill($("#player-count"), members.length
    ? interpolate(gettext("(%(count)s, %(online)s online)"), { count: members.length, online: onlineCount }, true)
    : "");
  $("#lock-lobby").checked = Boolean(view.game.locked);
  $("#lock-lobby").disabled = view.game.status === "finished" || view.game.status === "archived";

  const body = $("#delegations tbody");
  rebuild(body, () => fill(body, Object.keys(view.countries).map((cid) => delegationRow(ui, view, cid))));

  const bulk = $("#bulk-strategy");
  if (!bulk.options.length) {
    fill(bulk, ui.config.strategies.map((s) => h("option", { value: s.value }, s.label)));
  }
  const idle = Object.keys(view.countries).filter((cid) => !view.bots[cid] && !members.some((m) => m.country === cid));
  $("#bulk-bots").disabled = idle.length === 0;
}

export function bindLobby(ui) {
  $("#players").addEventListener("change", async (event) => {
    const select = event.target.closest(".seat-select");
    if (!select) return;
    const player = Number(select.dataset.player);
    const country = select.value || null;
    const ok = await ui.act({ type: "assign", player, country }, {
      done: country
        ? interpolate(gettext("Seated in %(country)s."), { country: countryName(ui.view, country) }, true)
        : gettext("The player has left their delegation."),
    });
    if (!ok) renderLobby(ui);
  });
  $("#players").addEventListener("click", (event) => {
    const head = event.target.closest("[data-make-head]");
    if (head) {
      ui.act({ type: "make_head", player: Number(head.dataset.makeHead) }, { button: head, done: gettext("The head of delegation has changed.") });
      return;
    }
    const mute = event.target.closest("[data-mute]");
    if (mute) {
      const muted = mute.getAttribute("aria-pressed") !== "true";
      ui.act({ type: "mute", player: Number(mute.dataset.mute), muted }, {
        button: mute,
        done: muted ? gettext("Muted: this player can no longer write.") : gettext("This player can write again."),
      });
    }
  });
  $("#delegations").addEventListener("change", async (event) => {
    const select = event.target.closest(".bot-select");
    if (!select) return;
    const country = select.dataset.country;
    const strategy = select.value || null;
    const name = countryName(ui.view, country);
    const ok = await ui.act({ type: "set_bot", country, strategy }, {
      done: strategy
        ? interpolate(gettext("A bot now plays %(country)s."), { country: name }, true)
        : interpolate(gettext("No bot plays %(country)s any more."), { country: name }, true),
    });
    if (!ok) renderLobby(ui);
  });
  $("#lock-lobby").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    const locked = box.checked;
    const ok = await ui.act({ type: "lock_lobby", locked }, {
      done: locked ? gettext("The lobby is locked.") : gettext("The lobby is open again."),
    });
    if (!ok) box.checked = !locked;
  });
  $("#bulk-bots").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    const view = ui.view;
    const strategy = $("#bulk-strategy").value;
    const idle = Object.keys(view.countries).filter((cid) => !view.bots[cid] && !(view.members || []).some((m) => m.country === cid));
    let handed = 0;
    button.disabled = true;
    for (const country of idle) {
      if (await ui.act({ type: "set_bot", country, strategy })) handed += 1;
      else break;
    }
    button.disabled = false;
    if (handed) {
      ui.say(interpolate(ngettext("%(count)s country handed to a bot.", "%(count)s countries handed to bots.", handed), { count: handed }, true));
    }
  });
}
