// The country card: my country's numbers with a one-line meaning each, my delegation, and
// my role. Civil society sees its own score instead.

import { h, fill } from "../dom.js";
import { BLOCS, fmt, gettext, money, number, percent, text } from "./words.js";

function stat(label, value, hint) {
  return h("div", { class: "stat" }, h("dt", {}, label), h("dd", {}, h("b", {}, value), hint ? h("small", {}, hint) : null));
}

export function createCountry(app, root) {
  function render() {
    const view = app.view;
    const me = view.me;
    if (!me) return;
    if (me.role === "civil") {
      const mine = (view.civil_society || {})["cs:" + me.id] || { adopted: 0, score: 100 };
      fill(
        root,
        h("h2", { id: "panel-country-title" }, gettext("Civil society / press")),
        h("p", {}, gettext("You have no country and no budget. Publish statements, draft proposals, lobby delegations in private groups, and check who keeps their pledges.")),
        h(
          "dl",
          { class: "stats" },
          stat(gettext("Your score"), number(mine.score, 1), gettext("Grows with the world's welfare and with your proposals that were adopted.")),
          stat(gettext("Your proposals adopted"), String(mine.adopted), null),
        ),
      );
      return;
    }
    const cid = me.country;
    const country = cid && view.countries[cid];
    if (!country) {
      fill(root, h("h2", { id: "panel-country-title" }, gettext("Your country")), h("p", {}, gettext("Choose a delegation first.")));
      return;
    }
    const own = view.own || {};
    const members = (view.members || []).filter((m) => m.country === cid);
    fill(
      root,
      h("h2", { id: "panel-country-title" }, text(country.name), " ", h("span", { class: "tag" }, BLOCS[country.bloc] || country.bloc)),
      h(
        "p",
        { class: "role-line" },
        me.head
          ? gettext("You are the head of the delegation: you submit the national policy and sign agreements.")
          : gettext("You are a minister: you negotiate, draft agreements and propose a policy; the head decides."),
      ),
      h(
        "dl",
        { class: "stats" },
        stat(gettext("Score"), number(country.score, 1), gettext("Your own progress and the world's welfare together; 100 at the start.")),
        stat(gettext("Wealth"), money(country.wealth), gettext("The size of your economy (GDP).")),
        stat(gettext("Budget this round"), money(own.budget !== undefined ? own.budget : country.budget), gettext("The money your delegation splits in the decision phase.")),
        stat(gettext("Wealth per person"), number(country.wealth / country.population, 2), fmt(gettext("Population: %(millions)s million"), { millions: number(country.population, 0) })),
        stat(gettext("Security level"), percent(country.security_level), gettext("Protection against attacks; attackers go where it is lowest.")),
        stat(gettext("Stability"), percent(country.stability), gettext("Falls with attacks, unintegrated migrants and closed borders.")),
        stat(gettext("Reputation"), percent(country.reputation), gettext("The share of your pledges you kept.")),
        stat(gettext("Hosted migrants"), fmt(gettext("%(millions)s mln"), { millions: number(country.hosted_migrants, 1) }), fmt(gettext("Integrated: %(millions)s mln"), { millions: number(country.integrated_migrants, 1) })),
      ),
      h("h3", {}, gettext("Your delegation")),
      h(
        "ul",
        { class: "plain-list" },
        members.map((m) =>
          h(
            "li",
            {},
            m.id === me.id ? fmt(gettext("%(name)s (you)"), { name: m.name || me.name }) : m.name || gettext("a student"),
            m.head ? h("span", { class: "tag" }, gettext("head")) : null,
          ),
        ),
      ),
    );
  }

  return { render };
}
