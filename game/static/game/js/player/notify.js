// Notices inside the page: short toasts in a polite live region, and an optional beep made
// with WebAudio (no sound files). Sound is off until the student turns it on.

import { h } from "../dom.js";
import { gettext } from "./words.js";

const TOAST_MS = 6000;
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

/** Show a notice; `action` = {label, run} adds a button (e.g. "Show" to open a tab). */
export function toast(region, message, { action = null, kind = "info", sound = false } = {}) {
  const close = () => item.remove();
  const item = h(
    "div",
    { class: "toast toast-" + kind },
    h("p", {}, message),
    action
      ? h("button", { type: "button", class: "link-button", onclick: () => { action.run(); close(); } }, action.label)
      : null,
    h("button", { type: "button", class: "toast-close", "aria-label": gettext("Close notice"), onclick: close }, "×"),
  );
  region.append(item);
  while (region.children.length > 3) region.firstElementChild.remove();
  let timer = setTimeout(close, TOAST_MS);
  // Someone reading or tabbing into the notice keeps it open.
  item.addEventListener("focusin", () => clearTimeout(timer));
  item.addEventListener("focusout", () => { timer = setTimeout(close, TOAST_MS); });
  if (sound) beep(kind === "urgent" ? 988 : 880, kind === "urgent" ? 0.3 : 0.15);
  return item;
}
