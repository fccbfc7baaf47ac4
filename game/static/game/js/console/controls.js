// The control bar: where the game is (round, year, phase, status), the countdown, and the
// buttons that run the session. "Advance" names the phase it leaves, so a click that
// arrives after the clock already moved on does nothing (the server answers phase_moved).

import { $, $$, fill } from "../dom.js";
import { clock, text } from "../format.js";
import { phaseName, statusName } from "./labels.js";

const NEXT = { briefing: "negotiation", negotiation: "decision", decision: "results" };

function advanceLabel(game) {
  if (game.phase === "decision") return gettext("Resolve the round");
  if (game.phase === "results") {
    return game.round >= game.rounds
      ? gettext("End the last round")
      : interpolate(gettext("Start round %(round)s"), { round: game.round + 1 }, true);
  }
  return interpolate(gettext("Go to: %(phase)s"), { phase: phaseName(NEXT[game.phase]) }, true);
}

export function renderControls(ui) {
  const { game } = ui.view;
  const status = game.status;
  const live = status === "running" || status === "paused";
  fill($("#game-title"), text(game.title));
  document.title = `${game.code} · ${text(game.title)} — Mufakat`;
  fill($("#bar-round"),
    game.round > 0
      ? interpolate(gettext("Round %(round)s of %(rounds)s · %(year)s"), { round: game.round, rounds: game.rounds, year: game.year }, true)
      : interpolate(gettext("%(rounds)s rounds, from %(year)s"), { rounds: game.rounds, year: game.start_year }, true));
  fill($("#bar-phase"), status === "finished" || status === "archived" ? phaseName("finished") : phaseName(game.phase));
  const badge = $("#bar-status");
  badge.dataset.status = status;
  // In the lobby and at the end the phase already says it all.
  badge.hidden = !live;
  fill(badge, statusName(status));
  $(".bar-clock").hidden = !live;
  $("#console").dataset.status = status;

  $("#start").hidden = status !== "lobby";
  const advance = $("#advance");
  advance.hidden = !(live && (NEXT[game.phase] || game.phase === "results"));
  fill(advance, live ? advanceLabel(game) : "");
  $("#pause").hidden = status !== "running";
  $("#resume").hidden = status !== "paused";
  $("#extend").hidden = !live;
  $("#finish").hidden = !live;
  $("#archive").hidden = status !== "finished";
  const report = $("#report-link");
  if (report) report.hidden = status !== "finished" && status !== "archived";
  if (!live) closeConfirm(false);
  const auto = $("#auto-advance");
  auto.checked = Boolean(game.advance_when_all_submitted);
  auto.closest(".toggle").hidden = status === "finished" || status === "archived";
}

export function renderCountdown(ui, seconds) {
  const node = $("#countdown");
  if (!ui.view) return;
  const status = ui.view.game.status;
  if (seconds === null || status === "lobby" || status === "finished" || status === "archived") {
    node.textContent = "–";
    node.dataset.state = "none";
    return;
  }
  const shown = clock(seconds);
  const paused = status === "paused";
  node.dataset.state = paused ? "paused" : seconds <= 30 ? "soon" : "running";
  node.textContent = paused ? interpolate(gettext("%(time)s (paused)"), { time: shown }, true) : shown;
}

function closeConfirm(focusBack = true) {
  const box = $("#finish-confirm-box");
  if (box.hidden) return;
  box.hidden = true;
  $("#finish").setAttribute("aria-expanded", "false");
  if (focusBack) $("#finish").focus();
}

export function bindControls(ui) {
  $("#start").addEventListener("click", (event) =>
    ui.act({ type: "start" }, { button: event.currentTarget, done: gettext("The game has started.") }));
  $("#advance").addEventListener("click", (event) => {
    const { round, phase } = ui.view.game;
    ui.act({ type: "advance", round, phase }, { button: event.currentTarget, done: gettext("Moved on.") });
  });
  $("#pause").addEventListener("click", async (event) => {
    if (await ui.act({ type: "pause" }, { button: event.currentTarget, done: gettext("Paused: the clock is stopped.") })) $("#resume").focus();
  });
  $("#resume").addEventListener("click", async (event) => {
    if (await ui.act({ type: "resume" }, { button: event.currentTarget, done: gettext("The clock runs again.") })) $("#pause").focus();
  });
  for (const button of $$("[data-extend]")) {
    button.addEventListener("click", () => {
      const seconds = Number(button.dataset.extend);
      ui.act({ type: "extend", seconds }, {
        button,
        done: interpolate(ngettext("%(count)s minute added.", "%(count)s minutes added.", seconds / 60), { count: seconds / 60 }, true),
      });
    });
  }
  $("#auto-advance").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    const wanted = box.checked;
    const ok = await ui.act({ type: "set_option", advance_when_all_submitted: wanted }, {
      done: wanted ? gettext("The decision phase will end once every country has submitted.") : gettext("The decision phase runs to the end of its time."),
    });
    if (!ok) box.checked = !wanted;
  });
  $("#finish").addEventListener("click", () => {
    const box = $("#finish-confirm-box");
    box.hidden = false;
    $("#finish").setAttribute("aria-expanded", "true");
    $("#finish-confirm").focus();
  });
  $("#finish-cancel").addEventListener("click", () => closeConfirm());
  $("#finish-confirm-box").addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeConfirm();
  });
  $("#finish-confirm").addEventListener("click", async (event) => {
    if (await ui.act({ type: "finish" }, { button: event.currentTarget, done: gettext("The game is finished. The debrief is on the projector.") })) {
      closeConfirm(false);
      $("#archive").focus();
    }
  });
  $("#archive").addEventListener("click", (event) =>
    ui.act({ type: "archive" }, { button: event.currentTarget, done: gettext("The game is archived.") }));
}
