// /order/<number>: one order in full from GET /api/order/{number}: trips with their
// hours, party size, state and cancellation deadline, payments and refunds, and what
// can be done now: cancel a trip or the whole order (POST /api/order/{number}/cancel)
// or, for an unpaid order, pay again (pay-again.js).
import { api } from "./api.js";
import { orderView } from "./order-view.js";
import { payAgain } from "./pay-again.js";
import { formatDate, formatDateTime, formatPrice, h, STATE_LABELS, tripItem, withPlaceName } from "./trips.js";
import { gettext, interpolate, pageTitle } from "./i18n.js";

const METHOD_LABELS = { card: gettext("信用卡"), line_pay: "LINE Pay", jko_pay: gettext("街口支付") };
const ATTEMPT_LABELS = { pending: gettext("處理中"), succeeded: gettext("成功"), failed: gettext("失敗"), unknown: gettext("確認中") };
const MESSAGES = {
  notFoundHelp: gettext("請確認訂單編號與登入的會員帳號，或到歷史訂單查看您的所有訂單。"),
  confirmOne: (name) => interpolate(gettext("確定要取消「%(name)s」並全額退款嗎？取消後無法復原。"), { name }),
  confirmAll: gettext("確定要取消整筆訂單的所有行程並全額退款嗎？取消後無法復原。"),
  cancelling: gettext("取消中，正在辦理退款…"),
  cancelled: (amount) => interpolate(gettext("已取消，%(amount)s 已退回您付款的信用卡。"), { amount: formatPrice(amount) }),
  refundPending: gettext("已取消，退款正在向金流確認中，完成後會寄信通知您，請不要重複取消。"),
  refundFailed: gettext("已取消，但退款未成功，客服人員會與您聯繫。"),
  deadlinePassed: gettext("已過免費取消期限，無法自行取消"),
  noPayments: gettext("尚無付款紀錄"),
};

const root = document.querySelector("[data-order-page]");
const section = root.querySelector("[data-order]");
const view = orderView(root, { render, notFoundHelp: MESSAGES.notFoundHelp });
const { number, title } = view;
const cancelMessage = root.querySelector("[data-cancel-message]");
const cancelAllRow = root.querySelector("[data-cancel-all-row]");
const showPayAgain = payAgain(root.querySelector("[data-retry-form]"), number, () => view.load());
let busy = false;

function text(selector, value) {
  section.querySelector(selector).textContent = value;
}

function tripRow(trip, order) {
  const deadline = formatDateTime(trip.cancellableUntil);
  const extra = [[gettext("狀態："), STATE_LABELS[trip.state] || trip.state]];
  if (deadline && (trip.state === "paid" || trip.state === "pending" || trip.state === "failed")) {
    extra.push([gettext("免費取消期限："), deadline]);
  }
  const actions = [];
  if (trip.cancellable) {
    // Which trip is said in hidden text after the visible words, not an aria-label that
    // would hide them (axe label-content-name-mismatch, WCAG 2.5.3).
    const button = h("button", { type: "button", className: "button button--ghost trip__cancel" }, [
      gettext("取消行程"),
      h("span", { className: "visually-hidden" }, withPlaceName(gettext("：%(name)s，%(date)s"), trip.attraction, { date: formatDate(trip.date) })),
    ]);
    button.addEventListener("click", () => cancel([trip.id], MESSAGES.confirmOne(trip.attraction.name)));
    actions.push(button);
  }
  const row = tripItem(trip, { headingLevel: 3, actions, extra });
  row.dataset.tripState = trip.state;
  if (!trip.cancellable && trip.state === "paid" && order.state === "paid") {
    row.querySelector(".trip__body").append(h("p", { className: "trip__notice", textContent: MESSAGES.deadlinePassed }));
  }
  return row;
}

function attemptRow(attempt, kind) {
  const when = formatDateTime(attempt.answeredAt || attempt.requestedAt);
  const how = kind === "payment" ? interpolate(gettext("%(method)s 付款"), { method: METHOD_LABELS[attempt.method] || attempt.method }) : gettext("退款");
  return h("li", { className: "order-history-list__item" }, [
    h("span", { textContent: `${when} ${how} ${formatPrice(attempt.amount)}` }),
    " ",
    h("span", { className: "state-badge", textContent: ATTEMPT_LABELS[attempt.state] || attempt.state, "data-state": attempt.state }),
  ]);
}

function render(order) {
  const state = order.state || (order.status === 0 ? "paid" : "pending");
  title.textContent = interpolate(gettext("訂單 %(number)s"), { number: order.number });
  document.title = pageTitle(title.textContent);
  text("[data-order-number]", order.number);
  const stateBadge = section.querySelector("[data-order-state]");
  stateBadge.textContent = STATE_LABELS[state] || state;
  stateBadge.dataset.state = state;
  text("[data-order-created]", formatDateTime(order.createdAt) || "—");
  text("[data-order-contact]", interpolate(gettext("%(name)s（%(phone)s，%(email)s）"), order.contact));
  text("[data-order-total]", formatPrice(order.price));
  const trips = order.trips?.length ? order.trips : [order.trip].filter(Boolean);
  section.querySelector("[data-order-trips]").replaceChildren(...trips.map((trip) => tripRow(trip, order)));
  // The whole order at once: only when every trip still on it may be cancelled.
  const live = trips.filter((trip) => trip.state === "paid");
  cancelAllRow.hidden = live.length < 2 || !live.every((trip) => trip.cancellable);
  const payments = order.payments || [];
  section
    .querySelector("[data-order-payments]")
    .replaceChildren(...(payments.length ? payments.map((p) => attemptRow(p, "payment")) : [h("li", { textContent: MESSAGES.noPayments })]));
  const refunds = order.refunds || [];
  section.querySelector("[data-refunds-block]").hidden = refunds.length === 0;
  section.querySelector("[data-order-refunds]").replaceChildren(...refunds.map((r) => attemptRow(r, "refund")));
  section.hidden = false;
  showPayAgain(order.payable);
}

function cancelOutcome(order, ids) {
  const trips = order.trips.filter((trip) => ids === null || ids.includes(trip.id));
  if (trips.every((trip) => trip.state === "refunded")) {
    const refunds = order.refunds || [];
    return [MESSAGES.cancelled(refunds.length ? refunds[refunds.length - 1].amount : 0), true];
  }
  const last = (order.refunds || []).at(-1);
  return [last && last.state === "failed" ? MESSAGES.refundFailed : MESSAGES.refundPending, false];
}

async function cancel(ids, question) {
  if (busy || !window.confirm(question)) return;
  busy = true;
  for (const button of section.querySelectorAll(".trip__cancel, [data-cancel-all]")) button.disabled = true;
  cancelMessage.classList.remove("is-success");
  cancelMessage.textContent = MESSAGES.cancelling;
  try {
    const body = ids ? { items: ids } : {};
    const { data } = await api(`/api/order/${encodeURIComponent(number)}/cancel`, { method: "POST", body });
    render(data);
    const [outcome, isRefunded] = cancelOutcome(data, ids);
    cancelMessage.textContent = outcome;
    cancelMessage.classList.toggle("is-success", isRefunded);
  } catch (error) {
    cancelMessage.textContent = error.message;
    for (const button of section.querySelectorAll(".trip__cancel, [data-cancel-all]")) button.disabled = false;
  } finally {
    busy = false;
  }
}

root.querySelector("[data-cancel-all]").addEventListener("click", () => cancel(null, MESSAGES.confirmAll));
view.start();
