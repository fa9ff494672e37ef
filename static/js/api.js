// Talks to the JSON API: adds the member's bearer token and the page's language (`lang`,
// so messages come back in it), sends and reads JSON, and throws an ApiError carrying
// the server's message when the answer is an error.
import { gettext, IS_SOURCE, LANG } from "./i18n.js";

const TOKEN_KEY = "token";

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
  userPromise = null;
}

export function clearToken() {
  localStorage.removeItem(TOKEN_KEY);
  userPromise = null;
}

// `path` with the page's `lang` (none on 繁體中文 pages: the API's default, and its
// cached answers stay the ones every earlier client got).
export function apiUrl(path) {
  if (IS_SOURCE) return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(LANG)}`;
}

export async function api(path, { method = "GET", body, formData, signal } = {}) {
  const headers = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (formData) {
    payload = formData;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body: payload, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(gettext("網路連線失敗，請稍後再試"), 0);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    throw new ApiError(gettext("伺服器回應格式錯誤，請稍後再試"), response.status);
  }
  if (!response.ok || data?.error) {
    throw new ApiError(data?.message || gettext("發生錯誤，請稍後再試"), response.status);
  }
  return data;
}

let userPromise = null;

// The signed-in member ({id, name, email, phone, avatar}) or null when signed out;
// rejects with an ApiError when the server could not be asked, so a page that needs the
// member can offer a retry. Asked once per page; a failed ask is asked again next time.
export function loadUser() {
  if (!getToken()) return Promise.resolve(null);
  if (!userPromise) {
    const asked = api("/api/user/auth").then(({ data }) => {
      if (!data) clearToken();
      return data;
    });
    asked.catch(() => {
      if (userPromise === asked) userPromise = null;
    });
    userPromise = asked;
  }
  return userPromise;
}

// The signed-in member, or null when signed out or when the server could not be asked.
export function currentUser() {
  return loadUser().catch(() => null);
}
