// The player page's vocabulary: names of phases, issues, blocs, spending lines and statuses,
// money and error texts, all through Django's JavaScript catalog (gettext/interpolate are
// globals defined by /jsi18n/, loaded before this module).

import { number, percent, text, countryName } from "../format.js";

export const gettext = window.gettext;
export const ngettext = window.ngettext;
const interpolate = window.interpolate;

/** interpolate() with named values: fmt("%(n)s left", {n: 3}). */
export function fmt(template, values) {
  return interpolate(template, values, true);
}

export const PHASES = {
  lobby: gettext("Lobby"),
  briefing: gettext("Briefing"),
  negotiation: gettext("Negotiation"),
  decision: gettext("Decision"),
  results: gettext("Results"),
  finished: gettext("Finished"),
};

export const PHASE_HINTS = {
  lobby: gettext("Choose your delegation and wait for the teacher to start."),
  briefing: gettext("Read the news of this round."),
  negotiation: gettext("Talk, draft agreements and sign them."),
  decision: gettext("The head of each delegation submits the national policy."),
  results: gettext("See what changed in your country and in the world."),
  finished: gettext("The game is over. Thank you for playing!"),
};

export const ISSUES = {
  climate: gettext("Climate"),
  terrorism: gettext("Security against terrorism"),
  migration: gettext("Migration"),
  trade: gettext("Trade"),
  green_economy: gettext("Green economy"),
  digital_economy: gettext("Digital economy"),
};

export const BLOCS = {
  developed: gettext("Developed"),
  emerging: gettext("Emerging"),
  developing: gettext("Developing"),
};

export const LINES = {
  development: gettext("Development"),
  mitigation: gettext("Climate mitigation"),
  security: gettext("Security"),
  migration: gettext("Migration and integration"),
  aid: gettext("Aid"),
};

export const STATUSES = {
  draft: gettext("Draft"),
  open: gettext("Open for signature"),
  active: gettext("Active"),
  expired: gettext("Expired"),
  withdrawn: gettext("Withdrawn"),
};

export const KINDS = {
  binding: gettext("Binding"),
  pledge: gettext("Pledge"),
};

// Which issue switch a spending line belongs to (development and aid are always on).
export const LINE_ISSUE = { mitigation: "climate", security: "terrorism", migration: "migration" };

/** An amount of the game's money, e.g. "28,4 bn". */
export function money(amount, digits = 1) {
  return fmt(gettext("%(amount)s bn"), { amount: number(amount, digits) });
}

export function blocName(bloc) {
  return BLOCS[bloc] || bloc;
}

/** Who wrote an agreement or a message: a country, or a civil-society member (cs:ID). */
export function authorName(view, author) {
  if (author && author.startsWith("cs:")) {
    const member = (view.members || []).find((m) => "cs:" + m.id === author);
    const who = member && member.name ? member.name : "";
    return who ? fmt(gettext("%(name)s (civil society)"), { name: who }) : gettext("Civil society");
  }
  return countryName(view, author);
}

/** The conversation a message belongs to, as the chat lists them (and notices name them). */
export function channelKey(channel) {
  if (channel.startsWith("delegation:")) return "delegation";
  if (channel.startsWith("announce:")) return "announcements";
  if (channel.startsWith("help:")) return "help";
  return channel;
}

export function countryNames(view, ids) {
  return ids.map((id) => authorName(view, id)).join(", ");
}

/** The text of a server error, or ours for what never reached the server. */
export function errorText(error) {
  if (!error) return gettext("Something went wrong. Try again.");
  if (error.code === "offline") {
    return gettext("No connection: nothing was sent. What you typed is kept; try again when you are back online.");
  }
  if (error.code === "timeout") {
    return gettext("The server did not answer in time. Check whether it worked, then try again.");
  }
  return error.message || gettext("Something went wrong. Try again.");
}

export { number, percent, text, countryName };
