// Round results: what changed for my country, cause by cause with a short "why", what changed
// in the world (before → after), whether we kept our agreements, and the round's headlines.

import { h, fill, keepFocus, uid } from "../dom.js";
import { signed } from "../format.js";
import { fmt, gettext, money, number, percent, text } from "./words.js";

const CAUSES = {
  spending: gettext("Spending"),
  development: gettext("Development return"),
  growth: gettext("Growth"),
  trade: gettext("Trade"),
  tariffs: gettext("Tariffs"),
  aid: gettext("Aid received"),
  cobenefits: gettext("Co-benefits"),
  integration: gettext("Integration"),
  climate_damage: gettext("Climate damage"),
  disaster: gettext("Disaster"),
  attacks: gettext("Attacks"),
  hosting: gettext("Hosting migrants"),
};

function why(cause, value, record, cid) {
  const policy = (record.policies || {})[cid] || {};
  const country = (record.countries || {})[cid] || {};
  switch (cause) {
    case "spending":
      return fmt(gettext("your policy spent %(money)s of the budget"), { money: money(-value) });
    case "development":
      return gettext("your development money came back with its return");
    case "growth":
      return gettext("the normal growth of your economy");
    case "trade":
      return policy.trade === "protect"
        ? gettext("your share of world trade; you protected it, which shrinks the pool for everyone")
        : gettext("your share of the world trade pool with open trade");
    case "tariffs":
      return value > 0
        ? gettext("tariffs your club collected from countries outside it")
        : gettext("tariffs you paid to a club you are not in");
    case "aid":
      return gettext("money from the fund for developing countries");
    case "cobenefits":
      return gettext("green and digital economy agreements pay off for their members");
    case "integration":
      return gettext("migrants integrated in earlier rounds now add to growth");
    case "climate_damage":
      return fmt(gettext("warming reached %(degrees)s °C"), { degrees: number(record.world.warming, 2) });
    case "disaster":
      return gettext("the shared climate fund missed its target and disaster struck");
    case "attacks":
      return fmt(gettext("%(count)s attacks hit you; your security level was %(level)s"), {
        count: number(country.attacks || 0, 1), level: percent(country.security_level || 0),
      });
    case "hosting":
      return fmt(gettext("you host %(millions)s million people not yet integrated"), { millions: number(country.hosted_migrants || 0, 1) });
    default:
      return "";
  }
}

export function createResults(app, root) {
  let chosen = null; // null = the latest round
  const selectId = uid("round");
  const select = h("select", { id: selectId, "data-key": "round-select" });
  select.addEventListener("change", () => {
    chosen = Number(select.value);
    render();
  });
  const body = h("div", { class: "results-body" });
  const picker = h("div", { class: "field inline" }, h("label", { for: selectId }, gettext("Round")), select);
  fill(root, h("h2", { id: "panel-results-title" }, gettext("Round results")), picker, body);

  function render() {
    const view = app.view;
    if (!view || !view.me) return;
    const history = view.history;
    picker.hidden = history.length < 2;
    if (!history.length) {
      fill(body, h("p", { class: "nothing" }, gettext("No results yet: they appear here when the first round has been resolved.")));
      return;
    }
    const index = chosen === null ? history.length - 1 : Math.max(0, history.findIndex((r) => r.round === chosen));
    const record = history[index];
    keepFocus(picker, () =>
      fill(select, history.map((r) => h("option", { value: String(r.round), selected: r === record }, fmt(gettext("Round %(round)s · %(year)s"), { round: r.round, year: r.year })))),
    );
    const before = index > 0 ? history[index - 1].world : app.worldBefore(record.round);
    const cid = view.me.country;
    const parts = [];
    if (cid && record.changes && record.changes[cid]) {
      const changes = record.changes[cid];
      const total = Object.values(changes).reduce((s, v) => s + v, 0);
      const after = record.countries[cid].wealth;
      const start = after - total;
      const items = Object.entries(changes)
        .filter(([, value]) => Math.abs(value) >= 0.05)
        .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
      const kept = (record.compliance || []).filter((c) => c.country === cid);
      parts.push(
        h("h3", {}, fmt(gettext("What changed for %(country)s"), { country: text(view.countries[cid].name) })),
        h(
          "p",
          { class: "total " + (total >= 0 ? "up" : "down") },
          total >= 0 ? "▲ " : "▼ ",
          fmt(gettext("Wealth %(before)s → %(after)s (%(change)s)"), {
            before: number(start, 1), after: number(after, 1), change: signed(total, 1),
          }),
        ),
        h(
          "ul",
          { class: "causes" },
          items.map(([cause, value]) =>
            h(
              "li",
              { class: value >= 0 ? "up" : "down" },
              h("b", {}, (CAUSES[cause] || cause) + " " + signed(value, 1)),
              ": ",
              why(cause, value, record, cid),
            ),
          ),
        ),
        h("p", {}, fmt(gettext("Score after the round: %(score)s"), { score: number(record.countries[cid].score, 1) })),
        kept.length
          ? h("ul", { class: "plain-list" }, kept.map((c) => {
            const agreement = view.agreements.find((a) => a.id === c.agreement);
            const title = agreement ? agreement.draft.title : c.agreement;
            return h("li", {}, c.kept
              ? "✓ " + fmt(gettext("You kept “%(title)s”."), { title })
              : "✗ " + fmt(gettext("You broke “%(title)s”: your reputation falls."), { title }));
          }))
          : null,
        (record.fallbacks || []).includes(cid)
          ? h("p", { class: "hint" }, gettext("Your delegation submitted nothing, so last round's policy (or the default) was used."))
          : null,
      );
    }
    const world = record.world;
    const row = (label, from, to) =>
      h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, from), h("td", {}, to));
    parts.push(
      h("h3", {}, gettext("What changed in the world")),
      h(
        "table",
        { class: "before-after" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, gettext("Measure"))), h("th", { scope: "col" }, gettext("Before")), h("th", { scope: "col" }, gettext("After")))),
        h(
          "tbody",
          {},
          row(gettext("Warming"), before ? fmt(gettext("%(degrees)s °C"), { degrees: number(before.warming, 2) }) : "–", fmt(gettext("%(degrees)s °C"), { degrees: number(world.warming, 2) })),
          row(gettext("Inequality (Gini)"), before ? number(before.gini, 3) : "–", number(world.gini, 3)),
          row(gettext("Shared climate account"), before ? money(before.climate_account) : "–", money(world.climate_account)),
          row(gettext("Disasters so far"), before ? String(before.disasters) : "–", String(world.disasters)),
          row(gettext("Attacks"), before ? number(before.attacks, 1) : "–", number(world.attacks, 1)),
          row(gettext("People who moved"), before ? fmt(gettext("%(millions)s mln"), { millions: number(before.migrants, 1) }) : "–", fmt(gettext("%(millions)s mln"), { millions: number(world.migrants, 1) })),
        ),
      ),
      h("h3", {}, gettext("Headlines")),
      record.news && record.news.length
        ? h("ul", { class: "news" }, record.news.map((item) => h("li", {}, text(item.headline))))
        : h("p", {}, gettext("A quiet round: no headlines.")),
    );
    fill(body, parts);
  }

  return { render, showLatest: () => { chosen = null; } };
}
