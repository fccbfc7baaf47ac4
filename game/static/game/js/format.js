// Numbers, money, shares and names in the page's language (Indonesian uses a decimal comma).

export const language = document.documentElement.lang === "en" ? "en" : "id";
const locale = language === "en" ? "en-GB" : "id-ID";

export function number(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function percent(share, digits = 0) {
  if (share === null || share === undefined) return "–";
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** A change with its sign, e.g. "+1,2" or "−0,4". */
export function signed(value, digits = 1) {
  const text = number(Math.abs(value), digits);
  if (Math.abs(value) < 0.5 * 10 ** -digits) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

/** A localised text from the server ({id, en}). */
export function text(localized) {
  if (!localized) return "";
  if (typeof localized === "string") return localized;
  return localized[language] || localized.en || localized.id || "";
}

export function countryName(view, id) {
  const country = view.countries[id];
  return country ? text(country.name) : id;
}

export function clock(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}

export function time(iso) {
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}
