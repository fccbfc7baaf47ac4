// The phase countdown, computed from the server's deadline (or the frozen time left while
// paused) and the offset between this device's clock and the server's.

let offsetMs = 0;

/** Remember how far this device's clock is from the server's (from a snapshot's `now`). */
export function syncClock(serverNow) {
  if (serverNow) offsetMs = Date.parse(serverNow) - Date.now();
}

export function secondsLeft(timer, now = Date.now() + offsetMs) {
  if (!timer) return null;
  if (timer.remaining !== null && timer.remaining !== undefined) return timer.remaining;
  if (!timer.deadline) return null;
  return Math.max(0, (Date.parse(timer.deadline) - now) / 1000);
}

/** Call `render(seconds)` every quarter second until `stop()` is called. */
export function ticking(getTimer, render) {
  const tick = () => render(secondsLeft(getTimer()));
  tick();
  const handle = setInterval(tick, 250);
  return () => clearInterval(handle);
}
