// Loaded on every page: the nav bar's signed-in state, the member menu, sign-out, the
// unverified-address banner and the sign-in / sign-up / forgot-password dialog. Page
// modules import openAuthModal(), requireSignIn() and signInToContinue().
import { api, clearToken, currentUser, getToken, setToken } from "./api.js";
import { refreshCartCount } from "./cart.js";
import { watchImages } from "./images.js";
import { gettext, pagePath, unprefixedPath } from "./i18n.js";

const MESSAGES = {
  missing: gettext("請填寫所有欄位"),
  email: gettext("電子信箱格式不正確"),
  password: gettext("密碼至少需要 8 個字元"),
  working: gettext("處理中…"),
  resetSent: gettext("如果這個電子信箱已註冊，重設密碼的連結已寄出，請在 1 小時內使用。"),
  verificationSent: gettext("驗證信已寄出，請查看您的信箱。"),
};
const MODES = {
  signin: { title: gettext("登入會員帳號"), switchText: gettext("還沒有帳戶？"), switchButton: gettext("點此註冊") },
  signup: { title: gettext("註冊會員帳號"), switchText: gettext("已經有帳戶了？"), switchButton: gettext("點此登入") },
  forgot: { title: gettext("忘記密碼"), switchText: gettext("想起密碼了？"), switchButton: gettext("點此登入") },
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const modal = document.getElementById("auth-modal");
const forms = {
  signin: modal.querySelector('[data-auth-form="signin"]'),
  signup: modal.querySelector('[data-auth-form="signup"]'),
  forgot: modal.querySelector('[data-auth-form="forgot"]'),
};
const message = modal.querySelector("[data-auth-message]");
let mode = "signin";
let opener = null;

function showMessage(text, kind = "error") {
  message.textContent = text;
  message.dataset.kind = kind;
}

function setMode(next) {
  mode = next;
  const copy = MODES[next];
  modal.querySelector("[data-auth-title]").textContent = copy.title;
  modal.querySelector("[data-auth-switch-text]").textContent = copy.switchText;
  modal.querySelector("[data-auth-switch]").textContent = copy.switchButton;
  for (const [name, form] of Object.entries(forms)) form.hidden = name !== next;
  showMessage("");
}

let onDismiss = null;

// Opens the sign-in (or sign-up, or forgot-password) dialog; focus returns to the opener
// when it closes. `dismissed` runs if it closes without a sign-in.
export function openAuthModal(startMode = "signin", { dismissed = null } = {}) {
  setMode(startMode);
  opener = document.activeElement;
  onDismiss = dismissed;
  if (!modal.open) modal.showModal();
  forms[mode].querySelector("input").focus();
}

// For pages only members see (/member, /orders, /booking): signed out, the dialog opens
// here and a sign-in reloads this page; closing it instead goes home.
export function signInToContinue() {
  openAuthModal("signin", { dismissed: () => window.location.replace(pagePath("/")) });
}

// After signing in (or up), the page starts again signed in, where the member was; pages
// put back what was being done (see attraction.js).
function signedIn(token) {
  setToken(token);
  onDismiss = null;
  window.location.reload();
}

function closeAuthModal() {
  if (modal.open) modal.close();
}

// The signed-in member, or null after opening the sign-in dialog.
export async function requireSignIn() {
  const user = await currentUser();
  if (!user) openAuthModal("signin");
  return user;
}

function focusable() {
  return [...modal.querySelectorAll("button, input, a[href]")].filter(
    (element) => !element.disabled && element.offsetParent !== null,
  );
}

// showModal() makes the page inert, but Tab could still leave for the browser's own UI;
// cycling keeps keyboard users inside the dialog until they close it.
function trapFocus(event) {
  if (event.key !== "Tab") return;
  const items = focusable();
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

function readForm(form) {
  const values = Object.fromEntries(new FormData(form));
  for (const key of Object.keys(values)) {
    if (key !== "password") values[key] = values[key].trim();
  }
  if (Object.values(values).some((value) => !value)) return [values, MESSAGES.missing];
  if (!EMAIL.test(values.email)) return [values, MESSAGES.email];
  if (form === forms.signup && values.password.length < 8) return [values, MESSAGES.password];
  return [values, ""];
}

async function submitAuth(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const [values, problem] = readForm(form);
  if (problem) {
    showMessage(problem);
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  showMessage(MESSAGES.working, "info");
  try {
    if (form === forms.forgot) {
      await api("/api/user/password-reset", { method: "POST", body: values });
      showMessage(MESSAGES.resetSent, "success");
      return;
    }
    if (form === forms.signup) {
      // Signing up signs in: the same address and password, right away.
      await api("/api/user", { method: "POST", body: values });
    }
    const credentials = { email: values.email, password: values.password };
    const { token } = await api("/api/user/auth", { method: "PUT", body: credentials });
    signedIn(token);
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

function setupModal() {
  for (const form of Object.values(forms)) form.addEventListener("submit", submitAuth);
  modal.querySelector("[data-auth-switch]").addEventListener("click", () => {
    setMode(mode === "signin" ? "signup" : "signin");
    forms[mode].querySelector("input").focus();
  });
  modal.querySelector("[data-auth-forgot]").addEventListener("click", () => {
    const email = forms.signin.elements.email.value;
    setMode("forgot");
    forms.forgot.elements.email.value = email;
    forms.forgot.elements.email.focus();
  });
  modal.querySelector("[data-modal-close]").addEventListener("click", closeAuthModal);
  modal.addEventListener("keydown", trapFocus);
  // A click on the backdrop lands on the <dialog> element itself.
  modal.addEventListener("click", (event) => {
    if (event.target === modal) closeAuthModal();
  });
  modal.addEventListener("close", () => {
    showMessage("");
    if (opener && document.contains(opener)) opener.focus();
    const dismissed = onDismiss;
    onDismiss = null;
    dismissed?.();
  });
  for (const button of document.querySelectorAll("[data-auth-open]")) {
    button.addEventListener("click", () => openAuthModal(button.dataset.authMode || "signin"));
  }
}

function setupMemberMenu(user) {
  const menu = document.querySelector("[data-member-menu]");
  const toggle = menu.querySelector("[data-member-toggle]");
  const list = menu.querySelector(".member-menu__list");
  menu.querySelector("[data-member-name]").textContent = user.name;
  if (user.avatar) menu.querySelector("[data-member-avatar]").src = user.avatar;
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
  };
  toggle.addEventListener("click", () => setOpen(list.hidden));
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) setOpen(false);
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !list.hidden) {
      setOpen(false);
      toggle.focus();
    }
  });
  menu.querySelector("[data-sign-out]").addEventListener("click", signOut);
  for (const button of document.querySelectorAll("[data-auth-open]")) button.hidden = true;
  menu.hidden = false;
}

async function signOut() {
  try {
    await api("/api/user/auth", { method: "DELETE" });
  } catch {
    // The token is dropped locally either way; an expired one is already useless.
  }
  clearToken();
  window.location.href = pagePath("/");
}

// Signed-out visitors following a members-only link get the dialog instead of a redirect.
function guardMemberLinks() {
  for (const link of document.querySelectorAll("a[data-requires-signin]")) {
    link.addEventListener("click", async (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      if (await requireSignIn()) window.location.href = link.href;
    });
  }
}

// Unverified members can book and pay; a banner reminds them, with a resend button.
function showVerifyBanner() {
  const banner = document.querySelector("[data-verify-banner]");
  const button = banner.querySelector("[data-verify-resend]");
  const note = banner.querySelector("[data-verify-message]");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await api("/api/user/verification", { method: "POST" });
      note.textContent = MESSAGES.verificationSent;
    } catch (error) {
      note.textContent = error.message;
      button.disabled = false;
    }
  });
  banner.hidden = false;
}

async function renderSignedInState() {
  if (!getToken()) return;
  const user = await currentUser();
  if (!user) return;
  setupMemberMenu(user);
  refreshCartCount();
  if (user.emailVerified === false) showVerifyBanner();
}

// The language switch (templates/sitepages/_language_switch.html) works as plain links;
// here each link takes the address bar's current query and fragment along (the page may
// have changed them, or been served from the cache for another query), and the open list
// closes with Esc or a click elsewhere.
function setupLanguageSwitch() {
  const menu = document.querySelector("[data-language-switch]");
  if (!menu) return;
  menu.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-language]");
    if (!link) return;
    const here = unprefixedPath(window.location.pathname) + window.location.search + window.location.hash;
    const href = new URL(link.href);
    href.searchParams.set("next", here);
    link.href = href.toString();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
}

setupModal();
setupLanguageSwitch();
guardMemberLinks();
watchImages();
renderSignedInState();
