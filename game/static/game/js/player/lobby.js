// The lobby: choose a delegation. Each country shows its bloc, who already sits there and how
// many seats are left; a full delegation's button is disabled with the reason, and a country
// a bot plays can be taken back by a student.

import { h, fill, keepFocus } from "../dom.js";
import { BLOCS, errorText, fmt, gettext, ngettext, text } from "./words.js";

export function createLobby(app, root) {
  const status = root.querySelector("[data-lobby=status]");
  const list = root.querySelector("[data-lobby=list]");
  const error = root.querySelector("[data-lobby=error]");
  let busy = null;

  async function choose(cid) {
    if (busy) return;
    busy = cid;
    error.hidden = true;
    render();
    try {
      await app.request({ type: "choose_delegation", country: cid });
      // The button just used is now disabled; the sentence saying where you sit takes focus.
      status.focus();
    } catch (problem) {
      fill(error, errorText(problem));
      error.hidden = false;
      error.focus();
    } finally {
      busy = null;
      render();
    }
  }

  function render() {
    const view = app.view;
    const me = view.me;
    const size = view.game.delegation_size;
    const civil = me && me.role === "civil";
    if (civil) {
      fill(status, gettext("You take part as civil society / press: you have no country. You can write statements, draft proposals and lobby every delegation. The game starts when the teacher is ready."));
    } else if (me && me.country) {
      fill(
        status,
        fmt(gettext("You sit in the delegation of %(country)s."), { country: text(view.countries[me.country].name) }),
        " ",
        me.head ? gettext("You are its head: you submit the policy and sign agreements.") : gettext("The head of your delegation submits the policy and signs agreements; you can propose and negotiate."),
        " ",
        view.game.status === "lobby" ? gettext("Wait for the teacher to start the game; you can still change country.") : "",
      );
    } else if (view.game.locked) {
      fill(status, gettext("The teacher has locked the lobby. Ask them to seat you."));
    } else {
      fill(status, gettext("Choose the country your delegation will govern."));
    }
    list.hidden = civil;
    if (civil) return;
    const rows = Object.values(view.countries).map((country) => {
      const cid = country.id;
      const members = (view.members || []).filter((m) => m.country === cid);
      const left = Math.max(0, size - members.length);
      const mine = me && me.country === cid;
      const bot = view.bots[cid];
      const reasonId = "seat-reason-" + cid;
      let reason = "";
      if (mine) reason = gettext("You are in this delegation.");
      else if (view.game.locked) reason = gettext("The lobby is locked.");
      else if (left === 0) reason = fmt(gettext("Full: %(size)s of %(size)s seats taken."), { size });
      const names = members.map((m) =>
        (m.name || gettext("a student")) + (m.head ? " (" + gettext("head") + ")" : ""),
      );
      return h(
        "li",
        { class: "seat-card" + (mine ? " mine" : "") },
        h("h3", {}, text(country.name)),
        h("p", { class: "facts" }, h("span", { class: "tag" }, BLOCS[country.bloc] || country.bloc),
          h("span", {}, fmt(ngettext("%(count)s seat left", "%(count)s seats left", left), { count: left }))),
        h(
          "p",
          {},
          members.length
            ? fmt(gettext("Seated: %(names)s"), { names: names.join(", ") })
            : bot
              ? gettext("Played by the computer: you can take it over.")
              : gettext("Nobody yet: the first to sit becomes head."),
        ),
        reason ? h("p", { id: reasonId, class: "reason" }, reason) : null,
        h(
          "button",
          {
            type: "button",
            class: "primary",
            "data-key": "seat-" + cid,
            disabled: Boolean(reason),
            "aria-busy": busy === cid ? "true" : null,
            "aria-describedby": reason ? reasonId : null,
            onclick: () => choose(cid),
          },
          busy === cid
            ? gettext("Joining…")
            : bot && !members.length
              ? fmt(gettext("Take over %(country)s"), { country: text(country.name) })
              : fmt(gettext("Join %(country)s"), { country: text(country.name) }),
        ),
      );
    });
    keepFocus(list, () => fill(list, rows));
  }

  return { render };
}
