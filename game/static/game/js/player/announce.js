// Which of the events just received deserve a notice for this player, and what it says:
// a message in a private conversation, a new phase, the end of the game, a pause, an
// agreement opened or in force, the head's policy, a member's proposal, a new head, a mute,
// a seat change. Loaded after the page's first screen (main.js); events that arrive before
// are announced when it has come.

import { PHASES, PHASE_HINTS, authorName, channelKey, fmt, gettext } from "./words.js";

const PRIVATE = ["delegation", "announcements", "help"];

/** Notices for what just happened (after the store folded it in). */
export function announce(page, view, events) {
  const me = view.me;
  if (!me) return;
  for (const event of events) {
    const data = event.data;
    switch (event.type) {
      case "message_posted": {
        if (data.player === me.id) break;
        const key = channelKey(data.channel);
        const isGroup = key.startsWith("group:");
        if (!(PRIVATE.includes(key) || isGroup)) break;
        if (page.isShown("chat") && !document.hidden) break;
        const where = isGroup
          ? ((view.groups || []).find((g) => "group:" + g.id === key) || {}).title || gettext("a private group")
          : { delegation: gettext("your delegation"), announcements: gettext("the teacher's announcements"), help: gettext("your questions to the teacher") }[key];
        page.notify(fmt(gettext("New message in %(where)s."), { where }), {
          sound: true,
          action: { label: gettext("Show"), run: () => page.openChat(key) },
        });
        break;
      }
      case "phase_changed": {
        const target = { briefing: "world", negotiation: "agreements", decision: "policy", results: "results" }[data.phase];
        page.notify(fmt(gettext("Now: %(phase)s. %(hint)s"), { phase: PHASES[data.phase] || data.phase, hint: PHASE_HINTS[data.phase] || "" }), {
          sound: true,
          action: target && page.hasTab(target) ? { label: gettext("Show"), run: () => page.select(target, { focus: true }) } : null,
        });
        break;
      }
      case "game_finished":
        page.notify(PHASE_HINTS.finished, { sound: true, action: { label: gettext("Show"), run: () => page.select("results", { focus: true }) } });
        break;
      case "status_changed":
        if (data.status === "paused") page.notify(gettext("The teacher paused the game."));
        if (data.status === "running" && view.game.phase !== "lobby") page.notify(gettext("The game is running."), { sound: true });
        break;
      case "agreement_opened": {
        const agreement = view.agreements.find((a) => a.id === data.id);
        if (agreement) {
          page.notify(fmt(gettext("“%(title)s” is open for signature."), { title: agreement.draft.title }), {
            action: { label: gettext("Show"), run: () => page.select("agreements", { focus: true }) },
          });
        }
        break;
      }
      case "agreement_activated": {
        const agreement = view.agreements.find((a) => a.id === data.id);
        if (agreement) page.notify(fmt(gettext("“%(title)s” is now active."), { title: agreement.draft.title }));
        break;
      }
      case "policy_submitted":
        if (me.country === data.country && !me.head && data.policy) {
          page.notify(gettext("Your head submitted the national policy."));
        }
        break;
      case "policy_proposed":
        if (me.head && data.country === me.country && data.player !== me.id) {
          page.notify(gettext("A member of your delegation proposed a policy."), {
            sound: true,
            action: { label: gettext("Show"), run: () => page.select("policy", { focus: true }) },
          });
        }
        break;
      case "head_changed":
        if (data.player === me.id) page.notify(gettext("You are now the head of your delegation."), { sound: true });
        break;
      case "player_muted":
        if (data.player === me.id) page.notify(data.muted ? gettext("The teacher has muted you for now.") : gettext("You can write again."));
        break;
      case "seat_taken":
        if (data.player === me.id && view.game.status !== "lobby") {
          page.notify(fmt(gettext("You now sit in the delegation of %(country)s."), { country: authorName(view, data.country) }));
        }
        break;
      default:
        break;
    }
  }
}
