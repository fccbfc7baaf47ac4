// The viewer's copy of the game: the server's snapshot, kept current by folding each event
// the server sends into it. Events whose consequences are too wide to fold here (a round's
// resolution changes everything) are folded from the data they carry, which is the same
// data the server folded. `changed` fires with the event types after each update.

export class GameStore extends EventTarget {
  constructor() {
    super();
    this.view = null;
  }

  load(snapshot) {
    this.view = snapshot.view;
    this.seq = snapshot.seq;
    this.emit(["snapshot"]);
  }

  /** A facilitator's live list of connected players. */
  presence(message) {
    if (!this.view || !this.view.online) return;
    const online = new Set(this.view.online);
    if (message.online) online.add(message.player);
    else online.delete(message.player);
    this.view.online = [...online];
    this.emit(["presence"]);
  }

  update(message) {
    const types = [];
    for (const event of message.events) {
      fold(this.view, event);
      types.push(event.type);
    }
    this.seq = message.seq;
    this.emit(types, message.events);
  }

  emit(types, events = []) {
    this.dispatchEvent(new CustomEvent("changed", { detail: { types, events } }));
  }
}

function byId(list, id) {
  return list.find((item) => item.id === id);
}

function member(view, id) {
  let found = view.members && byId(view.members, id);
  if (!found && view.members) {
    found = { id, name: null, role: "delegate", country: null, head: false, muted: false };
    view.members.push(found);
  }
  return found;
}

// The budget lines binding agreements can set a minimum for, and the term that sets it.
const MINIMUM_TERMS = [
  ["mitigation", "min_mitigation"],
  ["security", "min_security"],
  ["migration", "min_migration"],
  ["aid", "fund_contribution"],
];

/** The viewer's binding minimums, as the server computes them (engine/agreements.py). */
function recomputeMinimums(view) {
  if (!view.own) return;
  const country = view.own.country;
  const bloc = view.countries[country].bloc;
  const minimums = {};
  for (const agreement of view.agreements) {
    const binding = agreement.status === "active" && agreement.draft.kind === "binding";
    if (!binding || !agreement.signatories.includes(country)) continue;
    const terms = agreement.draft.terms[bloc] || {};
    for (const [line, term] of MINIMUM_TERMS) {
      const amount = (terms[term] || 0) * view.own.budget;
      if (amount > (minimums[line] ? minimums[line].amount : 0)) {
        minimums[line] = { amount, agreement: agreement.id };
      }
    }
  }
  view.own.minimums = minimums;
}

// Channels a player reads because of the country they sit for (game/room.py readers).
const COUNTRY_CHANNELS = ["delegation:", "announce:", "group:"];

/** The player's own seat changed: what they may read because of their country goes with the
 * old seat and comes with the new one, which the server sends with the seat (`delegation`:
 * the country's `own`, its channels' messages up to the seat event, its groups). */
function changeSeat(view, delegation) {
  const kept = view.messages.filter((m) => !COUNTRY_CHANNELS.some((prefix) => m.channel.startsWith(prefix)));
  const arrived = delegation ? delegation.messages : [];
  view.messages = [...kept, ...arrived].sort((a, b) => a.id - b.id);
  view.own = delegation ? delegation.own : null;
  view.groups = delegation ? delegation.groups : [];
}

const FOLDS = {
  phase_changed(view, data) {
    const newRound = data.round !== view.game.round;
    view.game.round = data.round;
    view.game.phase = data.phase;
    view.game.year = view.game.start_year + (Math.max(data.round, 1) - 1) * view.game.years_per_round;
    if (newRound) view.submitted = [];
    for (const [cid, values] of Object.entries(data.countries || {})) {
      Object.assign(view.countries[cid], values);
    }
    if (data.phase === "briefing") view.briefing = data.news || [];
    for (const [cid, budget] of Object.entries(data.budgets || {})) {
      view.countries[cid].budget = budget;
    }
    if (view.own && data.phase === "briefing") {
      view.own.policy = null;
      view.own.proposals = [];
    }
    if (view.own && data.budgets) {
      view.own.budget = view.countries[view.own.country].budget;
      recomputeMinimums(view);
    }
  },
  round_resolved(view, data) {
    view.history.push(data);
    for (const [cid, values] of Object.entries(data.countries)) {
      Object.assign(view.countries[cid], values);
    }
    view.world = data.world;
    for (const [id, update] of Object.entries(data.agreements)) {
      const agreement = byId(view.agreements, id);
      if (agreement) Object.assign(agreement, update);
    }
    view.submitted = [];
    if (view.policies) view.policies = {};
    if (view.own) {
      view.own.last_policy = data.policies[view.own.country] || view.own.last_policy;
      view.own.policy = null;
      recomputeMinimums(view);
    }
  },
  game_finished(view) {
    view.game.phase = "finished";
  },
  status_changed(view, data) {
    view.game.status = data.status;
  },
  timer_set(view, data) {
    view.game.timer = data;
  },
  lobby_locked(view, data) {
    view.game.locked = data.locked;
  },
  option_set(view, data) {
    view.game.advance_when_all_submitted = data.advance_when_all_submitted;
  },
  policy_submitted(view, data) {
    if (!view.submitted.includes(data.country)) view.submitted.push(data.country);
    if (view.own && view.own.country === data.country && data.policy) view.own.policy = data.policy;
    if (view.policies && data.policy) view.policies[data.country] = data.policy;
  },
  policy_proposed(view, data, event) {
    const proposal = { id: event.seq, ...data };
    if (view.own && view.own.country === data.country) view.own.proposals.push(proposal);
    if (view.proposals) view.proposals.push(proposal);
  },
  agreement_drafted(view, data) {
    view.agreements.push(data.agreement);
  },
  agreement_edited(view, data) {
    byId(view.agreements, data.id).draft = data.draft;
  },
  agreement_opened(view, data) {
    byId(view.agreements, data.id).status = "open";
  },
  agreement_withdrawn(view, data) {
    byId(view.agreements, data.id).status = "withdrawn";
  },
  agreement_signed(view, data) {
    byId(view.agreements, data.id).signatories.push(data.country);
  },
  agreement_activated(view, data) {
    Object.assign(byId(view.agreements, data.id), {
      status: "active",
      activated_round: data.round,
      rounds_left: data.rounds_left,
    });
    recomputeMinimums(view);
  },
  agreement_left(view, data) {
    const agreement = byId(view.agreements, data.id);
    agreement.signatories = agreement.signatories.filter((c) => c !== data.country);
    if (data.broken) {
      // Walking out of an agreement in force is a broken commitment (engine/events.py).
      const country = view.countries[data.country];
      country.pledges_broken += 1;
      country.reputation = country.pledges_kept / (country.pledges_kept + country.pledges_broken);
    }
    recomputeMinimums(view);
  },
  player_joined(view, data) {
    if (!view.members) return;
    Object.assign(member(view, data.player), { name: data.name, role: data.role });
  },
  seat_taken(view, data) {
    if (view.members) Object.assign(member(view, data.player), { country: data.country, head: data.head });
    if (view.me && view.me.id === data.player) {
      Object.assign(view.me, { country: data.country, head: data.head });
      changeSeat(view, data.delegation);
    }
  },
  seat_left(view, data) {
    if (view.members) Object.assign(member(view, data.player), { country: null, head: false });
    if (view.me && view.me.id === data.player) {
      Object.assign(view.me, { country: null, head: false });
      changeSeat(view, null);
    }
  },
  head_changed(view, data) {
    for (const m of view.members || []) {
      if (m.country === data.country) m.head = m.id === data.player;
    }
    if (view.me && view.me.country === data.country) view.me.head = view.me.id === data.player;
  },
  player_muted(view, data) {
    if (view.members) member(view, data.player).muted = data.muted;
    if (view.me && view.me.id === data.player) view.me.muted = data.muted;
  },
  bot_assigned(view, data) {
    if (data.strategy) view.bots[data.country] = data.strategy;
    else delete view.bots[data.country];
  },
  delegation_presence(view, data) {
    view.offline = view.offline.filter((c) => c !== data.country);
    if (!data.online) view.offline.push(data.country);
  },
  message_posted(view, data, event) {
    view.messages.push({
      id: event.seq,
      channel: data.channel,
      sender: data.player,
      country: data.country,
      text: data.text,
      at: event.at,
      hidden: false,
    });
  },
  message_hidden(view, data) {
    const message = byId(view.messages, data.message);
    if (!message) return;
    message.hidden = data.hidden;
    // A player is sent the text they now see: none while hidden, the text when shown again
    // (a page loaded while it was hidden has no other way to learn it).
    if ("text" in data) message.text = data.text;
  },
  group_created(view, data) {
    // A seat's delegation view is the server's latest, which may hold this group already.
    if (!view.groups || byId(view.groups, data.group)) return;
    view.groups.push({ id: data.group, title: data.title, countries: data.countries, creator: data.creator });
  },
};

/** Fold one event into a view; unknown types are ignored (a newer server may send more). */
export function fold(view, event) {
  const handler = FOLDS[event.type];
  if (handler) handler(view, event.data, event);
}
