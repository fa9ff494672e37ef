// /orders: the member's orders from GET /api/orders, newest first, 12 at a time with a
// 載入更多訂單 button.
import { api, currentUser } from "./api.js";
import { errorState } from "./states.js";
import { signInToContinue } from "./nav.js";
import { formatDate, formatDateTime, formatPrice, h, people, placeText, SLOT_LABELS, STATE_LABELS } from "./trips.js";
import { gettext, interpolate, ngettext, pagePath } from "./i18n.js";

const MESSAGES = {
  loading: gettext("載入中…"),
  loaded: (count) => interpolate(ngettext("已載入 %(count)s 筆訂單", "已載入 %(count)s 筆訂單", count), { count }),
  loadFailed: gettext("無法載入訂單"),
};

const root = document.querySelector("[data-history]");
const status = root.querySelector("[data-history-status]");
// Screen readers hear how many orders arrived; sighted members see the list grow.
const live = root.querySelector("[data-history-live]");
const empty = root.querySelector("[data-history-empty]");
const list = root.querySelector("[data-history-list]");
const more = root.querySelector("[data-history-more]");
const skeletonList = root.querySelector("[data-history-skeletons]");
const loadError = root.querySelector("[data-history-error]");
let nextPage = 0;
let loading = false;
let count = 0;

function orderState(order) {
  return order.state || (order.status === 0 ? "paid" : "pending");
}

// "Sat, 12 Dec 2026 Morning · 2 guests (Refunded)"
function tripWhen(trip) {
  let text = `${formatDate(trip.date)} ${SLOT_LABELS[trip.time] || trip.time}`;
  if (trip.participants > 1) text += interpolate(gettext("・%(people)s"), { people: people(trip.participants) });
  if (trip.state === "refunded" || trip.state === "cancelled") {
    text += interpolate(gettext("（%(state)s）"), { state: STATE_LABELS[trip.state] });
  }
  return text;
}

function orderItem(order) {
  const state = orderState(order);
  const link = pagePath(`/order/${encodeURIComponent(order.number)}`);
  const trips = order.trips?.length ? order.trips : [order.trip].filter(Boolean);
  const headingId = `order-${order.number}`;
  return h("li", { className: "order-card" }, [
    h("article", { "aria-labelledby": headingId }, [
      h("header", { className: "order-card__header" }, [
        h("h2", { className: "order-card__number", id: headingId }, [
          h("a", { href: link, textContent: interpolate(gettext("訂單 %(number)s"), { number: order.number }) }),
        ]),
        h("span", { className: "state-badge", textContent: STATE_LABELS[state] || state, "data-state": state }),
      ]),
      h("p", { className: "order-card__date", textContent: interpolate(gettext("訂購時間：%(time)s"), { time: formatDateTime(order.createdAt) || "—" }) }),
      h(
        "ul",
        { className: "order-card__trips" },
        trips.map((trip) =>
          h("li", {}, [
            placeText("span", trip.attraction, "name", { className: "order-card__trip-name" }),
            h("span", {
              className: "order-card__trip-when",
              textContent: tripWhen(trip),
            }),
          ]),
        ),
      ),
      h("footer", { className: "order-card__footer" }, [
        h("p", { className: "order-card__total", textContent: interpolate(gettext("總價：%(price)s"), { price: formatPrice(order.price) }) }),
        h("a", {
          className: order.payable ? "button" : "button button--ghost",
          href: link,
          textContent: order.payable ? gettext("前往付款") : gettext("查看訂單"),
          "aria-describedby": headingId,
        }),
      ]),
    ]),
  ]);
}

async function loadPage({ focusNew = false } = {}) {
  if (loading || nextPage === null) return;
  loading = true;
  more.disabled = true;
  loadError.replaceChildren();
  status.textContent = MESSAGES.loading;
  live.textContent = "";
  try {
    const answer = await api(`/api/orders?page=${nextPage}`);
    const items = answer.data.map(orderItem);
    list.append(...items);
    // After 載入更多訂單 the button may vanish; keyboard users continue at the new orders.
    if (focusNew && items.length) items[0].querySelector("a").focus();
    count += answer.data.length;
    nextPage = answer.nextPage;
    empty.hidden = count > 0;
    more.hidden = nextPage === null;
    status.textContent = "";
    live.textContent = count ? MESSAGES.loaded(count) : "";
  } catch (error) {
    if (error.status === 403) {
      signInToContinue();
      return;
    }
    status.textContent = MESSAGES.loadFailed;
    loadError.replaceChildren(errorState({ title: MESSAGES.loadFailed, onRetry: () => loadPage({ focusNew }) }));
  } finally {
    loading = false;
    more.disabled = false;
    skeletonList.hidden = true;
  }
}

async function start() {
  const user = await currentUser();
  if (!user) {
    signInToContinue();
    return;
  }
  more.addEventListener("click", () => loadPage({ focusNew: true }));
  await loadPage();
}

start();
