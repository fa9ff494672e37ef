// The attraction page's month calendar, the one way to choose a trip's date (the WAI-ARIA
// date picker grid): one button per day, coloured by the seats from
// GET /api/attraction/{id}/availability. A day whose slots are all closed or sold out is
// aria-disabled, one with few seats left says so. The grid is one tab stop; the arrow keys
// move by day and week, Home / End to the week's ends, Page Up / Page Down by month, and
// Enter or Space picks.
import { api } from "./api.js";
import { formatDate, formatMonth, gettext, interpolate, IS_SOURCE, weekdayName } from "./i18n.js";

// "Only N left" shows under this many seats.
export const FEW_SEATS = 5;
// The grid starts on Sunday (日), as the template's header row does.
const STATES = {
  open: gettext("可預訂"),
  few: gettext("名額有限"),
  closed: gettext("不可預訂"),
  soldOut: gettext("額滿"),
  notOffered: gettext("不開放預訂"),
};

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDate(date);
}

function weekday(iso) {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function daysIn(ym) {
  const [year, mon] = ym.split("-").map(Number);
  return new Date(Date.UTC(year, mon, 0)).getUTCDate();
}

function shiftMonth(ym, delta) {
  const [year, mon] = ym.split("-").map(Number);
  return isoDate(new Date(Date.UTC(year, mon - 1 + delta, 1))).slice(0, 7);
}

// The same day of the month `delta` months away, or that month's last day.
function sameDayIn(iso, delta) {
  const ym = shiftMonth(iso.slice(0, 7), delta);
  return `${ym}-${String(Math.min(Number(iso.slice(8)), daysIn(ym))).padStart(2, "0")}`;
}

function monthsBetween(fromYm, toYm) {
  const [y1, m1] = fromYm.split("-").map(Number);
  const [y2, m2] = toYm.split("-").map(Number);
  return (y2 - y1) * 12 + (m2 - m1);
}

// Where each key moves the tab stop from `iso`.
const KEYS = {
  ArrowLeft: (iso) => addDays(iso, -1),
  ArrowRight: (iso) => addDays(iso, 1),
  ArrowUp: (iso) => addDays(iso, -7),
  ArrowDown: (iso) => addDays(iso, 7),
  Home: (iso) => addDays(iso, -weekday(iso)),
  End: (iso) => addDays(iso, 6 - weekday(iso)),
  PageUp: (iso) => sameDayIn(iso, -1),
  PageDown: (iso) => sameDayIn(iso, 1),
};

export function describeDate(iso) {
  return IS_SOURCE ? `${iso}（星期${weekdayName(weekday(iso))}）` : formatDate(iso);
}

function small(text) {
  const element = document.createElement("small");
  element.textContent = text;
  return element;
}

// One day's button; `day` is {iso, slots (or undefined before the seats arrive),
// isOutside, isActive, isPicked}.
function dayButton({ iso, slots, isOutside, isActive, isPicked }) {
  const open = slots ? Object.values(slots).filter((slot) => slot.open) : null;
  const fewest = open?.length ? Math.min(...open.map((slot) => slot.remaining)) : null;
  const isFew = fewest !== null && fewest < FEW_SEATS;
  const isClosed = isOutside || (open !== null && open.length === 0);
  const button = document.createElement("button");
  button.type = "button";
  button.className = `calendar__day${isFew ? " is-few" : ""}`;
  button.dataset.date = iso;
  button.tabIndex = isActive ? 0 : -1;
  // aria-disabled, not disabled: the arrow keys still reach the day and it says why.
  if (isClosed) button.setAttribute("aria-disabled", "true");
  button.setAttribute("aria-pressed", String(isPicked));
  button.append(String(Number(iso.slice(8))));
  let state = isClosed ? STATES.closed : isFew ? STATES.few : STATES.open;
  if (!isClosed && isFew) {
    button.append(small(interpolate(gettext("剩 %(count)s"), { count: fewest })));
  } else if (open && open.length === 0 && !isOutside) {
    // Sold out only when no seat is left; otherwise past its cut-off or closed.
    const isSoldOut = Object.values(slots).every((slot) => slot.remaining === 0);
    button.append(small(isSoldOut ? gettext("額滿") : gettext("不開放")));
    state = isSoldOut ? STATES.soldOut : STATES.notOffered;
  }
  // The full date and state for screen readers, after the visible day (no aria-label:
  // the accessible name must contain what is shown, WCAG 2.5.3).
  const spoken = document.createElement("span");
  spoken.className = "visually-hidden";
  spoken.textContent = interpolate(gettext("（%(date)s，%(state)s）"), { date: IS_SOURCE ? iso : formatDate(iso), state });
  button.append(spoken);
  return button;
}

// Six weeks of cells for month `ym`, so the form below never moves.
function weeks(ym, cellFor) {
  const cells = [];
  for (let i = 0; i < weekday(`${ym}-01`); i += 1) cells.push(document.createElement("td"));
  for (let d = 1; d <= daysIn(ym); d += 1) {
    const cell = document.createElement("td");
    cell.append(cellFor(`${ym}-${String(d).padStart(2, "0")}`));
    cells.push(cell);
  }
  while (cells.length < 42) cells.push(document.createElement("td"));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) {
    const row = document.createElement("tr");
    row.append(...cells.slice(i, i + 7));
    rows.push(row);
  }
  return rows;
}

// Runs the calendar in `form` ([data-calendar] with data-first-date / data-last-date),
// writing the picked day into `dateInput`; `seats` (date -> slots) is shared with the
// page. `onPick()` after a pick, `onLoad()` after seats arrive.
export function setupCalendar(form, dateInput, seats, { onPick, onLoad }) {
  const root = form.querySelector("[data-calendar]");
  const body = root.querySelector("[data-calendar-days]");
  const monthLabel = root.querySelector("[data-calendar-month]");
  const chosen = root.querySelector("[data-calendar-chosen]");
  const prev = root.querySelector("[data-calendar-prev]");
  const next = root.querySelector("[data-calendar-next]");
  const { firstDate: first, lastDate: last } = root.dataset;
  const clamp = (iso) => (iso < first ? first : iso > last ? last : iso);
  let month = first.slice(0, 7); // "YYYY-MM"
  let active = first; // the day holding the grid's one tab stop

  let loading = 0;

  async function load(from, days) {
    loading += 1;
    root.setAttribute("aria-busy", "true");
    try {
      const { data } = await api(`/api/attraction/${form.dataset.attractionId}/availability?from=${from}&days=${days}`);
      for (const day of data) seats.set(day.date, day.slots);
    } catch {
      // Without seats the calendar still lets a member pick; the server decides.
    } finally {
      loading -= 1;
      if (!loading) root.removeAttribute("aria-busy");
    }
  }

  function focusActive() {
    body.querySelector(`[data-date="${active}"]`)?.focus();
  }

  function render() {
    const [year, mon] = month.split("-").map(Number);
    monthLabel.textContent = formatMonth(year, mon);
    const hadFocus = body.contains(document.activeElement);
    const cellFor = (iso) =>
      dayButton({
        iso,
        slots: seats.get(iso),
        isOutside: iso < first || iso > last,
        isActive: iso === active,
        isPicked: iso === dateInput.value,
      });
    body.replaceChildren(...weeks(month, cellFor));
    // Redrawn under the keyboard (a pick, a move, seats arriving): the focus stays.
    if (hadFocus) focusActive();
    prev.disabled = month <= first.slice(0, 7);
    next.disabled = month >= last.slice(0, 7);
  }

  // Drawn at once (every day bookable until the seats arrive), then with the seats.
  async function showMonth(ym) {
    month = ym;
    if (active.slice(0, 7) !== ym) active = clamp(sameDayIn(active, monthsBetween(active.slice(0, 7), ym)));
    render();
    const start = `${ym}-01` < first ? first : `${ym}-01`;
    if (seats.has(start)) return;
    // The month and a few days past it: at most 62 days a request.
    await load(start, 40);
    if (month === ym) render();
  }

  function moveTo(iso) {
    active = clamp(iso);
    if (active.slice(0, 7) === month) render();
    else showMonth(active.slice(0, 7)).then(onLoad);
  }

  function pick(iso) {
    dateInput.value = iso;
    active = iso;
    chosen.textContent = describeDate(iso);
    render();
    onPick();
  }

  body.addEventListener("keydown", (event) => {
    const day = event.target.closest("[data-date]");
    const move = KEYS[event.key];
    if (!move || !day || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    moveTo(move(day.dataset.date));
  });
  body.addEventListener("click", (event) => {
    const day = event.target.closest("[data-date]");
    if (day && day.getAttribute("aria-disabled") !== "true") pick(day.dataset.date);
  });
  prev.addEventListener("click", () => showMonth(shiftMonth(month, -1)).then(onLoad));
  next.addEventListener("click", () => showMonth(shiftMonth(month, 1)).then(onLoad));
  showMonth(month).then(onLoad);

  return {
    first,
    last,
    // A date set from outside (a kept booking filled in again): shown picked, in its month.
    showDate(iso) {
      if (!iso) return;
      active = clamp(iso);
      chosen.textContent = describeDate(iso);
      if (iso.slice(0, 7) !== month) showMonth(iso.slice(0, 7)).then(onLoad);
      else render();
    },
    focus: focusActive,
    setInvalid(isInvalid) {
      root.classList.toggle("is-invalid", isInvalid);
    },
  };
}
