// The page's language (<html lang>: zh-Hant, en, ja), its strings and its formats.
//
// Strings are written in 繁體中文 (the source) inside gettext("…"); `make messages` collects
// them into locale/<lang>/LC_MESSAGES/djangojs.po. On an English or Japanese page the
// translations come from /jsi18n/<lang>.<version>.js (taipei_trip/js_catalogue.py: built
// once per process, kept a year by the browser, preloaded by base.html), so every module
// importing this one can call gettext() at its top level. 繁體中文 pages load nothing.
const root = document.documentElement;
export const LANG = root.lang || "zh-Hant";
export const IS_SOURCE = LANG === "zh-Hant";

const { catalog = {}, plural = (n) => Number(n !== 1) } = root.dataset.catalogue
  ? await import(root.dataset.catalogue)
  : {};

export function gettext(msgid) {
  const text = catalog[msgid];
  if (text === undefined) return msgid;
  return typeof text === "string" ? text : text[0];
}

// 繁體中文 has one form; the catalogue has the language's forms.
export function ngettext(singular, pluralText, count) {
  const forms = catalog[singular];
  if (forms === undefined) return count === 1 || IS_SOURCE ? singular : pluralText;
  return typeof forms === "string" ? forms : forms[plural(count)] ?? forms[0];
}

// "%(name)s" placeholders, as in Django's interpolate(fmt, obj, true).
export function interpolate(format, values) {
  return format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}

// A page's path in this language: "/booking" -> "/en/booking".
export function pagePath(path) {
  return IS_SOURCE ? path : `/${LANG}${path}`;
}

// Formats as bookings/formats.py writes them on the server, so a page reads the same
// before and after a script redraws it.
const WEEKDAYS = {
  "zh-Hant": ["日", "一", "二", "三", "四", "五", "六"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  ja: ["日", "月", "火", "水", "木", "金", "土"],
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Money: NT$ 2,000 (繁體中文, the copy guide), NT$2,500 (English, 日本語).
export function formatPrice(amount) {
  const digits = Number(amount).toLocaleString("en-US");
  return IS_SOURCE ? `NT$ ${digits}` : `NT$${digits}`;
}

function parts(date, withTime) {
  // Taipei's wall clock (UTC+8, no daylight saving) whatever the browser's zone.
  const taipei = withTime ? new Date(date.getTime() + 8 * 3600 * 1000) : date;
  return {
    y: taipei.getUTCFullYear(),
    m: taipei.getUTCMonth(),
    d: taipei.getUTCDate(),
    w: taipei.getUTCDay(),
    hh: String(taipei.getUTCHours()).padStart(2, "0"),
    mm: String(taipei.getUTCMinutes()).padStart(2, "0"),
  };
}

const pad = (n) => String(n).padStart(2, "0");

// A day given as "2026-12-12": 2026-12-12, "Sat, 12 Dec 2026", 2026年12月12日(土).
export function formatDate(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  if (!iso || Number.isNaN(date.getTime())) return iso || "";
  const { y, m, d, w } = parts(date, false);
  if (LANG === "en") return `${WEEKDAYS.en[w]}, ${d} ${MONTHS[m]} ${y}`;
  if (LANG === "ja") return `${y}年${m + 1}月${d}日(${WEEKDAYS.ja[w]})`;
  return iso;
}

// A weekday's short name in this language (the calendar's column heads).
export function weekdayName(index) {
  return (WEEKDAYS[LANG] || WEEKDAYS["zh-Hant"])[index];
}

// A month heading: 2026 年 12 月, "December 2026", 2026年12月.
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export function formatMonth(year, month) {
  if (LANG === "en") return `${MONTH_NAMES[month - 1]} ${year}`;
  if (LANG === "ja") return `${year}年${month}月`;
  return `${year} 年 ${month} 月`;
}

// A moment in Taipei time: 2026/12/10 12:00, "10 Dec 2026, 12:00", 2026年12月10日 12:00.
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return "";
  const { y, m, d, hh, mm } = parts(date, true);
  if (LANG === "en") return `${d} ${MONTHS[m]} ${y}, ${hh}:${mm}`;
  if (LANG === "ja") return `${y}年${m + 1}月${d}日 ${hh}:${mm}`;
  return `${y}/${pad(m + 1)}/${pad(d)} ${hh}:${mm}`;
}

// A clock time given as "09:00": 09:00 (繁體中文), 9:00.
export function formatTime(hhmm) {
  if (!hhmm || IS_SOURCE) return hhmm || "";
  return hhmm.replace(/^0(\d)/, "$1");
}

// A document title: "找不到這筆訂單 - 台北一日遊", "Order not found - Taipei Day Trip".
export function pageTitle(heading) {
  return interpolate(gettext("%(heading)s - 台北一日遊"), { heading });
}

// A page's path without its language prefix: "/en/booking" -> "/booking".
export function unprefixedPath(path) {
  const match = /^\/(en|ja)(\/.*|$)/.exec(path);
  return match ? match[2] || "/" : path;
}
