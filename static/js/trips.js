// Shared by the booking, thank-you and order-history pages: labels, money and date
// formats, and the DOM of one booked trip.
import { formatDate, formatPrice, formatTime, gettext, interpolate, ngettext, pagePath } from "./i18n.js";
export const SLOT_LABELS = { morning: gettext("上半天"), afternoon: gettext("下半天") };
export const STATE_LABELS = {
  paid: gettext("已付款"),
  pending: gettext("待付款"),
  failed: gettext("付款失敗"),
  refunded: gettext("已退款"),
  cancelled: gettext("已取消"),
};

// Money and dates in the page's language (i18n.js; the copy guide in docs/frontend.md).
export { formatDate, formatDateTime, formatPrice } from "./i18n.js";

// document.createElement with properties, attributes (names containing "-") and children.
export function h(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes("-")) element.setAttribute(key, value === true ? "" : value);
    else element[key] = value;
  }
  element.append(...[children].flat().filter((child) => child !== null && child !== undefined));
  return element;
}

// A place's name or address the server has no translation of comes in 繁體中文 (named in
// the attraction's `untranslated`, as the catalogue's objects do): its element says so,
// for screen readers to switch voice (as home.js marks the cards).
const SOURCE_LANG = "zh-Hant";
export const isUntranslated = (attraction, field) => attraction.untranslated?.includes(field) ?? false;

// A gettext `format` with the place's name in it (%(name)s, beside `values`), as nodes:
// only the name sits in an element marked lang="zh-Hant" when it fell back.
export function withPlaceName(format, attraction, values = {}) {
  if (!isUntranslated(attraction, "name")) return [interpolate(format, { ...values, name: attraction.name })];
  const [before, after] = interpolate(format, { ...values, name: "\u0000" }).split("\u0000");
  return [before, h("span", { lang: SOURCE_LANG, textContent: attraction.name }), after];
}

// An element showing the attraction's `field`, marked when it fell back.
export function placeText(tag, attraction, field, props = {}) {
  return h(tag, { ...props, textContent: attraction[field], lang: isUntranslated(attraction, field) && SOURCE_LANG });
}

function placeholder() {
  return document.body.dataset.placeholder || "";
}

// The attraction's photo; nav.js swaps a broken one for the placeholder (data-fallback).
export function tripImage(attraction, { width = 266, height = 200 } = {}) {
  return h("img", {
    className: "trip__image",
    src: attraction.image || placeholder(),
    alt: attraction.name,
    // The alt text is the name: in 繁體中文 when that fell back.
    lang: isUntranslated(attraction, "name") && SOURCE_LANG,
    width,
    height,
    loading: "lazy",
    decoding: "async",
    "data-fallback": true,
  });
}

// "2 人", "2 guests", "2名".
export function people(count) {
  return interpolate(ngettext("%(count)s 人", "%(count)s 人", count), { count });
}

function detail(term, value) {
  const dd = value instanceof Node ? value : h("dd", { textContent: value });
  return h("div", { className: "trip__detail" }, [h("dt", { textContent: term }), dd]);
}

// A slot's hours come from the server (settings), never from this file.
export function slotText(trip) {
  const label = SLOT_LABELS[trip.time] || trip.time;
  if (!trip.startTime) return label;
  const hours = `${formatTime(trip.startTime)}–${formatTime(trip.endTime)}`;
  return interpolate(gettext("%(label)s（%(hours)s）"), { label, hours });
}

// One trip as an <li>: photo, name, date, slot and hours, party size, price (when
// known), address, and `extra` [term, value] pairs.
export function tripItem(trip, { headingLevel = 2, actions = [], extra = [] } = {}) {
  const { attraction } = trip;
  const details = [detail(gettext("日期："), formatDate(trip.date)), detail(gettext("時間："), slotText(trip))];
  if (trip.participants) details.push(detail(gettext("人數："), people(trip.participants)));
  if (trip.price !== undefined && trip.price !== null) {
    const price = formatPrice(trip.price);
    const text = trip.participants > 1 && trip.unitPrice
      ? interpolate(gettext("%(price)s（每人 %(each)s）"), { price, each: formatPrice(trip.unitPrice) })
      : price;
    details.push(detail(gettext("費用："), text));
  }
  details.push(detail(gettext("地點："), placeText("dd", attraction, "address")));
  for (const [term, value] of extra) details.push(detail(term, value));
  return h("li", { className: "trip" }, [
    tripImage(attraction),
    h("div", { className: "trip__body" }, [
      h(`h${headingLevel}`, { className: "trip__name" }, [
        h("a", { href: pagePath(`/attraction/${attraction.id}`) }, withPlaceName(gettext("台北一日遊：%(name)s"), attraction)),
      ]),
      h("dl", { className: "trip__details" }, details),
    ]),
    ...actions,
  ]);
}
