// Names of the game's words in the page's language, shared by the console and the projector.

import { number, percent } from "../format.js";

export function phaseName(phase) {
  switch (phase) {
    case "lobby":
      return gettext("Lobby");
    case "briefing":
      return gettext("Briefing");
    case "negotiation":
      return gettext("Negotiation");
    case "decision":
      return gettext("Decision");
    case "results":
      return gettext("Results");
    case "finished":
      return gettext("Finished");
    default:
      return phase || "";
  }
}

export function statusName(status) {
  switch (status) {
    case "lobby":
      return gettext("Lobby");
    case "running":
      return gettext("Running");
    case "paused":
      return gettext("Paused");
    case "finished":
      return gettext("Finished");
    case "archived":
      return gettext("Archived");
    default:
      return status || "";
  }
}

export function blocName(bloc) {
  switch (bloc) {
    case "developed":
      return gettext("developed");
    case "emerging":
      return gettext("emerging");
    case "developing":
      return gettext("developing");
    default:
      return bloc || "";
  }
}

export function issueName(issue) {
  switch (issue) {
    case "climate":
      return gettext("Climate");
    case "terrorism":
      return gettext("Terrorism");
    case "migration":
      return gettext("Migration");
    case "trade":
      return gettext("Trade");
    case "green_economy":
      return gettext("Green economy");
    case "digital_economy":
      return gettext("Digital economy");
    default:
      return issue || "";
  }
}

export function agreementStatusName(status) {
  switch (status) {
    case "draft":
      return gettext("Draft");
    case "open":
      return gettext("Open for signature");
    case "active":
      return gettext("In force");
    case "expired":
      return gettext("Expired");
    case "withdrawn":
      return gettext("Withdrawn");
    default:
      return status || "";
  }
}

export function kindName(kind) {
  return kind === "binding" ? gettext("Binding") : gettext("Pledge");
}

/** The spending lines of a policy, in the order of the policy form. */
export const LINES = ["development", "mitigation", "security", "migration", "aid"];

export function lineName(line) {
  switch (line) {
    case "development":
      return gettext("Development");
    case "mitigation":
      return gettext("Mitigation");
    case "security":
      return gettext("Security");
    case "migration":
      return gettext("Migration");
    case "aid":
      return gettext("Aid");
    default:
      return line;
  }
}

export function stanceName(key, value) {
  if (key === "trade") return value === "protect" ? gettext("Protects trade") : gettext("Open trade");
  return value === "closed" ? gettext("Closed borders") : gettext("Open borders");
}

const TERMS = {
  min_mitigation: () => gettext("mitigation at least %(share)s of the budget"),
  min_security: () => gettext("security at least %(share)s of the budget"),
  min_migration: () => gettext("migration at least %(share)s of the budget"),
  fund_contribution: () => gettext("aid at least %(share)s of the budget"),
  tariff_on_nonmembers: () => gettext("tariff of %(share)s on non-members"),
};

/** One bloc's terms in words: "mitigation at least 20 % of the budget, quota". */
export function termsText(terms) {
  const parts = [];
  for (const [key, value] of Object.entries(terms || {})) {
    if (TERMS[key] && value) parts.push(interpolate(TERMS[key](), { share: percent(value) }, true));
  }
  if (terms?.quota) parts.push(gettext("takes a migration quota"));
  if (terms?.intelligence_sharing) parts.push(gettext("shares intelligence"));
  if (terms?.open_trade) parts.push(gettext("keeps trade open"));
  return parts.join(", ");
}

/** The world's indicators: label, unit-aware formatter and a short explanation. */
export const INDICATORS = [
  { key: "warming", label: () => gettext("Warming"), format: (v) => interpolate(gettext("%(value)s °C"), { value: number(v, 2) }, true) },
  { key: "climate_account", label: () => gettext("Climate fund"), format: (v) => number(v, 0) },
  { key: "disasters", label: () => gettext("Disasters"), format: (v) => number(v, 0) },
  { key: "attacks", label: () => gettext("Attacks this round"), format: (v) => number(v, 1) },
  { key: "migrants", label: () => gettext("Migrants (million)"), format: (v) => number(v, 1) },
  { key: "displaced", label: () => gettext("Displaced (million)"), format: (v) => number(v, 1) },
  { key: "gini", label: () => gettext("Inequality (Gini)"), format: (v) => number(v, 3) },
  { key: "gap_ratio", label: () => gettext("Rich–poor gap"), format: (v) => interpolate(gettext("%(value)s×"), { value: number(v, 1) }, true) },
  { key: "welfare", label: () => gettext("World welfare"), format: (v) => number(v, 2) },
];

/** The x axis of charts over rounds: 0 is the world before round 1. */
export function roundLabel(round) {
  return round === 0 ? gettext("Start") : interpolate(gettext("R%(round)s"), { round }, true);
}

export function roundTitle(round) {
  return round === 0 ? gettext("Start") : interpolate(gettext("Round %(round)s"), { round }, true);
}

