// /thankyou?number=: the order (order-view.js) under a heading that says how it stands;
// an unpaid one can be paid again here with a new card (pay-again.js).
import { orderView } from "./order-view.js";
import { payAgain } from "./pay-again.js";
import { formatDateTime, formatPrice, STATE_LABELS, tripItem } from "./trips.js";
import { gettext, interpolate, pageTitle } from "./i18n.js";

const MESSAGES = {
  notFoundHelp: gettext("請確認訂單編號，或到歷史訂單查看您的所有訂單。"),
  paidTitle: gettext("感謝您的訂購"),
  paidLead: gettext("付款成功，行程已預訂完成。導覽人員會在出發前以手機與您聯繫。"),
  unpaidTitle: gettext("訂單尚未付款"),
  failedLead: gettext("這筆訂單付款失敗，尚未扣款，請換一張卡或重新輸入後再付一次。"),
  // A pending order may have an attempt whose answer was lost; the server settles it
  // with TapPay's records when the order is viewed, and refuses a second charge meanwhile.
  pendingLead: gettext("這筆訂單尚未完成付款。若剛才付款時連線中斷，系統會向金流確認結果，請稍後重新整理本頁。"),
  closedLead: gettext("這筆訂單無法再付款：它的行程已在較新的訂單中結帳，或行程日期已過。請到歷史訂單查看。"),
  refundedTitle: gettext("訂單已退款"),
  refundedLead: gettext("這筆訂單的款項已退還。"),
};

const root = document.querySelector("[data-thankyou]");
const section = root.querySelector("[data-order]");
const view = orderView(root, { render, notFoundHelp: MESSAGES.notFoundHelp });
const { title } = view;
const showPayAgain = payAgain(root.querySelector("[data-retry-form]"), view.number, async (isPaid) => {
  await view.load();
  if (isPaid) title.focus();
});

function text(selector, value) {
  section.querySelector(selector).textContent = value;
}

function headline(state, payable) {
  if (state === "paid") return [MESSAGES.paidTitle, MESSAGES.paidLead];
  if (state === "refunded") return [MESSAGES.refundedTitle, MESSAGES.refundedLead];
  if (!payable) return [MESSAGES.unpaidTitle, MESSAGES.closedLead];
  if (state === "failed") return [MESSAGES.unpaidTitle, MESSAGES.failedLead];
  return [MESSAGES.unpaidTitle, MESSAGES.pendingLead];
}

function orderState(order) {
  // "state" is this site's extension; the base contract's status is 0 paid / 1 not paid.
  return order.state || (order.status === 0 ? "paid" : "pending");
}

function render(order) {
  const state = orderState(order);
  // "payable" is this site's extension, always sent: unpaid, not replaced by a newer
  // order, no past trip (orders/selectors.py decides).
  const payable = order.payable;
  const [heading, lead] = headline(state, payable);
  title.textContent = heading;
  document.title = pageTitle(heading);
  text("[data-order-number]", order.number);
  const badge = section.querySelector("[data-order-state]");
  badge.textContent = STATE_LABELS[state] || state;
  badge.dataset.state = state;
  text("[data-order-lead]", lead);
  text("[data-order-created]", formatDateTime(order.createdAt) || "—");
  text("[data-order-contact]", interpolate(gettext("%(name)s（%(phone)s，%(email)s）"), order.contact));
  text("[data-order-total]", formatPrice(order.price));
  const trips = order.trips?.length ? order.trips : [order.trip].filter(Boolean);
  section.querySelector("[data-order-trips]").replaceChildren(...trips.map((trip) => tripItem(trip, { headingLevel: 3 })));
  section.hidden = false;
  showPayAgain(payable);
}

view.start();
