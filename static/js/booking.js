// /booking: the member's cart, the contact form and TapPay card fields; 確認訂購並付款
// pays the whole cart in one order and goes to the thank-you page.
import { api, currentUser } from "./api.js";
import { signInToContinue } from "./nav.js";
import { checkEmail, checkName, liveCheck, phoneCheck, validateFields } from "./fields.js";
import { showCartCount } from "./cart.js";
import { errorState } from "./states.js";
import { getWalletPrime, setupCardFields } from "./tappay.js";
import { formatDate, formatDateTime, formatPrice, h, SLOT_LABELS, STATE_LABELS, tripItem } from "./trips.js";
import { gettext, interpolate, pagePath } from "./i18n.js";

const MESSAGES = {
  loading: gettext("載入中…"),
  loadFailed: gettext("無法載入待預訂的行程"),
  deleting: gettext("刪除中…"),
  deleted: gettext("已刪除行程"),
  paying: gettext("付款處理中，請勿關閉頁面…"),
  redirecting: gettext("正在前往付款驗證頁面…"),
  viewOrder: gettext("查看這筆訂單"),
  notOffered: gettext("此行程已不再提供，請刪除後再結帳"),
  closed: gettext("此時段已截止預訂，請刪除後改選其他時段"),
};
const root = document.querySelector("[data-booking]");
const greeting = root.querySelector("[data-greeting]");
const status = root.querySelector("[data-booking-status]");
const empty = root.querySelector("[data-booking-empty]");
const skeletonList = root.querySelector("[data-booking-skeletons]");
const loadError = root.querySelector("[data-booking-error]");
const list = root.querySelector("[data-booking-list]");
const form = root.querySelector("[data-checkout-form]");
const total = form.querySelector("[data-total]");
const payButton = form.querySelector("[data-pay]");
const message = form.querySelector("[data-checkout-message]");
const cardError = form.querySelector("[data-card-error]");
const unpaid = root.querySelector("[data-unpaid-orders]");
const contact = {
  name: form.elements.name,
  email: form.elements.email,
  phone: form.elements.phone,
};
const checks = [
  [contact.name, checkName],
  [contact.email, checkEmail],
  [contact.phone, phoneCheck(contact.phone)],
];

let cart = [];
let card = null;
let busy = false;
// The order a declined payment left behind, linked from the message. Paying the same
// cart again needs no bookkeeping here: the server finds the order these items became.
let lastOrderNumber = null;

function cartTotal() {
  return cart.reduce((sum, item) => sum + item.price, 0);
}

function showMessage(text, { orderNumber = null } = {}) {
  message.replaceChildren(text ? h("p", { textContent: text }) : "");
  if (orderNumber) {
    message.append(
      h("p", {}, [
        h("a", { href: pagePath(`/order/${encodeURIComponent(orderNumber)}`), textContent: interpolate(gettext("%(link)s（%(number)s）"), { link: MESSAGES.viewOrder, number: orderNumber }) }),
      ]),
    );
  }
}

function deleteButton(item) {
  const label = interpolate(gettext("刪除行程：%(name)s，%(date)s %(slot)s"), { name: item.attraction.name, date: formatDate(item.date), slot: SLOT_LABELS[item.time] || item.time });
  const button = h("button", { type: "button", className: "trip__delete", "aria-label": label, title: gettext("刪除") }, [
    trashIcon(),
  ]);
  button.addEventListener("click", () => removeItem(item, button));
  return button;
}

function trashIcon() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "24");
  svg.setAttribute("height", "24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

function render() {
  const hasItems = cart.length > 0;
  empty.hidden = hasItems;
  list.hidden = !hasItems;
  form.hidden = !hasItems;
  list.replaceChildren(...cart.map(cartItem));
  total.textContent = formatPrice(cartTotal());
  showCartCount(cart.length);
}

function cartItem(item) {
  const extra = item.cancellableUntil ? [[gettext("免費取消："), interpolate(gettext("%(deadline)s 前"), { deadline: formatDateTime(item.cancellableUntil) })]] : [];
  const row = tripItem(item, { actions: [deleteButton(item)], extra });
  if (item.offered === false || item.open === false) {
    row.classList.add("trip--withdrawn");
    const notice = item.offered === false ? MESSAGES.notOffered : MESSAGES.closed;
    row.querySelector(".trip__body").append(h("p", { className: "trip__notice", textContent: notice }));
  }
  return row;
}

async function removeItem(item, button) {
  if (busy) return;
  button.disabled = true;
  status.textContent = MESSAGES.deleting;
  try {
    await api(`/api/booking/${encodeURIComponent(item.id)}`, { method: "DELETE" });
    cart = cart.filter((other) => other.id !== item.id);
    render();
    status.textContent = MESSAGES.deleted;
    // The deleted row held the focus; keep keyboard users on the page, not on <body>.
    (list.querySelector(".trip__delete") || greeting).focus();
  } catch (error) {
    if (error.status === 403) return signInToContinue();
    button.disabled = false;
    status.textContent = error.message;
  }
}

function setBusy(next) {
  busy = next;
  payButton.disabled = next;
  payButton.setAttribute("aria-busy", String(next));
  for (const button of form.querySelectorAll("[data-wallet]")) button.disabled = next;
  for (const button of list.querySelectorAll(".trip__delete")) button.disabled = next;
}

function contactValues() {
  return {
    name: contact.name.value.trim(),
    email: contact.email.value.trim(),
    phone: contact.phone.value.trim(),
  };
}

async function pay(prime, payMethod) {
  const order = { bookingIds: cart.map((item) => item.id), price: cartTotal(), contact: contactValues() };
  const { data } = await api("/api/orders", { method: "POST", body: { prime, payMethod, order } });
  return data;
}

async function checkout(event) {
  event.preventDefault();
  if (busy || !cart.length) return;
  showMessage("");
  const contactOk = validateFields(checks);
  const cardProblem = card ? card.check() : cardError.textContent;
  cardError.textContent = cardProblem;
  if (!contactOk || cardProblem || !card) return;
  await payWith("card", () => card.getPrime());
}

async function payWithWallet(event) {
  if (busy || !cart.length) return;
  showMessage("");
  if (!validateFields(checks)) return;
  const method = event.currentTarget.dataset.wallet;
  await payWith(method, () => getWalletPrime(method));
}

async function payWith(payMethod, getPrime) {
  setBusy(true);
  showMessage(MESSAGES.paying);
  try {
    const prime = await getPrime();
    const result = await pay(prime, payMethod);
    if (result.payment.redirectUrl) {
      // 3-D Secure or the wallet's own page; TapPay sends the buyer back to
      // /order/<number>/return, where the server checks the outcome with TapPay.
      showMessage(MESSAGES.redirecting);
      window.location.assign(result.payment.redirectUrl);
      return;
    }
    if (result.payment.status === 0) {
      window.location.assign(pagePath(`/thankyou?number=${encodeURIComponent(result.number)}`));
      return;
    }
    lastOrderNumber = result.number;
    showMessage(result.payment.message, { orderNumber: result.number });
    showUnpaidOrders();
    setBusy(false);
  } catch (error) {
    if (error.status === 403) return signInToContinue();
    showMessage(error.message, { orderNumber: lastOrderNumber });
    setBusy(false);
  }
}

// A pending order (its payment not settled yet) keeps its trips: they cannot be paid in
// another order until it settles, so the member is pointed at it. A failed order needs
// no pointer: paying the cart again pays or replaces it. The newest page is enough.
async function showUnpaidOrders() {
  let orders;
  try {
    ({ data: orders } = await api("/api/orders?page=0"));
  } catch {
    return; // Only a hint: the checkout itself reports any real problem.
  }
  const open = orders.filter((order) => order.state === "pending");
  unpaid.querySelector("[data-unpaid-list]").replaceChildren(
    ...open.map((order) =>
      h("li", {}, [
        h("a", {
          href: pagePath(`/order/${encodeURIComponent(order.number)}`),
          textContent: interpolate(gettext("訂單 %(number)s（%(state)s，%(price)s）"), { number: order.number, state: STATE_LABELS[order.state], price: formatPrice(order.price) }),
        }),
      ]),
    ),
  );
  unpaid.hidden = open.length === 0;
}


async function start() {
  const user = await currentUser();
  if (!user) return signInToContinue();
  greeting.textContent = interpolate(gettext("您好，%(name)s，待預訂的行程如下："), { name: user.name });
  contact.name.value = user.name || "";
  contact.email.value = user.email || "";
  contact.phone.value = user.phone || "";
  for (const [input, check] of checks) liveCheck(input, check);
  form.addEventListener("submit", checkout);
  for (const button of form.querySelectorAll("[data-wallet]")) button.addEventListener("click", payWithWallet);
  await loadCart();
}

async function loadCart() {
  loadError.replaceChildren();
  skeletonList.hidden = false;
  status.textContent = MESSAGES.loading;
  try {
    const { data } = await api("/api/booking");
    cart = data || [];
  } catch (error) {
    if (error.status === 403) return signInToContinue();
    skeletonList.hidden = true;
    status.textContent = MESSAGES.loadFailed;
    loadError.replaceChildren(errorState({ title: MESSAGES.loadFailed, onRetry: loadCart }));
    return;
  }
  skeletonList.hidden = true;
  render();
  status.textContent = "";
  if (cart.length) {
    card = setupCardFields(form, cardError);
    showUnpaidOrders();
  }
}

start();
