// An unpaid order paid again with a new card (POST /api/order/{number}/pay), shared by the
// order page and the thank-you page through templates/orders/_pay_again.html.
import { api } from "./api.js";
import { setupCardFields } from "./tappay.js";
import { gettext } from "./i18n.js";

const MESSAGES = {
  paying: gettext("付款處理中，請勿關閉頁面…"),
  paid: gettext("付款成功！"),
};

// Wires `form` to pay order `number`. `onAnswer(isPaid)` runs (and is awaited) after
// every answer that is not a redirect, so the page can show the order as it now is (a
// declined attempt adds a payment row too). Returns `show(payable)`, which shows the form for a payable order and mounts
// the card fields the first time it is shown.
export function payAgain(form, number, onAnswer) {
  const button = form.querySelector("[data-pay]");
  const message = form.querySelector("[data-checkout-message]");
  const cardError = form.querySelector("[data-card-error]");
  let card = null;
  let busy = false;

  async function pay(event) {
    event.preventDefault();
    if (busy || !card) return;
    const problem = card.check();
    cardError.textContent = problem;
    if (problem) return;
    busy = true;
    button.disabled = true;
    message.textContent = MESSAGES.paying;
    try {
      const prime = await card.getPrime();
      const { data } = await api(`/api/order/${encodeURIComponent(number)}/pay`, { method: "POST", body: { prime } });
      if (data.payment.redirectUrl) {
        // 3-D Secure or a wallet: the bank's page, then back to /order/<number>/return.
        window.location.assign(data.payment.redirectUrl);
        return;
      }
      const isPaid = data.payment.status === 0;
      message.textContent = isPaid ? MESSAGES.paid : data.payment.message;
      await onAnswer(isPaid);
    } catch (error) {
      message.textContent = error.message;
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  form.addEventListener("submit", pay);
  return function show(payable) {
    form.hidden = !payable;
    if (payable && !card) card = setupCardFields(form, cardError);
  };
}
