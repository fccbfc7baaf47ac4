// Small pieces the console's panels share: re-rendering a list without losing the
// keyboard focus, presence and marker badges, a visually hidden label.

import { h } from "../dom.js";

/** Rebuild a container's content, then give the focus back to the control that had it
 * (found again by its data-key), with the caret where it was. */
export function rebuild(container, build) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : null;
  const caret = key && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;
  build();
  if (!key) return;
  const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!again) return;
  again.focus({ preventScroll: true });
  if (caret && typeof again.setSelectionRange === "function") again.setSelectionRange(...caret);
}

export function hiddenLabel(forId, text) {
  return h("label", { for: forId, class: "visually-hidden" }, text);
}

/** Online or offline, said in words next to the dot (colour is not the only signal). */
export function presence(online) {
  return h("span", { class: "presence", "data-online": online ? "true" : "false" },
    h("span", { class: "dot", "aria-hidden": "true" }),
    online ? gettext("online") : gettext("offline"));
}

export function badge(text, kind, title) {
  return h("span", { class: `badge ${kind || ""}`.trim(), title }, text);
}

/** "⚙ Bot · Cooperator": the robot marker is text too, never only an icon or a colour. */
export function botBadge(strategy, strategies) {
  const known = strategies.find((s) => s.value === strategy);
  return h("span", { class: "badge bot", title: known ? known.description : strategy },
    h("span", { "aria-hidden": "true" }, "⚙ "),
    interpolate(gettext("Bot: %(strategy)s"), { strategy: known ? known.label : strategy }, true));
}

export function strategyOptions(strategies, selected, emptyLabel) {
  return [
    h("option", { value: "", selected: !selected }, emptyLabel),
    strategies.map((s) => h("option", { value: s.value, selected: s.value === selected }, s.label)),
    selected && !strategies.some((s) => s.value === selected) ? h("option", { value: selected, selected: true }, selected) : null,
  ];
}

/** Show the server's QR code even when its SVG lacks the namespace an <img> needs: parse
 * it as HTML (which puts <svg> in the SVG namespace) and put it in the image's place. */
export function inlineQrWhenBroken(img) {
  const swap = async () => {
    try {
      const response = await fetch(img.src, { credentials: "same-origin" });
      if (!response.ok) return;
      const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
      const svg = parsed.querySelector("svg");
      if (!svg) return;
      const size = svg.getAttribute("width") || "300";
      svg.setAttribute("viewBox", `0 0 ${size} ${svg.getAttribute("height") || size}`);
      svg.removeAttribute("width");
      svg.removeAttribute("height");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", img.alt);
      svg.setAttribute("class", img.className);
      if (img.id) svg.id = img.id;
      img.replaceWith(document.importNode(svg, true));
    } catch {
      // Leave the image and its text alternative as they are.
    }
  };
  if (img.complete && img.naturalWidth === 0) swap();
  else img.addEventListener("error", swap, { once: true });
}
