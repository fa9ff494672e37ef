// Home page: keyword / station / category search and infinite scroll over
// GET /api/attractions. The server already rendered page 0 of the current search.
import { api } from "./api.js";
import { gettext, interpolate, ngettext, pagePath } from "./i18n.js";
import { placeholderUrl } from "./images.js";
import { errorState, removeSkeletons, skeletons } from "./states.js";
import { setupSuggestions } from "./suggest.js";

const section = document.querySelector("[data-attractions]");
const list = section.querySelector("[data-cards]");
const empty = section.querySelector("[data-empty]");
const emptyTitle = empty.querySelector("[data-empty-title]");
const loadError = section.querySelector("[data-load-error]");
const end = section.querySelector("[data-end]");
const sentinel = section.querySelector("[data-sentinel]");
const template = document.getElementById("card-template");
const searchForm = document.querySelector("[data-search-form]");
const keywordInput = searchForm.elements.keyword;
const categorySelect = document.querySelector("[data-category]");
const status = document.querySelector("[data-status]");
const mrtList = document.querySelector("[data-mrt-list]");

const MESSAGES = {
  nothing: ({ keyword, category }) => {
    if (keyword && category) return interpolate(gettext("找不到「%(keyword)s」%(category)s類的景點"), { keyword, category });
    if (keyword) return interpolate(gettext("找不到「%(keyword)s」的景點"), { keyword });
    return interpolate(gettext("找不到%(category)s類的景點"), { category });
  },
  none: gettext("目前沒有任何景點"),
  searching: gettext("搜尋中…"),
  failed: gettext("景點載入失敗"),
  station: (station) => interpolate(gettext("捷運%(station)s站"), { station }),
  noStation: gettext("無捷運站"),
  result: ({ keyword, category }) => {
    if (keyword && category) return interpolate(gettext("搜尋結果：「%(keyword)s」（%(category)s）"), { keyword, category });
    if (keyword) return interpolate(gettext("搜尋結果：「%(keyword)s」"), { keyword });
    if (category) return interpolate(gettext("搜尋結果（%(category)s）"), { category });
    return "";
  },
  end: (count) => interpolate(ngettext("已顯示全部 %(count)s 個景點", "已顯示全部 %(count)s 個景點", count), { count }),
};
// Placeholders shown while a page of cards loads: one row on desktop, two on phones.
const SKELETON_CARDS = 4;

const state = {
  keyword: section.dataset.keyword,
  category: section.dataset.category,
  nextPage: section.dataset.nextPage === "" ? null : Number(section.dataset.nextPage),
  // Pages asked for in the current search: a page is never fetched twice.
  requested: new Set([0]),
  // Bumped by every new search; an answer for an older generation is dropped.
  generation: 0,
  controller: null,
  busy: false,
};

// A text the catalogue has no translation of comes in 繁體中文 (named in the answer's
// `untranslated`): its element says so, for screen readers to switch voice.
const SOURCE_LANG = "zh-Hant";
const isUntranslated = (attraction, field) => attraction.untranslated?.includes(field) ?? false;

function showText(element, attraction, field) {
  element.textContent = attraction[field];
  if (isUntranslated(attraction, field)) element.lang = SOURCE_LANG;
}

// "捷運…站" around the station's name; only the name is in 繁體中文 when it fell back.
function showStation(element, attraction) {
  if (!attraction.mrt) {
    element.textContent = MESSAGES.noStation;
    return;
  }
  if (!isUntranslated(attraction, "mrt")) {
    element.textContent = MESSAGES.station(attraction.mrt);
    return;
  }
  const [before, after] = MESSAGES.station("\u0000").split("\u0000");
  const name = document.createElement("span");
  name.lang = SOURCE_LANG;
  name.textContent = attraction.mrt;
  element.replaceChildren(before, name, after ?? "");
}

function cardFor(attraction) {
  const card = template.content.firstElementChild.cloneNode(true);
  card.querySelector("a").href = pagePath(`/attraction/${attraction.id}`);
  const image = card.querySelector("img");
  image.src = attraction.images[0] || placeholderUrl();
  showText(card.querySelector("[data-card-name]"), attraction, "name");
  showStation(card.querySelector("[data-card-mrt]"), attraction);
  showText(card.querySelector("[data-card-category]"), attraction, "category");
  return card;
}

function describeSearch() {
  return MESSAGES.result(state);
}

async function loadNextPage() {
  const page = state.nextPage;
  if (state.busy || page === null || state.requested.has(page)) return;
  const generation = state.generation;
  state.requested.add(page);
  state.busy = true;
  loadError.replaceChildren();
  list.append(...skeletons(SKELETON_CARDS));
  section.setAttribute("aria-busy", "true");
  const params = new URLSearchParams({ page });
  if (state.keyword) params.set("keyword", state.keyword);
  if (state.category) params.set("category", state.category);
  let failed = false;
  try {
    const answer = await api(`/api/attractions?${params}`, {
      signal: state.controller?.signal,
    });
    if (generation !== state.generation) return;
    removeSkeletons(list);
    list.append(...answer.data.map(cardFor));
    state.nextPage = answer.nextPage;
    if (page === 0) showEmpty(answer.data.length === 0);
    else status.textContent = describeSearch();
  } catch (error) {
    if (error.name === "AbortError" || generation !== state.generation) return;
    // The page may be asked again, but only when the visitor says so: a server that is
    // down must not be hammered by an observer that keeps seeing the sentinel.
    state.requested.delete(page);
    removeSkeletons(list);
    status.textContent = MESSAGES.failed;
    loadError.replaceChildren(
      errorState({ title: MESSAGES.failed, onRetry: () => loadNextPage() }),
    );
    failed = true;
  } finally {
    if (generation === state.generation) {
      state.busy = false;
      section.setAttribute("aria-busy", "false");
      showEnd();
      if (!failed) recheckSentinel();
    }
  }
}

// One message for a search that found nothing: the empty state says it (with stations
// and categories to try) and the status line only carries it to screen readers.
function showEmpty(isEmpty) {
  empty.hidden = !isEmpty;
  const text = state.keyword || state.category ? MESSAGES.nothing(state) : MESSAGES.none;
  if (isEmpty) emptyTitle.textContent = text;
  status.textContent = isEmpty ? text : describeSearch();
  status.classList.toggle("visually-hidden", isEmpty);
}

function showEnd() {
  const count = list.querySelectorAll(".card").length;
  end.hidden = state.nextPage !== null || count === 0;
  end.textContent = MESSAGES.end(count);
}

const observer = new IntersectionObserver(
  (entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadNextPage();
  },
  { rootMargin: "0px 0px 400px 0px" },
);

// An observer reports only changes; when a short page leaves the sentinel in view, watching
// it again makes the observer report its current state and load the next page.
function recheckSentinel() {
  section.toggleAttribute("data-has-more", state.nextPage !== null);
  observer.unobserve(sentinel);
  if (state.nextPage !== null) observer.observe(sentinel);
}

function updateAddress() {
  const params = new URLSearchParams();
  if (state.keyword) params.set("keyword", state.keyword);
  if (state.category) params.set("category", state.category);
  const query = params.toString();
  history.replaceState(null, "", query ? `${pagePath("/")}?${query}` : pagePath("/"));
}

function markStation() {
  for (const link of mrtList?.querySelectorAll("[data-station]") ?? []) {
    if (link.dataset.station === state.keyword) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

function search({ keyword = state.keyword, category = state.category } = {}) {
  state.generation += 1;
  state.controller?.abort();
  state.controller = new AbortController();
  state.keyword = keyword.trim();
  state.category = category;
  state.nextPage = 0;
  state.requested = new Set();
  state.busy = false;
  section.toggleAttribute("data-has-more", true);
  list.replaceChildren();
  empty.hidden = true;
  end.hidden = true;
  status.classList.remove("visually-hidden");
  status.textContent = MESSAGES.searching;
  updateAddress();
  markStation();
  loadNextPage();
}

searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  search({ keyword: keywordInput.value });
});

categorySelect?.addEventListener("change", () => search({ category: categorySelect.value }));

// A cleared box (typed away or the search field's own clear button) shows everything again.
keywordInput.addEventListener("input", () => {
  if (keywordInput.value.trim() === "" && state.keyword) search({ keyword: "" });
});

// The no-result state's suggestions search in place, as the station bar does.
empty.addEventListener("click", (event) => {
  const station = event.target.closest("[data-pick-station]")?.dataset.pickStation;
  const category = event.target.closest("[data-pick-category]")?.dataset.pickCategory;
  if (station === undefined && category === undefined) return;
  event.preventDefault();
  keywordInput.value = station ?? "";
  if (categorySelect) categorySelect.value = category ?? "";
  search({ keyword: station ?? "", category: category ?? "" });
  keywordInput.focus();
});

setupSuggestions(keywordInput, {
  stations: [...(mrtList?.querySelectorAll("[data-station]") ?? [])].map((link) => link.dataset.station),
  onPick: (value) => search({ keyword: value }),
});

mrtList?.addEventListener("click", (event) => {
  const link = event.target.closest("[data-station]");
  if (!link) return;
  event.preventDefault();
  keywordInput.value = link.dataset.station;
  search({ keyword: link.dataset.station });
});

// One tab stop for the whole station bar (arrow keys move inside it), so keyboard users
// do not have to tab through every station to reach the cards.
function setupStationKeys() {
  const links = [...(mrtList?.querySelectorAll("[data-station]") ?? [])];
  if (!links.length) return;
  const current = links.find((link) => link.hasAttribute("aria-current")) ?? links[0];
  for (const link of links) link.tabIndex = link === current ? 0 : -1;
  mrtList.setAttribute("aria-describedby", "mrt-bar-hint");
  mrtList.addEventListener("keydown", (event) => {
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    const next = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: links.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = links[(next + links.length) % links.length];
    links[index].tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  });
}

for (const button of document.querySelectorAll("[data-mrt-scroll]")) {
  button.addEventListener("click", () => {
    const direction = Number(button.dataset.mrtScroll);
    mrtList.scrollBy({ left: direction * mrtList.clientWidth * 0.8, behavior: "smooth" });
  });
}

setupStationKeys();
state.controller = new AbortController();
recheckSentinel();
