// Tabs after the WAI-ARIA pattern: arrow keys, Home and End move between tabs, the
// selected tab is the only one in the Tab order, and its panel follows it.

export class Tabs {
  constructor(list, onSelect = () => {}) {
    this.list = list;
    this.tabs = [...list.querySelectorAll('[role="tab"]')];
    this.onSelect = onSelect;
    this.current = this.nameOf(this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true") || this.tabs[0]);
    for (const tab of this.tabs) {
      tab.addEventListener("click", () => this.select(this.nameOf(tab)));
      tab.addEventListener("keydown", (event) => this.key(event, tab));
    }
  }

  nameOf(tab) {
    return tab.id.replace(/^tab-/, "");
  }

  key(event, tab) {
    const index = this.tabs.indexOf(tab);
    let next = null;
    if (event.key === "ArrowRight") next = this.tabs[(index + 1) % this.tabs.length];
    else if (event.key === "ArrowLeft") next = this.tabs[(index - 1 + this.tabs.length) % this.tabs.length];
    else if (event.key === "Home") next = this.tabs[0];
    else if (event.key === "End") next = this.tabs[this.tabs.length - 1];
    if (!next) return;
    event.preventDefault();
    this.select(this.nameOf(next));
  }

  select(name, { focus = true } = {}) {
    const chosen = this.tabs.find((tab) => this.nameOf(tab) === name);
    if (!chosen) return;
    for (const tab of this.tabs) {
      const selected = tab === chosen;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) chosen.focus();
    this.current = name;
    this.onSelect(name);
  }
}
