// The world and its news: the world's numbers, every country at a glance, and the headlines
// of every round (newest first), including this round's briefing.

import { h, fill } from "../dom.js";
import { BLOCS, fmt, gettext, money, number, text } from "./words.js";

function stat(label, value, hint) {
  return h("div", { class: "stat" }, h("dt", {}, label), h("dd", {}, h("b", {}, value), hint ? h("small", {}, hint) : null));
}

export function createWorld(app, root) {
  function render() {
    const view = app.view;
    const world = view.world;
    const decision = view.game.phase === "decision";
    const rows = Object.values(view.countries)
      .slice()
      .sort((a, b) => b.score - a.score)
      .map((c) => {
        const tags = [BLOCS[c.bloc] || c.bloc];
        if (view.bots[c.id]) tags.push(gettext("computer"));
        if (view.offline.includes(c.id)) tags.push(gettext("offline"));
        if (decision) tags.push(view.submitted.includes(c.id) ? gettext("policy submitted ✓") : gettext("not submitted yet"));
        const mine = view.me && view.me.country === c.id;
        return h(
          "tr",
          { class: mine ? "mine" : null },
          h("th", { scope: "row" }, text(c.name), mine ? " " + gettext("(you)") : "", h("small", {}, tags.join(" · "))),
          h("td", {}, number(c.score, 1)),
          h("td", {}, number(c.wealth, 0)),
        );
      });
    const feed = [];
    if (view.briefing && view.briefing.length) {
      feed.push(newsBlock(fmt(gettext("Briefing, round %(round)s"), { round: view.game.round }), view.briefing));
    }
    for (const record of view.history.slice().reverse()) {
      feed.push(newsBlock(fmt(gettext("Round %(round)s · %(year)s"), { round: record.round, year: record.year }), record.news));
    }
    fill(
      root,
      h("h2", { id: "panel-world-title" }, gettext("World and news")),
      h(
        "dl",
        { class: "stats" },
        stat(gettext("Warming"), fmt(gettext("%(degrees)s °C"), { degrees: number(world.warming, 2) }), gettext("Above pre-industrial times. Damage grows with the square of warming.")),
        stat(gettext("Shared climate account"), money(world.climate_account), gettext("All mitigation money so far; missed targets risk a disaster.")),
        stat(gettext("Disasters so far"), String(world.disasters), null),
        stat(gettext("Attacks last round"), number(world.attacks, 1), gettext("The world is only as safe as its least protected country.")),
        stat(gettext("People who moved last round"), fmt(gettext("%(millions)s mln"), { millions: number(world.migrants, 1) }), fmt(gettext("Displaced and waiting: %(millions)s mln"), { millions: number(world.displaced, 1) })),
        stat(gettext("Inequality (Gini)"), number(world.gini, 2), gettext("0 = everyone equally rich, 1 = one country has everything.")),
      ),
      h("h3", {}, gettext("Countries")),
      h(
        "table",
        { class: "countries" },
        h("caption", { class: "visually-hidden" }, gettext("Countries by score")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, gettext("Country")), h("th", { scope: "col" }, gettext("Score")), h("th", { scope: "col" }, gettext("Wealth (bn)")))),
        h("tbody", {}, rows),
      ),
      h("h3", {}, gettext("News")),
      feed.length ? feed : h("p", { class: "nothing" }, gettext("No news yet: headlines appear at each briefing and after each round.")),
    );
  }

  function newsBlock(title, items) {
    return h(
      "section",
      { class: "news-block" },
      h("h4", {}, title),
      items.length
        ? h("ul", { class: "news" }, items.map((item) => h("li", {}, text(item.headline))))
        : h("p", {}, gettext("A quiet round: no headlines.")),
    );
  }

  return { render };
}
