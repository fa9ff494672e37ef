// /member: the profile (PATCH /api/user), a password change (PUT /api/user/password,
// which revokes every earlier token and hands back a new one) and the avatar
// (POST / DELETE /api/user/avatar), shown here and in the nav bar.
import { api, apiUrl, clearToken, getToken, loadUser, setToken } from "./api.js";
import { signInToContinue } from "./nav.js";
import { checkName, liveCheck, phoneCheck, setFieldError, validateFields } from "./fields.js";
import { COPY, errorState } from "./states.js";
import { gettext } from "./i18n.js";

const AVATAR_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const MESSAGES = {
  saving: gettext("儲存中…"),
  saved: gettext("個人資料已更新"),
  passwordChanged: gettext("密碼已變更，其他裝置上的登入已失效"),
  currentMissing: gettext("請輸入目前的密碼"),
  newMissing: gettext("請輸入新密碼"),
  newTooShort: gettext("新密碼至少需要 8 個字元"),
  newSameAsCurrent: gettext("新密碼不能與目前的密碼相同"),
  confirmMismatch: gettext("兩次輸入的新密碼不一致"),
  avatarType: gettext("頭像只接受 JPEG、PNG 或 WebP 圖片"),
  avatarSize: gettext("頭像檔案不能超過 5 MB"),
  avatarChosen: gettext("已選擇圖片，按「上傳頭像」儲存"),
  noFile: gettext("尚未選擇檔案"),
  uploading: gettext("上傳中…"),
  uploaded: gettext("頭像已更新"),
  removing: gettext("移除中…"),
  removed: gettext("頭像已移除"),
  exporting: gettext("準備中…"),
  exported: gettext("已下載您的資料"),
  deleteConfirm: gettext("請勾選確認"),
  deleting: gettext("刪除中…"),
  loadFailed: gettext("會員資料載入失敗"),
};

const root = document.querySelector("[data-member]");
const status = root.querySelector("[data-member-status]");
const sections = root.querySelector("[data-member-sections]");
const skeletonList = root.querySelector("[data-member-skeletons]");
const loadError = root.querySelector("[data-member-error]");
const profileForm = root.querySelector("[data-profile-form]");
const passwordForm = root.querySelector("[data-password-form]");
const avatarForm = root.querySelector("[data-avatar-form]");
const avatarImage = root.querySelector("[data-avatar-image]");
const avatarInput = avatarForm.elements.avatar;
const uploadButton = avatarForm.querySelector("[data-avatar-upload]");
const removeButton = avatarForm.querySelector("[data-avatar-remove]");
const fileName = avatarForm.querySelector("[data-avatar-file-name]");
const defaultAvatar = root.dataset.defaultAvatar;
let savedAvatar = null;
let previewReader = null;

function say(form, selector, text, kind = "info") {
  const element = form.querySelector(selector);
  element.textContent = text;
  element.dataset.kind = kind;
}

// Runs one request with the form's submit button disabled, so a double click sends once.
async function submitting(form, work) {
  const button = form.querySelector('[type="submit"]');
  if (button.disabled) return;
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

function showAvatar(url) {
  savedAvatar = url;
  avatarImage.src = url || defaultAvatar;
  removeButton.hidden = !url;
  const navAvatar = document.querySelector("[data-member-avatar]");
  if (navAvatar && defaultAvatar) navAvatar.src = url || defaultAvatar;
}

// The preview is a data: URL: the site's CSP allows data: images but not blob: ones.
function clearPreview() {
  previewReader?.abort();
  previewReader = null;
}

function preview(file) {
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    if (reader === previewReader) avatarImage.src = reader.result;
  });
  reader.readAsDataURL(file);
  previewReader = reader;
}

// --- profile -------------------------------------------------------------------------
const profile = { name: profileForm.elements.name, phone: profileForm.elements.phone };
const profileChecks = [
  [profile.name, checkName],
  [profile.phone, phoneCheck(profile.phone, { required: false })],
];

async function saveProfile(event) {
  event.preventDefault();
  say(profileForm, "[data-profile-message]", "");
  if (!validateFields(profileChecks)) return;
  await submitting(profileForm, async () => {
    say(profileForm, "[data-profile-message]", MESSAGES.saving);
    const body = { name: profile.name.value.trim(), phone: profile.phone.value.trim() };
    try {
      await api("/api/user", { method: "PATCH", body });
      say(profileForm, "[data-profile-message]", MESSAGES.saved, "success");
      const navName = document.querySelector("[data-member-name]");
      if (navName) navName.textContent = body.name;
    } catch (error) {
      if (error.status === 403) return signInToContinue();
      say(profileForm, "[data-profile-message]", error.message, "error");
    }
  });
}

// --- password ------------------------------------------------------------------------
const password = {
  current: passwordForm.elements.currentPassword,
  next: passwordForm.elements.newPassword,
  confirm: passwordForm.elements.confirmPassword,
};
const passwordChecks = [
  [password.current, (value) => (value ? "" : MESSAGES.currentMissing)],
  [
    password.next,
    (value) => {
      if (!value) return MESSAGES.newMissing;
      if (value.length < 8) return MESSAGES.newTooShort;
      return value === password.current.value.trim() ? MESSAGES.newSameAsCurrent : "";
    },
  ],
  [password.confirm, (value) => (value === password.next.value.trim() ? "" : MESSAGES.confirmMismatch)],
];

async function changePassword(event) {
  event.preventDefault();
  say(passwordForm, "[data-password-message]", "");
  if (!validateFields(passwordChecks)) return;
  await submitting(passwordForm, async () => {
    say(passwordForm, "[data-password-message]", MESSAGES.saving);
    const body = { currentPassword: password.current.value, newPassword: password.next.value };
    try {
      const answer = await api("/api/user/password", { method: "PUT", body });
      setToken(answer.token);
      passwordForm.reset();
      say(passwordForm, "[data-password-message]", MESSAGES.passwordChanged, "success");
    } catch (error) {
      if (error.status === 403) return signInToContinue();
      say(passwordForm, "[data-password-message]", error.message, "error");
    }
  });
}

// --- avatar --------------------------------------------------------------------------
function chooseAvatar() {
  clearPreview();
  const file = avatarInput.files[0];
  fileName.textContent = file ? file.name : MESSAGES.noFile;
  say(avatarForm, "[data-avatar-message]", "");
  let problem = "";
  if (file && !AVATAR_TYPES.has(file.type)) problem = MESSAGES.avatarType;
  else if (file && file.size > AVATAR_MAX_BYTES) problem = MESSAGES.avatarSize;
  setFieldError(avatarInput, problem);
  uploadButton.disabled = !file || Boolean(problem);
  if (!file || problem) {
    avatarImage.src = savedAvatar || defaultAvatar;
    return;
  }
  preview(file);
  say(avatarForm, "[data-avatar-message]", MESSAGES.avatarChosen);
}

async function uploadAvatar(event) {
  event.preventDefault();
  const file = avatarInput.files[0];
  if (!file || uploadButton.disabled) return;
  uploadButton.disabled = true;
  say(avatarForm, "[data-avatar-message]", MESSAGES.uploading);
  const formData = new FormData();
  formData.append("avatar", file);
  try {
    const { data } = await api("/api/user/avatar", { method: "POST", formData });
    clearPreview();
    avatarInput.value = "";
    fileName.textContent = MESSAGES.noFile;
    showAvatar(data.avatar);
    say(avatarForm, "[data-avatar-message]", MESSAGES.uploaded, "success");
  } catch (error) {
    if (error.status === 403) return signInToContinue();
    uploadButton.disabled = false;
    say(avatarForm, "[data-avatar-message]", error.message, "error");
  }
}

async function removeAvatar() {
  removeButton.disabled = true;
  say(avatarForm, "[data-avatar-message]", MESSAGES.removing);
  try {
    await api("/api/user/avatar", { method: "DELETE" });
    clearPreview();
    avatarInput.value = "";
    fileName.textContent = MESSAGES.noFile;
    uploadButton.disabled = true;
    showAvatar(null);
    say(avatarForm, "[data-avatar-message]", MESSAGES.removed, "success");
    avatarInput.focus();
  } catch (error) {
    if (error.status === 403) return signInToContinue();
    say(avatarForm, "[data-avatar-message]", error.message, "error");
  } finally {
    removeButton.disabled = false;
  }
}


// The export is a file download, so it is fetched with the token and saved from a blob.
async function downloadData(button) {
  const box = button.parentElement;
  say(box, "[data-export-message]", MESSAGES.exporting);
  button.disabled = true;
  try {
    const response = await fetch(apiUrl("/api/user/export"), {
      headers: { Authorization: `Bearer ${getToken()}` },
    });
    if (response.status === 403) return signInToContinue();
    if (!response.ok) throw new Error((await response.json()).message);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "taipei-day-trip-my-data.json";
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(link.href);
    say(box, "[data-export-message]", MESSAGES.exported, "success");
  } catch (error) {
    say(box, "[data-export-message]", error.message || gettext("下載失敗，請稍後再試"), "error");
  } finally {
    button.disabled = false;
  }
}

async function deleteAccount(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const password = form.elements.password;
  const confirm = form.elements.confirm;
  setFieldError(password, password.value ? "" : MESSAGES.currentMissing);
  setFieldError(confirm, confirm.checked ? "" : MESSAGES.deleteConfirm);
  if (!password.value) return password.focus();
  if (!confirm.checked) return confirm.focus();
  await submitting(form, async () => {
    say(form, "[data-delete-message]", MESSAGES.deleting);
    try {
      await api("/api/user", { method: "DELETE", body: { password: password.value } });
      clearToken();
      window.location.replace("/?deleted=1");
    } catch (error) {
      if (error.status === 403) return signInToContinue();
      say(form, "[data-delete-message]", error.message, "error");
      password.focus();
    }
  });
}

function fill(user) {
  profileForm.elements.email.value = user.email;
  // Lets password managers tie the new password to this account.
  passwordForm.querySelector("[data-password-username]").value = user.email;
  profile.name.value = user.name || "";
  profile.phone.value = user.phone || "";
  showAvatar(user.avatar || null);
  root.querySelector("[data-delete-username]").value = user.email;
}

function listen() {
  for (const [input, check] of [...profileChecks, ...passwordChecks]) liveCheck(input, check);
  profileForm.addEventListener("submit", saveProfile);
  passwordForm.addEventListener("submit", changePassword);
  avatarInput.addEventListener("change", chooseAvatar);
  avatarForm.addEventListener("submit", uploadAvatar);
  removeButton.addEventListener("click", removeAvatar);
  const exportButton = root.querySelector("[data-export]");
  exportButton.addEventListener("click", () => downloadData(exportButton));
  root.querySelector("[data-delete-form]").addEventListener("submit", deleteAccount);
}

// Skeleton panels while the member loads; a failed load says so with a retry, and a
// signed-out visitor is asked to sign in.
async function load() {
  loadError.replaceChildren();
  skeletonList.hidden = false;
  status.textContent = COPY.loading;
  let user;
  try {
    user = await loadUser();
  } catch {
    skeletonList.hidden = true;
    // The error box is an alert: the status line saying it again would repeat it.
    status.textContent = "";
    loadError.replaceChildren(errorState({ title: MESSAGES.loadFailed, onRetry: load }));
    return;
  }
  skeletonList.hidden = true;
  if (!user) return signInToContinue();
  fill(user);
  status.textContent = "";
  sections.hidden = false;
}

listen();
load();
