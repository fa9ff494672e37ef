// Shared by the booking, thank-you and order-history pages: labels, money and date
// formats, and the DOM of one booked trip.
export const SLOT_LABELS = { morning: "上半天", afternoon: "下半天" };
export const STATE_LABELS = {
  paid: "已付款",
  pending: "待付款",
  failed: "付款失敗",
  refunded: "已退款",
  cancelled: "已取消",
};

// Money as every page writes it (copy guide in docs/frontend.md): NT$ 2,000.
export function formatPrice(amount) {
  return `NT$ ${Number(amount).toLocaleString("en-US")}`;
}

const DATE_TIME = new Intl.DateTimeFormat("zh-TW", {
  timeZone: "Asia/Taipei",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : DATE_TIME.format(date);
}

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

function placeholder() {
  return document.body.dataset.placeholder || "";
}

// The attraction's photo; nav.js swaps a broken one for the placeholder (data-fallback).
export function tripImage(attraction, { width = 266, height = 200 } = {}) {
  return h("img", {
    className: "trip__image",
    src: attraction.image || placeholder(),
    alt: attraction.name,
    width,
    height,
    loading: "lazy",
    decoding: "async",
    "data-fallback": true,
  });
}

function detail(term, value) {
  return h("div", { className: "trip__detail" }, [h("dt", { textContent: term }), h("dd", { textContent: value })]);
}

// A slot's hours come from the server (settings), never from this file.
export function slotText(trip) {
  const slot = SLOT_LABELS[trip.time] || trip.time;
  return trip.startTime ? `${slot}（${trip.startTime}–${trip.endTime}）` : slot;
}

// One trip as an <li>: photo, name, date, slot and hours, party size, price (when
// known), address, and `extra` [term, value] pairs.
export function tripItem(trip, { headingLevel = 2, actions = [], extra = [] } = {}) {
  const { attraction } = trip;
  const details = [detail("日期：", trip.date), detail("時間：", slotText(trip))];
  if (trip.participants) details.push(detail("人數：", `${trip.participants} 人`));
  if (trip.price !== undefined && trip.price !== null) {
    const each = trip.participants > 1 && trip.unitPrice ? `（每人 ${formatPrice(trip.unitPrice)}）` : "";
    details.push(detail("費用：", `${formatPrice(trip.price)}${each}`));
  }
  details.push(detail("地點：", attraction.address));
  for (const [term, value] of extra) details.push(detail(term, value));
  return h("li", { className: "trip" }, [
    tripImage(attraction),
    h("div", { className: "trip__body" }, [
      h(`h${headingLevel}`, { className: "trip__name" }, [
        h("a", { href: `/attraction/${attraction.id}`, textContent: `台北一日遊：${attraction.name}` }),
      ]),
      h("dl", { className: "trip__details" }, details),
    ]),
    ...actions,
  ]);
}
