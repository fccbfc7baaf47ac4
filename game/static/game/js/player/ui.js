// Small helpers shared by the panels.

/** Re-render `container` with `render()` without losing the keyboard focus: the element
 * that had focus is found again by its data-key and focused. */
export function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : null;
  render();
  if (key) {
    const again = container.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
  }
}

let counter = 0;
/** A fresh id for label/aria-describedby pairs. */
export function uid(prefix) {
  counter += 1;
  return prefix + "-" + counter;
}
