// The live dashboard: who has submitted, the world's indicators, the latest news, every
// country's state with its policy, and every agreement with its signatories and terms.

import { $, fill, h } from "../dom.js";
import { countryName, number, percent, signed, text } from "../format.js";
import {
  INDICATORS, LINES, agreementStatusName, blocName, issueName, kindName, lineName, phaseName, stanceName, termsText,
} from "./labels.js";
import { badge, botBadge } from "./ui.js";

function lastRecord(view) {
  const history = view.history || [];
  return history.length ? history[history.length - 1] : null;
}

function renderSubmissions(ui, view) {
  const ids = Object.keys(view.countries);
  const deciding = view.game.phase === "decision" && view.game.status !== "finished";
  // Outside the decision phase the list tells who submitted in the last resolved round.
  const record = deciding ? null : lastRecord(view);
  const submitted = record
    ? new Set(ids.filter((cid) => !(record.fallbacks || []).includes(cid)))
    : new Set(view.submitted || []);
  fill($("#submitted-count"), interpolate(gettext("(%(count)s of %(total)s)"), { count: submitted.size, total: ids.length }, true));
  let hint = gettext("Delegations submit their national policy now. A country that submits nothing keeps its last policy.");
  if (record) {
    hint = interpolate(gettext("In round %(round)s. The next policies are submitted in the decision phase."), { round: record.round }, true);
  } else if (!deciding) {
    hint = interpolate(gettext("Policies are submitted in the decision phase. Now: %(phase)s."), { phase: phaseName(view.game.phase) }, true);
  }
  fill($("#submissions-hint"), hint);
  fill($("#submissions"), ids.map((cid) => {
    const done = submitted.has(cid);
    const strategy = view.bots[cid];
    const members = (view.members || []).filter((m) => m.country === cid);
    return h("li", { class: "submission", dataset: { country: cid, submitted: done ? "true" : "false" } },
      h("span", { class: "submission-mark", "aria-hidden": "true" }, done ? "✓" : "…"),
      h("span", { class: "submission-country" }, countryName(view, cid)),
      h("span", { class: "submission-state" },
        done ? gettext("submitted") : record ? gettext("nothing submitted") : gettext("not yet")),
      strategy ? botBadge(strategy, ui.config.strategies) : null,
      !strategy && !members.length ? badge(gettext("no one plays it"), "warn") : null,
      (view.offline || []).includes(cid) && members.length ? badge(gettext("offline"), "warn") : null);
  }));
}

function renderWorld(view) {
  const previous = (view.history || []).length > 1 ? view.history[view.history.length - 2].world : null;
  fill($("#world"), INDICATORS.map((indicator) => {
    const value = view.world[indicator.key];
    const before = previous ? previous[indicator.key] : null;
    const change = Number.isFinite(value) && Number.isFinite(before) && value !== before
      ? h("span", { class: "change" }, " (", signed(value - before, indicator.key === "gini" ? 3 : 1), ")")
      : null;
    return h("div", { class: "indicator", dataset: { indicator: indicator.key } },
      h("dt", {}, indicator.label()),
      h("dd", {}, Number.isFinite(value) ? indicator.format(value) : "–", change));
  }));
}

function renderNews(view) {
  const record = lastRecord(view);
  const items = [];
  for (const item of view.briefing || []) items.push({ item, when: gettext("Briefing") });
  if (record) for (const item of record.news || []) items.push({ item, when: interpolate(gettext("Round %(round)s"), { round: record.round }, true) });
  fill($("#news"), items.length
    ? items.map(({ item, when }) => h("li", { dataset: { kind: item.kind || "" } }, h("span", { class: "news-when" }, when, ": "), text(item.headline)))
    : h("li", { class: "empty" }, gettext("No news yet: headlines appear when a round is resolved.")));
}

function policyText(policy) {
  if (!policy) return null;
  return h("span", { class: "policy" },
    LINES.map((line) => h("span", { class: "policy-line" }, h("span", { class: "policy-name" }, lineName(line)), " ", number(policy[line] || 0, 0))),
    h("span", { class: "policy-line" }, stanceName("trade", policy.trade)),
    h("span", { class: "policy-line" }, stanceName("borders", policy.borders)));
}

function renderCountries(ui, view) {
  const record = lastRecord(view);
  const submitted = new Set(view.submitted || []);
  fill($("#countries tbody"), Object.entries(view.countries).map(([cid, country]) => {
    const current = submitted.has(cid) && view.policies ? view.policies[cid] : null;
    const inForce = record && record.policies ? record.policies[cid] : null;
    const fallback = record && (record.fallbacks || []).includes(cid);
    let policy = h("span", { class: "muted-text" }, gettext("none yet"));
    if (current) {
      policy = [h("span", { class: "policy-when" }, gettext("Submitted this round:")), policyText(current)];
    } else if (inForce) {
      policy = [h("span", { class: "policy-when" },
        fallback
          ? interpolate(gettext("Round %(round)s (kept from before, nothing submitted):"), { round: record.round }, true)
          : interpolate(gettext("Round %(round)s:"), { round: record.round }, true)),
        policyText(inForce)];
    }
    return h("tr", { dataset: { country: cid } },
      h("th", { scope: "row" }, countryName(view, cid), h("span", { class: "bloc" }, blocName(country.bloc)),
        view.bots[cid] ? botBadge(view.bots[cid], ui.config.strategies) : null),
      h("td", { class: "number" }, number(country.wealth, 0)),
      h("td", { class: "number" }, number(country.score, 1)),
      h("td", { class: "number" }, percent(country.stability)),
      h("td", { class: "number" }, percent(country.security_level)),
      h("td", { class: "number" }, percent(country.reputation), " ",
        h("span", { class: "muted-text reputation-counts" }, interpolate(gettext("(%(kept)s kept, %(broken)s broken)"), { kept: country.pledges_kept || 0, broken: country.pledges_broken || 0 }, true))),
      h("td", {}, policy));
  }));
}

function author(view, id) {
  if (!id) return "";
  if (id.startsWith("cs:")) {
    const member = (view.members || []).find((m) => `cs:${m.id}` === id);
    return interpolate(gettext("civil society (%(name)s)"), { name: member && member.name ? member.name : id }, true);
  }
  return countryName(view, id);
}

function renderAgreements(view) {
  const list = view.agreements || [];
  $("#agreements-empty").hidden = list.length > 0;
  const compliance = new Map();
  for (const record of view.history || []) {
    for (const check of record.compliance || []) {
      const entry = compliance.get(check.agreement) || { kept: 0, broken: 0 };
      entry[check.kept ? "kept" : "broken"] += 1;
      compliance.set(check.agreement, entry);
    }
  }
  fill($("#agreements"), list.map((agreement) => {
    const draft = agreement.draft || {};
    const tally = compliance.get(agreement.id);
    const terms = Object.entries(draft.terms || {}).map(([bloc, t]) => [bloc, termsText(t)]).filter(([, words]) => words);
    const threshold = draft.threshold || {};
    return h("li", { class: "agreement", dataset: { status: agreement.status, agreement: agreement.id } },
      h("h3", {}, draft.title || agreement.id, " ", h("span", { class: "muted-text" }, `(${agreement.id})`)),
      h("p", { class: "agreement-facts" },
        badge(agreementStatusName(agreement.status), `status-${agreement.status}`),
        badge(kindName(draft.kind), draft.kind === "binding" ? "binding" : "pledge"),
        h("span", {}, issueName(draft.issue)),
        h("span", {}, interpolate(gettext("by %(author)s"), { author: author(view, agreement.author) }, true)),
        agreement.status === "active" && Number.isFinite(agreement.rounds_left)
          ? h("span", {}, interpolate(ngettext("%(count)s round left", "%(count)s rounds left", agreement.rounds_left), { count: agreement.rounds_left }, true))
          : h("span", {}, interpolate(ngettext("lasts %(count)s round", "lasts %(count)s rounds", draft.duration || 0), { count: draft.duration || 0 }, true))),
      h("p", {}, h("strong", {}, gettext("Signatories:"), " "),
        agreement.signatories.length ? agreement.signatories.map((cid) => countryName(view, cid)).join(", ") : gettext("none yet"),
        " ", h("span", { class: "muted-text" }, interpolate(gettext("(needs %(count)s to take effect)"), { count: threshold.members || 2 }, true))),
      terms.length
        ? h("ul", { class: "terms" }, terms.map(([bloc, words]) => h("li", {}, h("strong", {}, blocName(bloc), ": "), words)))
        : null,
      tally ? h("p", {}, interpolate(gettext("Commitments so far: %(kept)s kept, %(broken)s broken."), tally, true)) : null);
  }));
}

export function renderRound(ui) {
  const view = ui.view;
  renderSubmissions(ui, view);
  renderWorld(view);
  renderNews(view);
  renderCountries(ui, view);
  renderAgreements(view);
}
