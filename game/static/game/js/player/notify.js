// Notices inside the page: short toasts in a polite live region, and an optional beep made
// with WebAudio (no sound files). Sound is off until the student turns it on.

import { h } from "../dom.js";
import { gettext } from "./words.js";

let audio = null;
let soundOn = false;

export function setupSound(button) {
  try {
    soundOn = sessionStorage.getItem("mufakat-sound") === "on";
  } catch {
    soundOn = false;
  }
  const show = () => button.setAttribute("aria-pressed", soundOn ? "true" : "false");
  show();
  button.addEventListener("click", () => {
    soundOn = !soundOn;
    try {
      sessionStorage.setItem("mufakat-sound", soundOn ? "on" : "off");
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    show();
    if (soundOn) beep(660); // a click is the gesture browsers want before audio may play
  });
}

export function beep(frequency = 880, seconds = 0.15) {
  if (!soundOn) return;
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === "suspended") audio.resume();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + seconds);
  } catch {
    /* no audio on this device: the visual notice is enough */
  }
}

// Notices are a glance, not a read: what they say stays on the page (the world strip, the
// tabs' badges), so they leave soon and never more than two at once. Errors and warnings
// stay longer. A notice a student is reading (pointer over it, or focus in it) stays.
const TOAST_MS = { info: 4000, error: 7000, urgent: 7000 };
const MAX_SHOWN = 2;
const placers = new WeakMap();

/** Hang the notices under the world strip, wherever scrolling has put its lower edge: at the
 * top of a phone's screen they cover neither the chat box nor the keyboard, the policy's
 * budget box or the tab bar, which all live at the bottom. Returns the function that moves
 * them there now. */
function placer(region) {
  if (placers.has(region)) return placers.get(region);
  const strip = region.parentElement ? region.parentElement.querySelector(".world-strip") : null;
  const update = () => {
    if (!strip || !region.children.length) return;
    region.style.setProperty("--toasts-top", Math.max(0, strip.getBoundingClientRect().bottom) + "px");
  };
  let pending = false;
  const soon = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  };
  if (strip) {
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
    if (window.ResizeObserver) new ResizeObserver(soon).observe(strip);
  }
  placers.set(region, update);
  return update;
}

/** Show a notice; `action` = {label, run} adds a button (e.g. "Show" to open a tab). Tapping
 * the notice, or its ×, closes it. */
export function toast(region, message, { action = null, kind = "info", sound = false } = {}) {
  const close = () => {
    clearTimeout(timer);
    item.remove();
  };
  const item = h(
    "div",
    { class: "toast toast-" + kind },
    h("p", {}, message),
    action
      ? h("button", { type: "button", class: "link-button", onclick: () => { action.run(); close(); } }, action.label)
      : null,
    h("button", { type: "button", class: "toast-close", "aria-label": gettext("Close notice"), onclick: close }, "×"),
  );
  item.addEventListener("click", (event) => {
    if (!event.target.closest("button")) close();
  });
  // The same words again (a busy delegation chat) renew the notice rather than stack up.
  for (const old of [...region.children]) {
    if (old.querySelector("p").textContent === message) old.remove();
  }
  region.append(item);
  while (region.children.length > MAX_SHOWN) region.firstElementChild.remove();
  placer(region)();
  const ms = TOAST_MS[kind] || TOAST_MS.info;
  let timer = setTimeout(close, ms);
  const hold = () => clearTimeout(timer);
  const resume = () => {
    clearTimeout(timer);
    timer = setTimeout(close, ms);
  };
  item.addEventListener("focusin", hold);
  item.addEventListener("focusout", (event) => {
    if (!item.contains(event.relatedTarget)) resume();
  });
  item.addEventListener("pointerenter", hold);
  item.addEventListener("pointerleave", () => {
    if (!item.contains(document.activeElement)) resume();
  });
  if (sound) beep(kind === "urgent" ? 988 : 880, kind === "urgent" ? 0.3 : 0.15);
  return item;
}
