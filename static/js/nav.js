// Loaded on every page: the nav bar's signed-in state, the member menu, sign-out and the
// sign-in / sign-up modal. Page modules import openAuthModal() and requireSignIn().
import { api, clearToken, currentUser, getToken, setToken } from "./api.js";
import { refreshCartCount } from "./cart.js";
import { watchImages } from "./images.js";

const MESSAGES = {
  missing: "請填寫所有欄位",
  email: "電子信箱格式不正確",
  password: "密碼至少需要 8 個字元",
  signedUp: "註冊成功，請登入系統",
  working: "處理中…",
};
const MODES = {
  signin: { title: "登入會員帳號", switchText: "還沒有帳戶？", switchButton: "點此註冊" },
  signup: { title: "註冊會員帳號", switchText: "已經有帳戶了？", switchButton: "點此登入" },
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const modal = document.getElementById("auth-modal");
const forms = {
  signin: modal.querySelector('[data-auth-form="signin"]'),
  signup: modal.querySelector('[data-auth-form="signup"]'),
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
  forms.signin.hidden = next !== "signin";
  forms.signup.hidden = next !== "signup";
  showMessage("");
}

// Opens the sign-in (or sign-up) dialog; focus returns to the opener when it closes.
export function openAuthModal(startMode = "signin") {
  setMode(startMode);
  opener = document.activeElement;
  if (!modal.open) modal.showModal();
  forms[mode].querySelector("input").focus();
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
    if (form === forms.signup) {
      await api("/api/user", { method: "POST", body: values });
      const email = values.email;
      form.reset();
      setMode("signin");
      forms.signin.elements.email.value = email;
      showMessage(MESSAGES.signedUp, "success");
      forms.signin.elements.password.focus();
    } else {
      const { token } = await api("/api/user/auth", { method: "PUT", body: values });
      setToken(token);
      window.location.reload();
    }
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
  modal.querySelector("[data-modal-close]").addEventListener("click", closeAuthModal);
  modal.addEventListener("keydown", trapFocus);
  // A click on the backdrop lands on the <dialog> element itself.
  modal.addEventListener("click", (event) => {
    if (event.target === modal) closeAuthModal();
  });
  modal.addEventListener("close", () => {
    showMessage("");
    if (opener && document.contains(opener)) opener.focus();
  });
  for (const button of document.querySelectorAll("[data-auth-open]")) {
    button.addEventListener("click", () => openAuthModal("signin"));
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
  window.location.href = "/";
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

async function renderSignedInState() {
  if (!getToken()) return;
  const user = await currentUser();
  if (!user) return;
  setupMemberMenu(user);
  refreshCartCount();
}

setupModal();
guardMemberLinks();
watchImages();
renderSignedInState();
