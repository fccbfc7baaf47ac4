// The national policy form: a slider and a number box per spending line (lines of switched-off
// issues hidden), trade and border stances, the budget left as you move, minimums from binding
// agreements enforced and explained, and a plain-language preview. The head submits (decision
// phase) or accepts a member's proposal; members propose. What the student set is kept while
// the connection drops and snapshots arrive, until the round changes.

import { h, fill, keepFocus, uid } from "../dom.js";
import { LINES, LINE_ISSUE, errorText, fmt, gettext, money, number, percent } from "./words.js";

const ORDER = ["development", "mitigation", "security", "migration", "aid"];
const DEFAULT_SHARES = { development: 0.6, mitigation: 0.1, security: 0.1, migration: 0.1, aid: 0.1 };

function round2(value) {
  return Math.round(value * 100) / 100;
}

export function createPolicy(app, root) {
  let values = null;
  let dirty = false;
  let basis = null; // what the form was last filled from
  let roundShown = null;
  let busy = false;
  const rows = {};

  const status = h("p", { class: "policy-status", role: "status" });
  const phaseHint = h("p", { class: "hint" });
  const budgetLine = h("p", { class: "budget-line" });
  const budgetMeter = h("span", { class: "meter", "aria-hidden": "true" }, h("span"));
  const linesBox = h("div", { class: "lines" });
  const stances = h("div", { class: "stances" });
  const preview = h("ul", { class: "preview" });
  const errorBox = h("p", { class: "field-error", role: "alert" });
  const submitReasonId = uid("submit-reason");
  const submitReason = h("p", { id: submitReasonId, class: "reason" });
  const submit = h("button", { type: "submit", class: "primary", "aria-describedby": submitReasonId });
  const ack = h("p", { class: "ack", role: "status", tabindex: "-1" });
  const proposals = h("div", { class: "proposals" });
  const form = h(
    "form",
    { class: "policy-form", novalidate: true },
    h("div", { class: "budget-box" }, budgetLine, budgetMeter),
    linesBox,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: restToDevelopment }, gettext("Put the rest into development")),
      h("button", { type: "button", onclick: () => { dirty = false; basis = null; render(); } }, gettext("Start again")),
    ),
    stances,
    h("h3", {}, gettext("What your choice means")),
    preview,
    errorBox,
    submit,
    submitReason,
    ack,
  );
  form.addEventListener("submit", send);
  fill(root, h("h2", { id: "panel-policy-title" }, gettext("National policy")), status, phaseHint, form, proposals);

  function lines() {
    const issues = app.view.game.issues || {};
    return ORDER.filter((line) => !LINE_ISSUE[line] || issues[LINE_ISSUE[line]] !== false);
  }

  function budget() {
    return app.view.own ? app.view.own.budget : 0;
  }

  function minimum(line) {
    const found = (app.view.own && app.view.own.minimums[line]) || null;
    // Rounded up, so a value at the shown minimum never falls a hair below the real one.
    return found ? { amount: Math.ceil(found.amount * 100) / 100, agreement: found.agreement } : null;
  }

  function startingValues() {
    const own = app.view.own;
    const total = budget();
    let start;
    if (own.policy) start = { ...own.policy };
    else if (own.last_policy) {
      start = { ...own.last_policy };
      const spent = ORDER.reduce((s, line) => s + (start[line] || 0), 0);
      if (spent > total && spent > 0) {
        for (const line of ORDER) start[line] = (start[line] || 0) * total / spent;
      }
    } else {
      start = { trade: "open", borders: "open" };
      for (const line of ORDER) start[line] = DEFAULT_SHARES[line] * total;
    }
    const shown = lines();
    for (const line of ORDER) start[line] = shown.includes(line) ? round2(start[line] || 0) : 0;
    for (const line of shown) {
      const min = minimum(line);
      if (min && start[line] < min.amount) {
        start.development = Math.max(0, start.development - (min.amount - start[line]));
        start[line] = min.amount;
      }
    }
    start.development = round2(start.development);
    return start;
  }

  function spent() {
    return lines().reduce((s, line) => s + (Number(values[line]) || 0), 0);
  }

  function step() {
    const total = budget();
    return total >= 100 ? 1 : total >= 10 ? 0.1 : 0.01;
  }

  function buildLines() {
    fill(linesBox);
    for (const line of lines()) {
      const id = uid("line");
      const minId = uid("min");
      const shareId = uid("share");
      const range = h("input", { type: "range", min: "0", "data-line": line, "aria-labelledby": id + "-label", "aria-describedby": minId });
      const box = h("input", { type: "number", id, inputmode: "decimal", min: "0", "aria-describedby": minId + " " + shareId });
      const minText = h("small", { id: minId, class: "minimum" });
      const share = h("small", { id: shareId, class: "share" });
      range.addEventListener("input", () => {
        // The slider shows the whole budget, but cannot go below a binding minimum.
        const min = minimum(line);
        const wanted = Number(range.value);
        set(line, min && wanted < min.amount ? min.amount : wanted);
      });
      box.addEventListener("input", () => { set(line, box.value === "" ? 0 : Number(box.value), true); });
      box.addEventListener("change", () => { box.value = String(round2(values[line])); });
      rows[line] = { range, box, minText, share };
      linesBox.append(
        h(
          "div",
          { class: "line" },
          h("label", { for: id, id: id + "-label" }, LINES[line]),
          h("div", { class: "line-inputs" }, range, box),
          share,
          minText,
        ),
      );
    }
    fill(
      stances,
      stance("trade", gettext("Trade"), [
        ["open", gettext("Open"), gettext("You share in a bigger world trade pool.")],
        ["protect", gettext("Protect"), gettext("A bigger slice for you now, but the pool shrinks for everyone.")],
      ], app.view.game.issues.trade !== false),
      stance("borders", gettext("Borders"), [
        ["open", gettext("Open"), gettext("People may arrive; hosting costs money unless you integrate them.")],
        ["closed", gettext("Closed"), gettext("Nobody arrives, but your stability falls and neighbours carry the burden.")],
      ], app.view.game.issues.migration !== false),
    );
  }

  function stance(name, legend, options, shown) {
    if (!shown) return null;
    return h(
      "fieldset",
      { class: "stance" },
      h("legend", {}, legend),
      options.map(([value, label, hint]) => {
        const id = uid(name);
        const radio = h("input", { type: "radio", name, id, value, "data-stance": name });
        radio.addEventListener("change", () => {
          values[name] = value;
          dirty = true;
          update();
        });
        return h("div", { class: "check" }, radio, h("label", { for: id }, label, h("small", {}, hint)));
      }),
    );
  }

  function set(line, amount, fromBox = false) {
    values[line] = Number.isFinite(amount) ? Math.max(0, amount) : 0;
    dirty = true;
    ack.hidden = true;
    update(fromBox ? line : null);
  }

  function restToDevelopment() {
    const others = lines().filter((l) => l !== "development").reduce((s, l) => s + (Number(values[l]) || 0), 0);
    values.development = Math.max(0, Math.floor((budget() - others) * 100) / 100);
    dirty = true;
    update();
  }

  /** The problems that stop this policy, in words (empty when it can be sent). */
  function problems() {
    const found = [];
    for (const line of lines()) {
      const min = minimum(line);
      if (min && values[line] < min.amount - 1e-9) {
        found.push(fmt(gettext("%(line)s must be at least %(amount)s (agreement %(agreement)s)."), {
          line: LINES[line], amount: number(min.amount, 2), agreement: agreementTitle(min.agreement),
        }));
      }
    }
    const over = spent() - budget();
    if (over > budget() * 1e-9) found.push(fmt(gettext("Over budget by %(money)s."), { money: money(over, 2) }));
    return found;
  }

  function agreementTitle(id) {
    const found = app.view.agreements.find((a) => a.id === id);
    return found ? "“" + found.draft.title + "”" : id;
  }

  function update(typing = null) {
    const total = budget();
    for (const line of lines()) {
      const row = rows[line];
      const min = minimum(line);
      const amount = values[line];
      row.range.max = String(total);
      row.range.step = String(step());
      row.range.value = String(amount);
      row.range.setAttribute("aria-valuetext", fmt(gettext("%(money)s, %(share)s of the budget"), { money: money(amount), share: percent(total ? amount / total : 0) }));
      row.box.min = String(min ? min.amount : 0);
      row.box.max = String(total);
      row.box.step = String(step());
      if (typing !== line) row.box.value = String(round2(amount));
      fill(row.share, fmt(gettext("%(share)s of the budget"), { share: percent(total ? amount / total : 0) }));
      const below = min && amount < min.amount - 1e-9;
      row.box.setAttribute("aria-invalid", below ? "true" : "false");
      row.minText.classList.toggle("problem", Boolean(below));
      fill(
        row.minText,
        min
          ? (below ? "⚠ " : "") + fmt(gettext("At least %(amount)s because of agreement %(agreement)s."), { amount: money(min.amount, 2), agreement: agreementTitle(min.agreement) })
          : "",
      );
    }
    for (const radio of form.querySelectorAll("[data-stance]")) {
      radio.checked = values[radio.dataset.stance] === radio.value;
    }
    const used = spent();
    const left = total - used;
    const over = left < -total * 1e-9;
    budgetLine.classList.toggle("problem", over);
    fill(
      budgetLine,
      fmt(gettext("Budget %(budget)s"), { budget: money(total) }),
      " · ",
      h(
        "b",
        {},
        over
          ? "⚠ " + fmt(gettext("over by %(money)s"), { money: money(-left, 2) })
          : fmt(gettext("left %(money)s"), { money: money(left) }),
      ),
    );
    budgetMeter.firstChild.style.width = Math.min(100, total ? (used / total) * 100 : 0) + "%";
    budgetMeter.classList.toggle("over", over);
    fill(preview, sentences(total, left).map((line) => h("li", {}, line)));
    actions();
  }

  function sentences(total, left) {
    const share = (amount) => percent(total ? amount / total : 0);
    const out = [];
    const shown = lines();
    const v = values;
    out.push(fmt(gettext("You invest %(share)s (%(money)s) in your own economy; it comes back this round with a return."), { share: share(v.development), money: money(v.development) }));
    if (shown.includes("mitigation")) {
      out.push(v.mitigation > 0
        ? fmt(gettext("%(share)s (%(money)s) goes to the shared climate account and cuts your own emissions."), { share: share(v.mitigation), money: money(v.mitigation) })
        : gettext("Nothing for the climate: you add nothing to the shared account and your emissions stay as they are."));
    }
    if (shown.includes("security")) {
      out.push(v.security > 0
        ? fmt(gettext("%(share)s (%(money)s) raises your security; attackers go where security is lowest."), { share: share(v.security), money: money(v.security) })
        : gettext("Nothing for security: your protection stays at its basic level."));
    }
    if (shown.includes("migration")) {
      out.push(v.migration > 0
        ? fmt(gettext("%(share)s (%(money)s) integrates people you host; integrated people add to growth later."), { share: share(v.migration), money: money(v.migration) })
        : gettext("Nothing for integration: hosting people will cost you money and stability."));
    }
    out.push(v.aid > 0
      ? fmt(gettext("%(share)s (%(money)s) goes as aid to the fund for developing countries."), { share: share(v.aid), money: money(v.aid) })
      : gettext("No aid this round."));
    if (left > 0.005) out.push(fmt(gettext("%(money)s (%(share)s) is not spent and stays in your wealth."), { money: money(left), share: share(left) }));
    if (app.view.game.issues.trade !== false) {
      out.push(v.trade === "protect"
        ? gettext("Protected trade: you take a bigger slice now, but the pool shrinks for everyone.")
        : gettext("Open trade: you share in a bigger world trade pool."));
    }
    if (app.view.game.issues.migration !== false) {
      out.push(v.borders === "closed"
        ? gettext("Closed borders: nobody arrives, your stability falls and your neighbours carry the burden.")
        : gettext("Open borders: people may arrive; integrating them pays off later."));
    }
    return out;
  }

  function actions() {
    const view = app.view;
    const me = view.me;
    const phase = view.game.phase;
    const running = view.game.status === "running" || view.game.status === "paused";
    let reason = "";
    if (!running) reason = gettext("The game is not running.");
    else if (me.head && phase !== "decision") reason = gettext("Submitting is only in the decision phase.");
    else if (!me.head && !["negotiation", "decision"].includes(phase)) reason = gettext("Proposals are made in the negotiation and decision phases.");
    else if (busy) reason = gettext("Sending…");
    else {
      const found = problems();
      if (found.length) reason = found.join(" ");
    }
    fill(submit, me.head ? gettext("Submit policy") : gettext("Propose to the head"));
    submit.disabled = Boolean(reason);
    fill(submitReason, reason);
  }

  function policy() {
    const out = { trade: values.trade || "open", borders: values.borders || "open" };
    for (const line of ORDER) out[line] = lines().includes(line) ? round2(Number(values[line]) || 0) : 0;
    // Rounding must never push the total over the budget.
    const over = ORDER.reduce((s, l) => s + out[l], 0) - budget();
    if (over > 0) out.development = Math.max(0, Math.floor((out.development - over) * 100) / 100);
    return out;
  }

  async function send(event) {
    event.preventDefault();
    if (submit.disabled) return;
    const head = app.view.me.head;
    busy = true;
    actions();
    fill(errorBox, "");
    try {
      await app.request({ type: head ? "submit_policy" : "propose_policy", policy: policy() });
      ack.hidden = false;
      fill(ack, head
        ? "✓ " + gettext("Submitted: you can change it until the deadline.")
        : "✓ " + gettext("Proposal sent to the head of your delegation."));
      // Keep what was sent on screen until the server's copy of it arrives.
      values = policy();
      dirty = false;
      basis = currentKey();
    } catch (problem) {
      fill(errorBox, errorText(problem));
    } finally {
      busy = false;
      render();
    }
  }

  function renderProposals() {
    const view = app.view;
    const own = view.own;
    const me = view.me;
    const list = (own && own.proposals) || [];
    if (!list.length) {
      fill(proposals);
      return;
    }
    let reason = "";
    if (!me.head) reason = gettext("Only the head accepts a proposal.");
    else if (view.game.phase !== "decision") reason = gettext("Accepting is only in the decision phase.");
    keepFocus(proposals, () => fill(
      proposals,
      h("h3", {}, gettext("Proposals from your delegation")),
      h(
        "ul",
        { class: "proposal-list" },
        list.slice().reverse().map((p) => {
          const member = (view.members || []).find((m) => m.id === p.player);
          const who = p.player === me.id ? gettext("You") : (member && member.name) || gettext("a student");
          const reasonId = reason ? uid("accept") : null;
          return h(
            "li",
            { class: "card" },
            h("p", {}, h("b", {}, who), ": ", lines().map((line) => LINES[line] + " " + number(p.policy[line] || 0, 1)).join(" · ")),
            h(
              "div",
              { class: "actions" },
              h("button", {
                type: "button",
                "data-key": "load-" + p.id,
                onclick: () => {
                  values = { ...values, ...p.policy };
                  dirty = true;
                  update();
                  form.scrollIntoView({ block: "start" });
                },
              }, gettext("Load into the form")),
              h("button", {
                type: "button",
                class: "primary",
                "data-key": "accept-" + p.id,
                disabled: Boolean(reason),
                "aria-describedby": reasonId,
                onclick: async (event) => {
                  const place = event.currentTarget.parentNode;
                  try {
                    await app.request({ type: "accept_proposal", proposal: p.id });
                    app.notify(gettext("Proposal accepted and submitted: you can change it until the deadline."));
                  } catch (problem) {
                    place.append(h("p", { class: "field-error", role: "alert" }, errorText(problem)));
                  }
                },
              }, gettext("Accept and submit")),
              reason ? h("span", { id: reasonId, class: "reason" }, reason) : null,
            ),
          );
        }),
      ),
    ));
  }

  function currentKey() {
    const own = app.view.own;
    return JSON.stringify([own.policy, own.last_policy, own.budget, own.minimums]);
  }

  function render() {
    const view = app.view;
    if (!view || !view.own || !view.me || view.me.role === "civil") return;
    if (!Object.keys(rows).length) buildLines();
    const own = view.own;
    if (roundShown !== view.game.round) {
      roundShown = view.game.round;
      dirty = false;
      basis = null;
      ack.hidden = true;
    }
    const key = currentKey();
    if (!values || (!dirty && key !== basis)) {
      values = startingValues();
      basis = key;
    }
    const submitted = view.submitted.includes(own.country);
    fill(
      status,
      submitted
        ? "✓ " + gettext("Your delegation has submitted its policy for this round. The head can still change it until the deadline.")
        : gettext("Not submitted yet. If nothing is submitted, last round's policy stays in force."),
    );
    status.classList.toggle("done", submitted);
    const phase = view.game.phase;
    fill(
      phaseHint,
      phase === "decision"
        ? view.me.head
          ? gettext("Decision phase: split the budget and submit before the time runs out.")
          : gettext("Decision phase: propose a split; the head submits or accepts a proposal.")
        : phase === "negotiation"
          ? gettext("You can prepare the policy now; it is submitted in the decision phase.")
          : gettext("The policy is decided in the decision phase of each round."),
    );
    update();
    renderProposals();
  }

  return { render };
}
