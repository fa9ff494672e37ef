// Form-field messages: the text goes in the field's "<id>-error" element (named by its
// aria-describedby) and aria-invalid tells assistive technology which field is wrong.
import { gettext } from "./i18n.js";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const FIELD_MESSAGES = {
  nameMissing: gettext("請輸入姓名"),
  nameTooLong: gettext("姓名最多 50 個字"),
  emailMissing: gettext("請輸入電子信箱"),
  emailInvalid: gettext("電子信箱格式不正確"),
  phoneMissing: gettext("請輸入手機號碼"),
  phoneInvalid: gettext("手機號碼須為 09 開頭的 10 位數字，例如 0912345678"),
};

export function setFieldError(input, message) {
  const error = document.getElementById(`${input.id}-error`);
  if (error) error.textContent = message || "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

export function checkName(value) {
  if (!value) return FIELD_MESSAGES.nameMissing;
  if (value.length > 50) return FIELD_MESSAGES.nameTooLong;
  return "";
}

export function checkEmail(value) {
  if (!value) return FIELD_MESSAGES.emailMissing;
  return EMAIL.test(value) ? "" : FIELD_MESSAGES.emailInvalid;
}

// The phone check for one input: the rule is the server's, rendered into the input's
// `pattern` attribute (taipei_trip/forms.py PHONE_PATTERN), which, like HTML's own
// check, must match the whole value.
export function phoneCheck(input, { required = true } = {}) {
  const pattern = new RegExp(`^(?:${input.pattern})$`);
  return (value) => {
    if (!value) return required ? FIELD_MESSAGES.phoneMissing : "";
    return pattern.test(value) ? "" : FIELD_MESSAGES.phoneInvalid;
  };
}

// Runs each field's check, shows the messages, focuses the first wrong field and
// answers whether the form is valid.
export function validateFields(checks) {
  let firstInvalid = null;
  for (const [input, check] of checks) {
    const message = check(input.value.trim());
    setFieldError(input, message);
    if (message && !firstInvalid) firstInvalid = input;
  }
  firstInvalid?.focus();
  return !firstInvalid;
}

// Re-checks a field once the member leaves it, and clears the message while they fix it.
export function liveCheck(input, check) {
  input.addEventListener("blur", () => {
    if (input.value.trim() || input.hasAttribute("aria-invalid")) setFieldError(input, check(input.value.trim()));
  });
  input.addEventListener("input", () => {
    if (input.hasAttribute("aria-invalid") && !check(input.value.trim())) setFieldError(input, "");
  });
}
