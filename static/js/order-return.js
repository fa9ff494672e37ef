// /order/<number>/return: where TapPay sends the buyer after 3-D Secure, LINE Pay or JKO
// Pay. TapPay's query parameters are not trusted: GET /api/order/{number} makes the
// server ask TapPay's Record API first, and only the member who owns the order sees it.
import { api, currentUser } from "./api.js";
import { openAuthModal } from "./nav.js";
import { formatPrice, STATE_LABELS } from "./trips.js";
import { gettext, pagePath, pageTitle } from "./i18n.js";

const METHOD_LABELS = { card: gettext("信用卡"), line_pay: "LINE Pay", jko_pay: gettext("街口支付") };
const MESSAGES = {
  notFound: gettext("找不到這筆訂單"),
  notFoundHelp: gettext("請確認您登入的是下單的會員帳號，或到歷史訂單查看您的訂單。"),
  signInFirst: gettext("請先登入會員帳號，才能查看付款結果。"),
  paid: [gettext("付款成功"), gettext("付款成功，行程已預訂完成，收據已寄到聯絡信箱。")],
  failed: [gettext("付款未完成"), gettext("這筆訂單沒有扣款，您可以到訂單頁面重新付款。")],
  refunded: [gettext("訂單已退款"), gettext("這筆訂單的款項已退還。")],
  pending: [gettext("付款確認中"), gettext("金流尚未回報結果。若您已完成付款驗證，請稍後重新整理本頁或到歷史訂單查看，不要重複付款。")],
};
// The notify and the buyer's return race each other; a few short polls cover the gap.
const POLL_MS = 2000;
const POLLS = 10;


const root = document.querySelector("[data-order-return]");
const number = root.dataset.number;
const title = root.querySelector("[data-return-title]");
const status = root.querySelector("[data-return-status]");
const section = root.querySelector("[data-return-order]");

function show(order) {
  const [heading, lead] = MESSAGES[order.state] || MESSAGES.pending;
  title.textContent = heading;
  document.title = pageTitle(heading);
  status.textContent = lead;
  section.querySelector("[data-return-number]").textContent = order.number;
  const badge = section.querySelector("[data-return-state]");
  badge.textContent = STATE_LABELS[order.state] || order.state;
  badge.dataset.state = order.state;
  section.querySelector("[data-return-method]").textContent = METHOD_LABELS[order.paymentMethod] || "—";
  section.querySelector("[data-return-total]").textContent = formatPrice(order.price);
  section.hidden = false;
  root.querySelector("[data-return-order-link]").hidden = false;
}

function wait(ms) {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

async function start() {
  const user = await currentUser();
  if (!user) {
    status.textContent = MESSAGES.signInFirst;
    openAuthModal("signin");
    return;
  }
  try {
    for (let poll = 0; poll < POLLS; poll += 1) {
      const { data } = await api(`/api/order/${encodeURIComponent(number)}`);
      if (!data) {
        title.textContent = MESSAGES.notFound;
        status.textContent = MESSAGES.notFoundHelp;
        return;
      }
      show(data);
      if (data.state !== "pending") {
        // Settled: the order page shows the outcome and what can be done next. The
        // return page leaves the history, so "back" does not land on it again.
        window.location.replace(pagePath(`/order/${encodeURIComponent(data.number)}`));
        return;
      }
      await wait(POLL_MS);
    }
  } catch (error) {
    status.textContent = error.status === 403 ? MESSAGES.signInFirst : error.message;
  }
  title.focus();
}

start();
