// /reset/<uid>/<token>: set a new password from the mailed link
// (POST /api/user/password-reset/confirm); success signs in and opens the member page.
import { api, setToken } from "./api.js";
import { liveCheck, setFieldError, validateFields } from "./fields.js";
import { gettext, pagePath } from "./i18n.js";

const MESSAGES = {
  missing: gettext("請輸入新密碼"),
  tooShort: gettext("新密碼至少需要 8 個字元"),
  mismatch: gettext("兩次輸入的新密碼不一致"),
  working: gettext("設定中…"),
  done: gettext("密碼已重設，已為您登入"),
};

const form = document.querySelector("[data-reset-form]");
const password = form.elements.password;
const confirmation = form.elements.confirm;
const message = form.querySelector("[data-reset-message]");

const checkPassword = (value) => {
  if (!value) return MESSAGES.missing;
  return value.length < 8 ? MESSAGES.tooShort : "";
};
const checkConfirmation = () => (confirmation.value === password.value ? "" : MESSAGES.mismatch);

function say(text, kind = "info") {
  message.textContent = text;
  message.dataset.kind = kind;
}

async function submit(event) {
  event.preventDefault();
  const checks = [
    [password, checkPassword],
    [confirmation, checkConfirmation],
  ];
  if (!validateFields(checks)) return;
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  say(MESSAGES.working);
  try {
    const { token } = await api("/api/user/password-reset/confirm", {
      method: "POST",
      body: { uid: form.dataset.uid, token: form.dataset.token, password: password.value },
    });
    setToken(token);
    say(MESSAGES.done, "success");
    window.location.replace(pagePath("/member"));
  } catch (error) {
    // A weak password is the field's problem; a dead link is the form's (its message, in
    // any language, names the link: accounts/forms.py).
    if (error.status === 400 && !error.message.includes(gettext("連結"))) setFieldError(password, error.message);
    say(error.message, "error");
    button.disabled = false;
  }
}

liveCheck(password, checkPassword);
form.addEventListener("submit", submit);
