// The cart count badge in the nav bar. It comes from the API in the browser, never from
// the server-rendered page, so cached pages stay the same for every visitor.
import { api } from "./api.js";
import { interpolate, ngettext } from "./i18n.js";

const COPY = { items: (count) => interpolate(ngettext("，購物車有 %(count)s 個行程", "，購物車有 %(count)s 個行程", count), { count }) };

export function showCartCount(count) {
  const badge = document.querySelector("[data-cart-count]");
  if (!badge) return;
  badge.hidden = !count;
  const number = document.createElement("span");
  number.setAttribute("aria-hidden", "true");
  number.textContent = count > 99 ? "99+" : String(count);
  const spoken = document.createElement("span");
  spoken.className = "visually-hidden";
  spoken.textContent = COPY.items(count);
  badge.replaceChildren(...(count ? [number, spoken] : []));
}

export async function refreshCartCount() {
  try {
    const { data } = await api("/api/booking");
    showCartCount((data || []).length);
  } catch {
    // Only a hint: the cart page itself says what went wrong.
  }
}
