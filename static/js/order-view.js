// What the order page and the thank-you page share: one order from
// GET /api/order/{number} (data-number on the page's root), shown once the visitor is
// signed in, with the not-found, sign-in and failed-load states. The page draws the order.
import { api, currentUser } from "./api.js";
import { openAuthModal } from "./nav.js";
import { errorState } from "./states.js";
import { gettext, pageTitle } from "./i18n.js";

const MESSAGES = {
  notFound: gettext("找不到這筆訂單"),
  signInFirst: gettext("請先登入會員帳號，才能查看訂單。"),
  loadFailed: gettext("無法載入這筆訂單"),
};

// `render(order)` draws an answer; `notFoundHelp` says where to look instead. Returns the
// order number, its heading, `load()` (asks again and redraws) and `start()`.
export function orderView(root, { render, notFoundHelp }) {
  const number = root.dataset.number;
  const title = root.querySelector("[data-order-title]");
  const status = root.querySelector("[data-order-status]");
  const skeletonList = root.querySelector("[data-order-skeletons]");
  const loadError = root.querySelector("[data-order-error]");

  function showNotFound() {
    skeletonList.hidden = true;
    title.textContent = MESSAGES.notFound;
    document.title = pageTitle(MESSAGES.notFound);
    status.textContent = notFoundHelp;
  }

  async function load() {
    const { data } = await api(`/api/order/${encodeURIComponent(number)}`);
    skeletonList.hidden = true;
    if (!data) {
      showNotFound();
      return null;
    }
    render(data);
    status.textContent = "";
    return data;
  }

  // The first answer: the heading takes the focus once it says what happened, so screen
  // readers start there rather than at the top of the page.
  async function firstLoad() {
    loadError.replaceChildren();
    try {
      await load();
      title.focus();
    } catch (error) {
      skeletonList.hidden = true;
      if (error.status === 403) {
        status.textContent = MESSAGES.signInFirst;
        return;
      }
      status.textContent = "";
      loadError.replaceChildren(errorState({ title: MESSAGES.loadFailed, onRetry: firstLoad }));
    }
  }

  async function start() {
    if (!number) {
      showNotFound();
      return;
    }
    if (!(await currentUser())) {
      // A link from a receipt e-mail: signing in reloads the page, which then shows it.
      skeletonList.hidden = true;
      status.textContent = MESSAGES.signInFirst;
      openAuthModal("signin");
      return;
    }
    await firstLoad();
  }

  title.tabIndex = -1;
  return { number, title, load, start };
}
