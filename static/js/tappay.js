// TapPay Fields on a payment form: TPDirect (loaded by the page as a classic script from
// settings.TAPPAY_SDK_URL) mounts the card inputs, and getPrime() turns the card into a
// one-time prime, so card numbers never reach this site.
import { gettext } from "./i18n.js";
const FIELD_ERRORS = {
  number: gettext("卡片號碼不正確"),
  expiry: gettext("有效期限不正確"),
  ccv: gettext("安全碼不正確"),
};
const STATUS_ERROR = 2;
export const CARD_MESSAGES = {
  unavailable: gettext("付款元件載入失敗，請重新整理頁面後再試"),
  incomplete: gettext("請完整填寫信用卡資訊"),
  primeFailed: gettext("無法取得付款資訊，請確認信用卡資料後再試"),
  walletFailed: gettext("無法啟動行動支付，請稍後再試或改用信用卡"),
};
// The payMethod the server expects -> the TPDirect object that gives its prime.
const WALLETS = { line_pay: "linePay", jko_pay: "jkoPay" };

// A one-time prime from LINE Pay or JKO Pay (TPDirect.linePay / .jkoPay.getPrime); the
// server pays it and answers with the wallet's page to send the buyer to.
export function getWalletPrime(method) {
  const wallet = window.TPDirect?.[WALLETS[method]];
  if (!wallet) return Promise.reject(new Error(CARD_MESSAGES.unavailable));
  return new Promise((resolve, reject) => {
    wallet.getPrime((first, second) => {
      // LINE Pay calls back with (result); JKO Pay's documented form is (error, result).
      const result = second === undefined ? first : second;
      const failed = second !== undefined && first;
      if (!failed && result?.prime && !result.status) resolve(result.prime);
      else reject(new Error(CARD_MESSAGES.walletFailed));
    });
  });
}

function cardProblem(status) {
  if (!status) return "";
  const wrong = Object.keys(FIELD_ERRORS).filter((key) => status[key] === STATUS_ERROR);
  // One sentence in any language: "the card number is incorrect, the …" starts with a
  // capital in English (toUpperCase leaves Chinese and Japanese alone).
  const text = wrong.map((key) => FIELD_ERRORS[key]).join(gettext("、"));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Sets up the three fields inside `form` (its data-tappay-* attributes carry the public
// app id, app key and server type); null when the SDK did not load.
export function setupCardFields(form, errorElement) {
  const sdk = window.TPDirect;
  if (!sdk) {
    errorElement.textContent = CARD_MESSAGES.unavailable;
    return null;
  }
  const { tappayAppId, tappayAppKey, tappayServerType } = form.dataset;
  sdk.setupSDK(Number(tappayAppId), tappayAppKey, tappayServerType);
  const field = (name) => form.querySelector(`[data-card-field="${name}"]`);
  sdk.card.setup({
    fields: {
      number: { element: field("number"), placeholder: "**** **** **** ****" },
      expirationDate: { element: field("expirationDate"), placeholder: "MM / YY" },
      ccv: { element: field("ccv"), placeholder: "CCV" },
    },
    styles: {
      input: { color: "#333", "font-size": "16px" },
      ".valid": { color: "#2b6b3f" },
      ".invalid": { color: "#b3261e" },
    },
  });
  sdk.card.onUpdate((update) => {
    errorElement.textContent = cardProblem(update.status);
  });
  return {
    // The fields' own check first, so an obviously wrong card never costs a round trip.
    check() {
      const status = sdk.card.getTappayFieldsStatus();
      if (status.canGetPrime) return "";
      return cardProblem(status.status) || CARD_MESSAGES.incomplete;
    },
    getPrime() {
      return new Promise((resolve, reject) => {
        sdk.card.getPrime((result) => {
          if (result.status === 0 && result.card?.prime) resolve(result.card.prime);
          else reject(new Error(CARD_MESSAGES.primeFailed));
        });
      });
    },
  };
}
