// Loading, empty and error states every page shares: skeleton placeholders while data
// loads, an empty state with a next action, an error with a retry button. Copy lives in
// COPY so pages say the same thing the same way.
import { gettext } from "./i18n.js";
export const COPY = {
  loading: gettext("載入中…"),
  retry: gettext("重新載入"),
  browse: gettext("去逛逛景點"),
  loadFailed: gettext("資料載入失敗，請檢查網路連線後重新載入。"),
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// `count` copies of a grey placeholder shaped like the content (`kind` picks the shape:
// "card", "trip" or "order"), hidden from assistive technology: the page's status says
// what is loading.
export function skeletons(count, kind = "card") {
  return Array.from({ length: count }, () => {
    const item = element("li", `skeleton skeleton--${kind}`);
    item.setAttribute("aria-hidden", "true");
    item.dataset.skeleton = "";
    item.append(element("span", "skeleton__media"), element("span", "skeleton__line"), element("span", "skeleton__line skeleton__line--short"));
    return item;
  });
}

export function removeSkeletons(root) {
  for (const item of root.querySelectorAll("[data-skeleton]")) item.remove();
}

// An empty state: a title, an optional line of help and one next action, a link
// ({label, href}) or a button ({label, onClick}).
export function emptyState({ title, text = "", action = null }) {
  const box = element("div", "state state--empty");
  box.dataset.state = "empty";
  box.append(element("p", "state__title", title));
  if (text) box.append(element("p", "state__text", text));
  if (action) box.append(actionFor(action, "button"));
  return box;
}

// An error state with a retry button; the button says it is busy while onRetry runs and
// the state removes itself when onRetry resolves.
export function errorState({ title, text = COPY.loadFailed, onRetry }) {
  const box = element("div", "state state--error");
  box.dataset.state = "error";
  box.setAttribute("role", "alert");
  box.append(element("p", "state__title", title));
  if (text) box.append(element("p", "state__text", text));
  const button = actionFor({ label: COPY.retry, onClick: onRetry }, "button button--ghost");
  button.dataset.retry = "";
  box.append(button);
  return box;
}

function actionFor(action, className) {
  if (action.href) {
    const link = element("a", className, action.label);
    link.href = action.href;
    return link;
  }
  const button = element("button", className, action.label);
  button.type = "button";
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      await action.onClick();
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
  return button;
}
