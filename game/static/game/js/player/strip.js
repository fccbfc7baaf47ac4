// The world strip, always visible at the top: round and year, phase, live countdown, and the
// world's five vital signs. It also raises the "last minute" notice once per phase.

import { h, fill } from "../dom.js";
import { clock } from "../format.js";
import { ticking } from "../countdown.js";
import { PHASES, fmt, gettext, number } from "./words.js";

const TIMED = ["briefing", "negotiation", "decision", "results"];

export function createStrip(app, root) {
  const round = root.querySelector("[data-strip=round]");
  const phase = root.querySelector("[data-strip=phase]");
  const time = root.querySelector("[data-strip=clock]");
  const urgent = root.querySelector("[data-strip=urgent]");
  const figures = root.querySelector("[data-strip=figures]");
  let warned = null;
  let shown = "";

  function render() {
    const view = app.view;
    const game = view.game;
    const world = view.world;
    root.dataset.phase = game.phase;
    root.dataset.status = game.status;
    fill(
      round,
      game.round > 0
        ? fmt(gettext("Round %(round)s/%(rounds)s · %(year)s"), { round: game.round, rounds: game.rounds, year: game.year })
        : fmt(gettext("Game %(code)s"), { code: game.code }),
    );
    let name = PHASES[game.phase] || game.phase;
    if (game.status === "paused") name = fmt(gettext("%(phase)s (paused)"), { phase: name });
    if (game.status === "finished" || game.status === "archived") name = PHASES.finished;
    fill(phase, name);
    figures.hidden = game.status === "lobby";
    const item = (label, value) => h("li", {}, h("span", { class: "fig-label" }, label), " ", h("b", {}, value));
    fill(
      figures,
      item(gettext("Warming"), fmt(gettext("%(degrees)s °C"), { degrees: number(world.warming, 2) })),
      item(gettext("Disasters"), String(world.disasters)),
      item(gettext("Attacks"), number(world.attacks, 1)),
      item(gettext("Migrants"), fmt(gettext("%(millions)s mln"), { millions: number(world.migrants, 1) })),
      item(gettext("Gini"), number(world.gini, 2)),
    );
    tick(app.secondsLeft());
  }

  function tick(seconds) {
    const game = app.view && app.view.game;
    if (!game) return;
    const running = TIMED.includes(game.phase) && (game.status === "running" || game.status === "paused");
    const value = running && seconds !== null ? clock(seconds) : "";
    if (value !== shown) {
      shown = value;
      time.textContent = value;
      time.setAttribute("aria-label", value ? fmt(gettext("%(time)s left"), { time: value }) : "");
    }
    // Only long phases get a "last minute" warning: a 60-second briefing is all last minute.
    const long = ((game.phases || {})[game.phase] || 0) > 90;
    const last = running && long && game.status === "running" && seconds !== null && seconds > 0 && seconds <= 60;
    root.classList.toggle("urgent", last);
    urgent.hidden = !last;
    const key = game.round + ":" + game.phase;
    if (last && warned !== key) {
      warned = key;
      app.notify(fmt(gettext("One minute left in the %(phase)s phase."), { phase: PHASES[game.phase] }), {
        kind: "urgent",
        sound: true,
      });
    }
  }

  ticking(() => (app.view ? app.view.game.timer : null), tick);
  return { render };
}
