// Type-ahead for the home page's search box, in the ARIA 1.2 combobox pattern: stations
// matching the typed text (from the station bar already on the page) and attraction
// names (from GET /api/attractions, which the catalogue cache answers), debounced.
// ↓ / ↑ move through the list, Enter picks, Esc closes; a station searches in place and
// an attraction opens its page.
import { api } from "./api.js";
import { gettext, interpolate, ngettext, pagePath } from "./i18n.js";

const COPY = {
  station: gettext("捷運站"),
  attraction: gettext("景點"),
  count: (count) => (count ? interpolate(ngettext("有 %(count)s 個建議，用上下方向鍵選擇", "有 %(count)s 個建議，用上下方向鍵選擇", count), { count }) : ""),
};
const DEBOUNCE_MS = 200;
const MAX_STATIONS = 3;
const MAX_ITEMS = 8;

export function setupSuggestions(input, { stations, onPick }) {
  const list = document.createElement("ul");
  list.id = `${input.id}-suggestions`;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", gettext("搜尋建議"));
  list.hidden = true;
  const live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  input.after(list, live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    }
  }

  function render(next) {
    items = next;
    list.replaceChildren(
      ...items.map((item, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.className = "suggestions__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const name = document.createElement("span");
        name.textContent = item.name;
        // A name with no translation comes in 繁體中文: screen readers switch voice.
        if (item.untranslated) name.lang = "zh-Hant";
        const kind = document.createElement("span");
        kind.className = "suggestions__kind";
        kind.textContent = item.id ? COPY.attraction : COPY.station;
        option.append(name, kind);
        // mousedown, not click: the input must not lose focus (and close the list) first.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(item);
        });
        return option;
      }),
    );
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
    live.textContent = COPY.count(items.length);
    active = -1;
  }

  function pick(item) {
    close();
    if (item.id) {
      window.location.assign(pagePath(`/attraction/${item.id}`));
      return;
    }
    input.value = item.name;
    onPick(item.name);
  }

  async function suggest(text) {
    controller?.abort();
    controller = new AbortController();
    const folded = text.toLowerCase(); // English station names match in any case
    const matches = stations.filter((name) => name.toLowerCase().includes(folded)).slice(0, MAX_STATIONS);
    const picked = matches.map((name) => ({ name }));
    try {
      const answer = await api(`/api/attractions?${new URLSearchParams({ keyword: text, page: 0 })}`, {
        signal: controller.signal,
      });
      for (const attraction of answer.data) {
        if (picked.length >= MAX_ITEMS) break;
        const untranslated = attraction.untranslated?.includes("name") ?? false;
        picked.push({ name: attraction.name, id: attraction.id, untranslated });
      }
    } catch (error) {
      if (error.name === "AbortError") return;
      // Stations alone still help; the search itself reports a failing server.
    }
    if (input.value.trim() === text && document.activeElement === input) render(picked);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      controller?.abort();
      render([]);
      return;
    }
    timer = setTimeout(() => suggest(text), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
      return;
    }
    if (!items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      // Wraps both ways; ↑ from the box itself goes to the last suggestion.
      const from = active < 0 && step < 0 ? items.length : active;
      setActive((from + step + items.length) % items.length);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      pick(items[active]);
    }
  });

  input.addEventListener("blur", close);
  input.form?.addEventListener("submit", close);
}
