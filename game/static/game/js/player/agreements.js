// Agreements: every proposal with its status, what it asks of my bloc in plain words and
// what that would cost me, who signed, and how far it is from its activation threshold.
// A guided form drafts or edits one. Buttons a student may not use are disabled, with the
// reason written next to them.

import { h, fill, keepFocus, uid } from "../dom.js";
import {
  BLOCS, ISSUES, KINDS, STATUSES, authorName, countryNames, errorText, fmt, gettext, money, percent, text,
} from "./words.js";

const SHARES = ["min_mitigation", "min_security", "min_migration", "fund_contribution"];
const RUNNING = ["briefing", "negotiation", "decision", "results"];

// The terms that matter most for each issue come first in the form; the rest fold away.
const MAIN_TERMS = {
  climate: ["min_mitigation", "fund_contribution", "tariff_on_nonmembers"],
  terrorism: ["min_security", "intelligence_sharing"],
  migration: ["min_migration", "quota"],
  trade: ["open_trade", "tariff_on_nonmembers"],
  green_economy: ["min_mitigation", "open_trade"],
  digital_economy: ["open_trade"],
};
const ALL_TERMS = [
  "min_mitigation", "min_security", "min_migration", "fund_contribution",
  "tariff_on_nonmembers", "quota", "intelligence_sharing", "open_trade",
];

// Sensible first proposals, differentiated by bloc (common but differentiated
// responsibilities); percentages of the member's budget.
const DEFAULTS = {
  climate: { developed: { min_mitigation: 20, fund_contribution: 5 }, emerging: { min_mitigation: 10 }, developing: {} },
  terrorism: {
    developed: { min_security: 10, intelligence_sharing: true },
    emerging: { min_security: 10, intelligence_sharing: true },
    developing: { min_security: 5, intelligence_sharing: true },
  },
  migration: { developed: { min_migration: 10, quota: true }, emerging: { min_migration: 5, quota: true }, developing: { quota: true } },
  trade: { developed: { open_trade: true }, emerging: { open_trade: true }, developing: { open_trade: true } },
  green_economy: {
    developed: { min_mitigation: 10, open_trade: true },
    emerging: { min_mitigation: 5, open_trade: true },
    developing: { open_trade: true },
  },
  digital_economy: { developed: { open_trade: true }, emerging: { open_trade: true }, developing: { open_trade: true } },
};

const TERM_LABELS = {
  min_mitigation: gettext("Climate mitigation, at least"),
  min_security: gettext("Security, at least"),
  min_migration: gettext("Integrating migrants, at least"),
  fund_contribution: gettext("Aid to the fund, at least"),
  tariff_on_nonmembers: gettext("Tariff on non-members' trade (at most 50)"),
  quota: gettext("Take in a share of relocated people (borders stay open)"),
  intelligence_sharing: gettext("Share intelligence (pool security levels)"),
  open_trade: gettext("Keep trade open"),
};

/** The terms for one bloc, in plain words, with amounts for a budget when given. */
export function termSentences(terms, budget) {
  const out = [];
  const amount = (share) => (budget ? " " + fmt(gettext("(≈ %(money)s per round)"), { money: money(share * budget) }) : "");
  if (terms.min_mitigation > 0) {
    out.push(fmt(gettext("Spend at least %(share)s of the budget on climate mitigation."), { share: percent(terms.min_mitigation) }) + amount(terms.min_mitigation));
  }
  if (terms.min_security > 0) {
    out.push(fmt(gettext("Spend at least %(share)s of the budget on security."), { share: percent(terms.min_security) }) + amount(terms.min_security));
  }
  if (terms.min_migration > 0) {
    out.push(fmt(gettext("Spend at least %(share)s of the budget on integrating migrants."), { share: percent(terms.min_migration) }) + amount(terms.min_migration));
  }
  if (terms.fund_contribution > 0) {
    out.push(fmt(gettext("Give at least %(share)s of the budget as aid to the fund for developing countries."), { share: percent(terms.fund_contribution) }) + amount(terms.fund_contribution));
  }
  if (terms.quota) out.push(gettext("Take in a fair share of people who must move, and keep the borders open."));
  if (terms.intelligence_sharing) out.push(gettext("Share intelligence: every member gets at least the members' average security level."));
  if (terms.tariff_on_nonmembers > 0) {
    out.push(fmt(gettext("Members charge a tariff of %(share)s on trade with countries outside the agreement."), { share: percent(terms.tariff_on_nonmembers) }));
  }
  if (terms.open_trade) out.push(gettext("Keep trade open (no protectionism)."));
  if (!out.length) out.push(gettext("Nothing is asked of this bloc."));
  return out;
}

function termsFor(draft, bloc) {
  const terms = (draft.terms || {})[bloc] || {};
  return {
    min_mitigation: 0, min_security: 0, min_migration: 0, fund_contribution: 0,
    quota: false, intelligence_sharing: false, tariff_on_nonmembers: 0, open_trade: false,
    ...terms,
  };
}

function shareOfBudget(terms) {
  return SHARES.reduce((sum, key) => sum + (terms[key] || 0), 0);
}

/** How much of the threshold the signatories cover today. */
export function coverage(view, members) {
  const countries = Object.values(view.countries);
  const emissions = (c) => c.wealth * c.emissions_intensity;
  const totalEmissions = countries.reduce((s, c) => s + emissions(c), 0) || 1;
  const totalPopulation = countries.reduce((s, c) => s + c.population, 0) || 1;
  const covered = members.map((id) => view.countries[id]).filter(Boolean);
  return {
    members: covered.length,
    emissions: covered.reduce((s, c) => s + emissions(c), 0) / totalEmissions,
    population: covered.reduce((s, c) => s + c.population, 0) / totalPopulation,
  };
}

export function createAgreements(app, root) {
  const form = createForm(app, () => render());
  const newButton = h("button", { type: "button", id: "new-agreement", class: "primary", onclick: () => form.open(null) }, gettext("Draft a new agreement"));
  const newReasonId = uid("new-reason");
  const newReason = h("p", { id: newReasonId, class: "reason" });
  newButton.setAttribute("aria-describedby", newReasonId);
  const list = h("ul", { class: "agreements" });
  const past = h("details", { class: "past" }, h("summary", {}, gettext("Withdrawn and expired agreements")));
  const pastList = h("ul", { class: "agreements" });
  past.append(pastList);
  const notice = h("p", { class: "field-error", role: "alert", tabindex: "-1" });
  fill(
    root,
    h("h2", { id: "panel-agreements-title" }, gettext("Agreements")),
    h("p", { class: "hint" }, gettext("Binding agreements set minimums your policy must meet. Pledges are not enforced, but breaking one costs reputation.")),
    newButton,
    newReason,
    form.node,
    notice,
    list,
    past,
  );

  function mine() {
    const me = app.view.me;
    return me.country || "cs:" + me.id;
  }

  async function act(type, agreement, confirmText) {
    if (confirmText && !window.confirm(confirmText)) return;
    fill(notice, "");
    try {
      await app.request({ type, agreement: agreement.id });
    } catch (problem) {
      fill(notice, errorText(problem));
      notice.focus();
    }
  }

  function buttons() {
    // One sentence per reason, even when several buttons share it.
    const said = new Map();
    const items = [];
    const reasons = [];
    return {
      add(label, key, reason, onclick) {
        let reasonId = null;
        if (reason) {
          reasonId = said.get(reason);
          if (!reasonId) {
            reasonId = uid("why");
            said.set(reason, reasonId);
            reasons.push(h("span", { id: reasonId, class: "reason" }, reason));
          }
        }
        items.push(h("button", { type: "button", "data-key": key, disabled: Boolean(reason), "aria-describedby": reasonId, onclick }, label));
      },
      node: () => (items.length ? h("div", { class: "actions" }, items, h("div", { class: "reasons" }, reasons)) : null),
    };
  }

  function actions(agreement) {
    const view = app.view;
    const me = view.me;
    const civil = me.role === "civil";
    const phase = view.game.phase;
    const running = RUNNING.includes(phase) && !["finished", "archived"].includes(view.game.status);
    const author = agreement.author === mine();
    const signed = me.country && agreement.signatories.includes(me.country);
    const items = buttons();
    const live = agreement.status === "open" || agreement.status === "active";
    let signReason = null;
    if (civil) signReason = gettext("Civil society cannot sign.");
    else if (!me.country) signReason = gettext("Join a delegation first.");
    else if (!me.head) signReason = gettext("Only the head of the delegation signs.");
    else if (phase !== "negotiation") signReason = gettext("Signing is only in the negotiation phase.");
    if (live && !signed && !civil) {
      items.add(gettext("Sign"), "sign-" + agreement.id, signReason, () => act("sign_agreement", agreement));
    }
    if (live && signed) {
      const warning = agreement.status === "active" ? gettext("Leaving an active agreement counts as a broken commitment and costs reputation. Leave anyway?") : null;
      items.add(gettext("Leave"), "leave-" + agreement.id, signReason, () => act("leave_agreement", agreement, warning));
    }
    if (author) {
      let headReason = null;
      if (!running) headReason = gettext("The game is not running.");
      else if (!civil && !me.head) headReason = gettext("Only the head of the delegation can open or withdraw it.");
      if (agreement.status === "draft") {
        items.add(gettext("Edit"), "edit-" + agreement.id, running ? null : gettext("The game is not running."), () => form.open(agreement));
        items.add(gettext("Open for signature"), "open-" + agreement.id, headReason, () => act("open_agreement", agreement));
      }
      if (agreement.status === "draft" || agreement.status === "open") {
        items.add(gettext("Withdraw"), "withdraw-" + agreement.id, headReason, () => act("withdraw_agreement", agreement, gettext("Withdraw this agreement?")));
      }
    }
    return items.node();
  }

  function card(agreement) {
    const view = app.view;
    const me = view.me;
    const draft = agreement.draft;
    const bloc = me.country ? view.countries[me.country].bloc : null;
    const budget = view.own ? view.own.budget : null;
    const threshold = draft.threshold || { members: 2, emissions_share: 0, population_share: 0 };
    const covered = coverage(view, agreement.signatories);
    const progress = [
      meter(
        fmt(gettext("Signatories: %(have)s of %(need)s needed"), { have: covered.members, need: threshold.members }),
        covered.members,
        threshold.members,
      ),
    ];
    if (threshold.emissions_share > 0) {
      progress.push(meter(
        fmt(gettext("Emissions covered: %(have)s of %(need)s needed"), { have: percent(covered.emissions), need: percent(threshold.emissions_share) }),
        covered.emissions,
        threshold.emissions_share,
      ));
    }
    if (threshold.population_share > 0) {
      progress.push(meter(
        fmt(gettext("Population covered: %(have)s of %(need)s needed"), { have: percent(covered.population), need: percent(threshold.population_share) }),
        covered.population,
        threshold.population_share,
      ));
    }
    let asks;
    if (bloc) {
      const terms = termsFor(draft, bloc);
      const share = shareOfBudget(terms);
      asks = [
        h("h4", {}, fmt(gettext("What it asks of you (%(bloc)s bloc)"), { bloc: BLOCS[bloc] })),
        h("ul", {}, termSentences(terms, budget).map((line) => h("li", {}, line))),
        budget
          ? h("p", { class: "cost" }, share > 0
            ? fmt(gettext("What it would cost you: %(money)s per round (%(share)s of your budget)."), { money: money(share * budget), share: percent(share) })
            : gettext("What it would cost you: no money, only the rules above."))
          : null,
      ];
    } else {
      asks = Object.keys(BLOCS).map((b) => [
        h("h4", {}, fmt(gettext("What it asks of the %(bloc)s bloc"), { bloc: BLOCS[b] })),
        h("ul", {}, termSentences(termsFor(draft, b), null).map((line) => h("li", {}, line))),
      ]);
    }
    const when = agreement.status === "active"
      ? fmt(gettext("%(left)s of %(total)s rounds left"), { left: agreement.rounds_left, total: draft.duration })
      : fmt(gettext("Lasts %(rounds)s rounds once active"), { rounds: draft.duration });
    return h(
      "li",
      { class: "agreement status-" + agreement.status, id: "agreement-" + agreement.id },
      h("h3", {}, draft.title),
      h(
        "p",
        { class: "facts" },
        h("span", { class: "tag status" }, STATUSES[agreement.status] || agreement.status),
        h("span", { class: "tag" }, KINDS[draft.kind] || draft.kind),
        h("span", {}, ISSUES[draft.issue] || draft.issue),
      ),
      h("p", { class: "small" }, fmt(gettext("Proposed by %(author)s · %(when)s"), { author: authorName(view, agreement.author), when })),
      asks,
      h("h4", {}, gettext("Signed by")),
      h("p", {}, agreement.signatories.length ? countryNames(view, agreement.signatories) : gettext("Nobody yet.")),
      agreement.status === "open" || agreement.status === "draft" ? h("div", { class: "progress" }, progress) : null,
      actions(agreement),
    );
  }

  function render() {
    const view = app.view;
    if (!view || !view.me) return;
    const running = RUNNING.includes(view.game.phase) && !["finished", "archived"].includes(view.game.status);
    newButton.disabled = !running || form.isOpen();
    fill(newReason, running ? "" : gettext("Agreements can be drafted while the game is running."));
    const current = view.agreements.filter((a) => !["withdrawn", "expired"].includes(a.status));
    const order = { active: 0, open: 1, draft: 2 };
    current.sort((a, b) => order[a.status] - order[b.status]);
    const old = view.agreements.filter((a) => ["withdrawn", "expired"].includes(a.status));
    keepFocus(root, () => {
      fill(list, current.length ? current.map(card) : h("li", { class: "nothing" }, gettext("No agreements yet. Draft the first one!")));
      fill(pastList, old.map(card));
    });
    past.hidden = !old.length;
    form.render();
  }

  return { render };
}

function meter(label, have, need) {
  const value = need > 0 ? Math.min(1, have / need) : 1;
  return h(
    "div",
    { class: "meter-row" },
    h("span", {}, label, value >= 1 ? " ✓" : ""),
    h("span", { class: "meter", "aria-hidden": "true" }, h("span", { style: "width:" + Math.round(value * 100) + "%" })),
  );
}

/** The guided form to draft or edit an agreement. */
function createForm(app, changed) {
  let editing = null;
  let state = null;
  let touched = false;
  const node = h("form", { id: "agreement-form", class: "agreement-form card", novalidate: true, hidden: true });
  node.addEventListener("submit", submit);

  function fresh(issue) {
    const terms = {};
    for (const bloc of Object.keys(BLOCS)) {
      terms[bloc] = { ...(DEFAULTS[issue][bloc] || {}) };
    }
    return terms;
  }

  function open(agreement) {
    editing = agreement;
    touched = Boolean(agreement);
    const issues = availableIssues();
    if (agreement) {
      const d = agreement.draft;
      const terms = {};
      for (const bloc of Object.keys(BLOCS)) {
        const t = termsFor(d, bloc);
        terms[bloc] = {};
        for (const key of ALL_TERMS) {
          terms[bloc][key] = typeof t[key] === "boolean" ? t[key] : Math.round(t[key] * 1000) / 10;
        }
      }
      state = {
        title: d.title, issue: d.issue, kind: d.kind, terms,
        members: d.threshold.members,
        emissions: Math.round(d.threshold.emissions_share * 100),
        population: Math.round(d.threshold.population_share * 100),
        duration: d.duration,
      };
    } else {
      const issue = issues[0];
      state = {
        title: "", issue, kind: "pledge", terms: fresh(issue),
        members: Math.min(3, Object.keys(app.view.countries).length), emissions: 0, population: 0, duration: 3,
      };
    }
    node.hidden = false;
    build();
    changed();
    node.querySelector("input").focus();
  }

  function close() {
    node.hidden = true;
    editing = null;
    fill(node);
    changed();
  }

  function availableIssues() {
    const switches = app.view.game.issues || {};
    return Object.keys(ISSUES).filter((issue) => switches[issue] !== false);
  }

  function field(labelText, input, hint) {
    const id = uid("f");
    input.id = id;
    const hintId = hint ? uid("hint") : null;
    if (hintId) input.setAttribute("aria-describedby", hintId);
    return h("div", { class: "field" }, h("label", { for: id }, labelText), input, hint ? h("small", { id: hintId }, hint) : null);
  }

  function numberInput(value, min, max, step, onchange) {
    const input = h("input", { type: "number", inputmode: "decimal", min: String(min), max: String(max), step: String(step), value: String(value) });
    input.addEventListener("input", () => {
      onchange(input.value === "" ? 0 : Number(input.value));
      touched = true;
      check();
    });
    return input;
  }

  const errorBox = h("p", { class: "field-error", role: "alert" });

  function termInput(bloc, key) {
    const terms = state.terms[bloc];
    if (["quota", "intelligence_sharing", "open_trade"].includes(key)) {
      const id = uid("t");
      const box = h("input", { type: "checkbox", id, checked: Boolean(terms[key]) });
      box.addEventListener("change", () => { terms[key] = box.checked; touched = true; check(); });
      return h("div", { class: "check" }, box, h("label", { for: id }, TERM_LABELS[key]));
    }
    const max = key === "tariff_on_nonmembers" ? 50 : 100;
    const id = uid("t");
    const input = numberInput(terms[key] || 0, 0, max, 1, (v) => { terms[key] = v; });
    input.id = id;
    return h(
      "div",
      { class: "term" },
      h("label", { for: id }, TERM_LABELS[key], h("span", { class: "visually-hidden" }, " " + gettext("(percent)"))),
      h("span", { class: "percent-input" }, input, h("span", { "aria-hidden": "true" }, "%")),
    );
  }

  function blocFieldset(bloc) {
    const view = app.view;
    const names = Object.values(view.countries).filter((c) => c.bloc === bloc).map((c) => text(c.name)).join(", ");
    const main = MAIN_TERMS[state.issue];
    const rest = ALL_TERMS.filter((key) => !main.includes(key));
    const mineBloc = view.me.country && view.countries[view.me.country].bloc === bloc;
    return h(
      "fieldset",
      { class: "bloc-terms" },
      h("legend", {}, fmt(gettext("Terms for the %(bloc)s bloc"), { bloc: BLOCS[bloc] }), mineBloc ? " " + gettext("(your bloc)") : ""),
      h("small", {}, names ? names + " · " : "", gettext("Amounts are percent of each member's budget per round.")),
      main.map((key) => termInput(bloc, key)),
      h("details", {}, h("summary", {}, gettext("More terms")), rest.map((key) => termInput(bloc, key))),
    );
  }

  function build() {
    const issues = availableIssues();
    const title = h("input", { type: "text", name: "title", maxlength: "120", required: true, value: state.title, autocomplete: "off" });
    title.addEventListener("input", () => { state.title = title.value; check(); });
    const issue = h("select", { name: "issue" }, issues.map((i) => h("option", { value: i, selected: i === state.issue }, ISSUES[i])));
    issue.addEventListener("change", () => {
      state.issue = issue.value;
      if (!touched) state.terms = fresh(state.issue);
      build();
      node.querySelector("select").focus();
    });
    const kind = h(
      "fieldset",
      {},
      h("legend", {}, gettext("Kind")),
      ["pledge", "binding"].map((k) => {
        const id = uid("kind");
        const radio = h("input", { type: "radio", name: "kind", id, value: k, checked: state.kind === k });
        radio.addEventListener("change", () => { state.kind = k; });
        return h(
          "div",
          { class: "check" },
          radio,
          h("label", { for: id }, KINDS[k], h("small", {}, k === "binding"
            ? gettext("Minimums are enforced: members cannot submit a policy below them.")
            : gettext("Not enforced; breaking it costs reputation."))),
        );
      }),
    );
    const countries = Object.keys(app.view.countries).length;
    fill(
      node,
      h("h3", {}, editing ? fmt(gettext("Edit “%(title)s”"), { title: editing.draft.title }) : gettext("New agreement")),
      field(gettext("Title"), title, null),
      field(gettext("Issue"), issue, null),
      kind,
      Object.keys(BLOCS).map(blocFieldset),
      h(
        "fieldset",
        {},
        h("legend", {}, gettext("When does it start?")),
        field(gettext("Countries that must sign"), numberInput(state.members, 1, countries, 1, (v) => { state.members = v; }), null),
        field(gettext("Share of world emissions they must cover (percent)"), numberInput(state.emissions, 0, 100, 1, (v) => { state.emissions = v; }), gettext("0 = no condition")),
        field(gettext("Share of world population they must cover (percent)"), numberInput(state.population, 0, 100, 1, (v) => { state.population = v; }), gettext("0 = no condition")),
      ),
      field(gettext("Duration (rounds)"), numberInput(state.duration, 1, 30, 1, (v) => { state.duration = v; }), null),
      errorBox,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary" }, editing ? gettext("Save changes") : gettext("Save draft")),
        h("button", { type: "button", onclick: close }, gettext("Cancel")),
      ),
    );
  }

  function problems() {
    if (!state.title.trim()) return gettext("Give the agreement a title.");
    for (const bloc of Object.keys(BLOCS)) {
      const t = state.terms[bloc];
      const sum = SHARES.reduce((s, key) => s + (Number(t[key]) || 0), 0);
      if (sum > 100) return fmt(gettext("The %(bloc)s bloc is asked for more than its whole budget (%(share)s)."), { bloc: BLOCS[bloc], share: percent(sum / 100) });
      for (const key of SHARES) {
        if ((t[key] || 0) < 0) return gettext("Amounts cannot be negative.");
      }
      if ((t.tariff_on_nonmembers || 0) > 50) return fmt(gettext("A tariff can be at most %(share)s."), { share: percent(0.5) });
    }
    const countries = Object.keys(app.view.countries).length;
    if (!(state.members >= 1 && state.members <= countries)) {
      return fmt(gettext("Between 1 and %(count)s countries must sign."), { count: countries });
    }
    if (!(state.duration >= 1 && state.duration <= 30)) return gettext("The duration is 1 to 30 rounds.");
    if (state.emissions < 0 || state.emissions > 100 || state.population < 0 || state.population > 100) {
      return gettext("Shares are between 0 and 100 percent.");
    }
    return "";
  }

  function check() {
    fill(errorBox, "");
  }

  function payload() {
    const terms = {};
    for (const bloc of Object.keys(BLOCS)) {
      const t = state.terms[bloc];
      terms[bloc] = {
        min_mitigation: (Number(t.min_mitigation) || 0) / 100,
        min_security: (Number(t.min_security) || 0) / 100,
        min_migration: (Number(t.min_migration) || 0) / 100,
        fund_contribution: (Number(t.fund_contribution) || 0) / 100,
        tariff_on_nonmembers: (Number(t.tariff_on_nonmembers) || 0) / 100,
        quota: Boolean(t.quota),
        intelligence_sharing: Boolean(t.intelligence_sharing),
        open_trade: Boolean(t.open_trade),
      };
    }
    return {
      title: state.title.trim(),
      issue: state.issue,
      kind: state.kind,
      terms,
      threshold: {
        members: Math.round(state.members),
        emissions_share: state.emissions / 100,
        population_share: state.population / 100,
      },
      duration: Math.round(state.duration),
    };
  }

  async function submit(event) {
    event.preventDefault();
    const problem = problems();
    if (problem) {
      fill(errorBox, problem);
      return;
    }
    const message = editing
      ? { type: "edit_agreement", agreement: editing.id, draft: payload() }
      : { type: "draft_agreement", draft: payload() };
    try {
      await app.request(message);
      const wasEditing = editing;
      close();
      app.notify(wasEditing ? gettext("Changes saved.") : gettext("Draft saved. The head can now open it for signature."));
    } catch (failure) {
      // The form stays as it was typed; only the reason is added.
      fill(errorBox, errorText(failure));
    }
  }

  function render() {
    if (editing) {
      const now = app.view.agreements.find((a) => a.id === editing.id);
      if (!now || now.status !== "draft") {
        fill(errorBox, gettext("This agreement is no longer a draft; it cannot be edited."));
      }
    }
  }

  return { node, open, render, isOpen: () => !node.hidden };
}
