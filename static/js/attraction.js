// Attraction page: the photo carousel and the booking form (POST /api/booking).
import { api, currentUser } from "./api.js";
import { requireSignIn } from "./nav.js";
import { formatPrice } from "./trips.js";

// A booking started signed out waits here (this tab only) while the member signs in.
const PENDING_KEY = "pendingBooking";

const SWIPE_DISTANCE = 40;
const MESSAGES = {
  noDate: "請選擇日期",
  badDate: "請選擇今天起算、可預訂範圍內的日期",
  working: "預訂中…",
  noSlot: "這一天的時段已額滿或截止，請選擇其他日期",
};

function setupCarousel(root) {
  const slides = [...root.querySelectorAll("[data-slide]")];
  const dots = [...root.querySelectorAll("[data-carousel-dot]")];
  const status = root.querySelector("[data-carousel-status]");
  if (slides.length < 2) return;
  let current = 0;

  function show(index) {
    // Wraps both ways: after the last photo comes the first.
    current = (index + slides.length) % slides.length;
    slides.forEach((slide, i) => slide.classList.toggle("is-active", i === current));
    // The dots are one tab stop: only the current one is in the tab order.
    dots.forEach((dot, i) => {
      if (i === current) dot.setAttribute("aria-current", "true");
      else dot.removeAttribute("aria-current");
      dot.tabIndex = i === current ? 0 : -1;
    });
    const image = slides[current].querySelector("img");
    image.loading = "eager";
    status.textContent = `${current + 1} / ${slides.length}`;
  }

  root.querySelector("[data-carousel-prev]").addEventListener("click", () => show(current - 1));
  root.querySelector("[data-carousel-next]").addEventListener("click", () => show(current + 1));
  dots.forEach((dot, i) => dot.addEventListener("click", () => show(i)));
  root.addEventListener("keydown", (event) => {
    const onDot = dots.includes(document.activeElement);
    if (event.key === "ArrowLeft") show(current - 1);
    else if (event.key === "ArrowRight") show(current + 1);
    else if (onDot && event.key === "Home") show(0);
    else if (onDot && event.key === "End") show(slides.length - 1);
    else return;
    event.preventDefault();
    // Arrow keys move within the dots, as in a tab list.
    if (onDot) dots[current].focus();
  });
  show(0);

  let startX = null;
  let startY = null;
  root.addEventListener(
    "touchstart",
    (event) => {
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    },
    { passive: true },
  );
  root.addEventListener("touchend", (event) => {
    if (startX === null) return;
    const dx = event.changedTouches[0].clientX - startX;
    const dy = event.changedTouches[0].clientY - startY;
    startX = null;
    // A mostly vertical gesture is the page scrolling, not a swipe.
    if (Math.abs(dx) < SWIPE_DISTANCE || Math.abs(dx) < Math.abs(dy)) return;
    show(dx < 0 ? current + 1 : current - 1);
  });
}

const SLOT_NOTES = {
  closed: "已截止或暫停",
  full: "已額滿",
  few: (remaining) => `只剩 ${remaining} 位`,
};
// "Only N left" shows under this many seats.
const FEW_SEATS = 5;
const WEEKDAY_OFFSET = 0; // the grid starts on Sunday (日)

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDate(date);
}

function setupBookingForm(form) {
  const dateInput = form.elements.date;
  const people = form.elements.participants;
  const priceLabel = form.querySelector("[data-price-label]");
  const totalLabel = form.querySelector("[data-total-label]");
  const error = form.querySelector("[data-booking-error]");
  const button = form.querySelector('[type="submit"]');
  const maxPeople = Number(people.max) || 10;
  // date -> {morning: {remaining, open}, afternoon: {...}} from the availability API.
  const seats = new Map();

  const selectedSlot = () => form.querySelector('input[name="time"]:checked');
  const partySize = () => Math.min(Math.max(Number.parseInt(people.value, 10) || 1, 1), maxPeople);

  function showPrice() {
    const slot = selectedSlot();
    if (!slot) return;
    const unit = Number(slot.dataset.price);
    priceLabel.textContent = formatPrice(unit);
    totalLabel.textContent = `${formatPrice(unit * partySize())}（${partySize()} 人）`;
    for (const step of form.querySelectorAll("[data-step]")) {
      const next = partySize() + Number(step.dataset.step);
      step.disabled = next < 1 || next > maxPeople;
    }
  }

  // Each slot of the chosen date: disabled when closed or sold out, a note when few.
  function showSlots() {
    const day = seats.get(dateInput.value);
    for (const option of form.querySelectorAll("[data-slot-option]")) {
      const radio = option.querySelector("input");
      const note = option.querySelector("[data-slot-note]");
      const slot = day ? day[option.dataset.slotOption] : null;
      let text = "";
      if (slot && !slot.open) text = slot.remaining ? SLOT_NOTES.closed : SLOT_NOTES.full;
      else if (slot && slot.remaining < FEW_SEATS) text = SLOT_NOTES.few(slot.remaining);
      const unavailable = Boolean(slot && !slot.open);
      radio.disabled = unavailable;
      option.classList.toggle("is-unavailable", unavailable);
      note.textContent = text;
    }
    const checked = selectedSlot();
    if (!checked || checked.disabled) {
      const first = form.querySelector('input[name="time"]:not(:disabled)');
      if (first) first.checked = true;
    }
    showPrice();
  }

  const calendar = setupCalendar(form, dateInput, seats, {
    onPick() {
      error.textContent = "";
      dateInput.removeAttribute("aria-invalid");
      showSlots();
    },
    // New seats arrived: the slots say so, and any message the member reads stays.
    onLoad: showSlots,
  });

  form.addEventListener("change", (event) => {
    if (event.target.name === "time" || event.target === people) showPrice();
    if (event.target === dateInput) {
      error.textContent = "";
      dateInput.removeAttribute("aria-invalid");
      calendar.showMonthOf(dateInput.value);
      showSlots();
    }
  });
  people.addEventListener("input", showPrice);
  for (const step of form.querySelectorAll("[data-step]")) {
    step.addEventListener("click", () => {
      people.value = String(Math.min(Math.max(partySize() + Number(step.dataset.step), 1), maxPeople));
      showPrice();
    });
  }
  showPrice();

  function dateProblem() {
    const value = dateInput.value;
    if (!value) return MESSAGES.noDate;
    // ISO dates compare correctly as strings.
    if (value < dateInput.min || value > dateInput.max) return MESSAGES.badDate;
    return "";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const user = await requireSignIn();
    if (!user) {
      rememberBooking(form);
      return;
    }
    const problem = dateProblem();
    if (problem) {
      error.textContent = problem;
      dateInput.setAttribute("aria-invalid", "true");
      dateInput.focus();
      return;
    }
    const slot = selectedSlot();
    if (!slot || slot.disabled) {
      error.textContent = MESSAGES.noSlot;
      return;
    }
    const participants = partySize();
    button.disabled = true;
    error.textContent = "";
    try {
      await api("/api/booking", {
        method: "POST",
        body: {
          attractionId: Number(form.dataset.attractionId),
          date: dateInput.value,
          time: slot.value,
          participants,
          price: Number(slot.dataset.price) * participants,
        },
      });
      window.location.href = "/booking";
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  });
}

// A month grid of day buttons from GET /api/attraction/{id}/availability: a day whose
// slots are all closed or sold out is disabled, one with few seats left says so.
function setupCalendar(form, dateInput, seats, { onPick, onLoad }) {
  const root = form.querySelector("[data-calendar]");
  const body = root.querySelector("[data-calendar-days]");
  const monthLabel = root.querySelector("[data-calendar-month]");
  const prev = root.querySelector("[data-calendar-prev]");
  const next = root.querySelector("[data-calendar-next]");
  const first = dateInput.min;
  const last = dateInput.max;
  let month = first.slice(0, 7); // "YYYY-MM"

  async function load(from, days) {
    try {
      const { data } = await api(`/api/attraction/${form.dataset.attractionId}/availability?from=${from}&days=${days}`);
      for (const day of data) seats.set(day.date, day.slots);
    } catch {
      // Without seats the calendar still lets a member pick; the server decides.
    }
  }

  function monthStart(ym) {
    return `${ym}-01`;
  }

  function shiftMonth(ym, delta) {
    const [year, mon] = ym.split("-").map(Number);
    const date = new Date(Date.UTC(year, mon - 1 + delta, 1));
    return isoDate(date).slice(0, 7);
  }

  function dayButton(iso) {
    const slots = seats.get(iso);
    const open = slots ? Object.values(slots).filter((slot) => slot.open) : null;
    const few = open && open.length && Math.min(...open.map((slot) => slot.remaining)) < FEW_SEATS;
    const outside = iso < first || iso > last;
    const closed = outside || (open !== null && open.length === 0);
    const day = Number(iso.slice(8));
    let state = closed ? "不可預訂" : few ? "名額有限" : "可預訂";
    const buttonEl = document.createElement("button");
    buttonEl.type = "button";
    buttonEl.className = `calendar__day${few ? " is-few" : ""}`;
    buttonEl.dataset.date = iso;
    buttonEl.disabled = closed;
    buttonEl.setAttribute("aria-pressed", String(iso === dateInput.value));
    buttonEl.append(String(day));
    if (!closed && few) {
      const small = document.createElement("small");
      small.textContent = `剩 ${Math.min(...open.map((slot) => slot.remaining))}`;
      buttonEl.append(small);
    } else if (open && open.length === 0 && !outside) {
      // Sold out only when no seat is left; otherwise past its cut-off or closed.
      const soldOut = Object.values(slots).every((slot) => slot.remaining === 0);
      const small = document.createElement("small");
      small.textContent = soldOut ? "額滿" : "不開放";
      buttonEl.append(small);
      state = soldOut ? "額滿" : "不開放預訂";
    }
    // The full date and state for screen readers, after the visible day (no aria-label:
    // the accessible name must contain what is shown, WCAG 2.5.3).
    const spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = `（${iso}，${state}）`;
    buttonEl.append(spoken);
    buttonEl.addEventListener("click", () => {
      dateInput.value = iso;
      render();
      onPick();
    });
    return buttonEl;
  }

  function render() {
    const start = monthStart(month);
    const [year, mon] = month.split("-").map(Number);
    monthLabel.textContent = `${year} 年 ${mon} 月`;
    const lead = (new Date(`${start}T00:00:00Z`).getUTCDay() - WEEKDAY_OFFSET + 7) % 7;
    const daysInMonth = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    const cells = [];
    for (let i = 0; i < lead; i += 1) cells.push(document.createElement("td"));
    for (let d = 0; d < daysInMonth; d += 1) {
      const cell = document.createElement("td");
      cell.append(dayButton(addDays(start, d)));
      cells.push(cell);
    }
    // Always six weeks, so the form below never moves when the month or seats change.
    while (cells.length < 42) cells.push(document.createElement("td"));
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) {
      const row = document.createElement("tr");
      row.append(...cells.slice(i, i + 7));
      rows.push(row);
    }
    body.replaceChildren(...rows);
    prev.disabled = month <= first.slice(0, 7);
    next.disabled = month >= last.slice(0, 7);
  }

  async function showMonth(ym) {
    month = ym;
    const start = monthStart(ym) < first ? first : monthStart(ym);
    // The month and a few days past it: at most 62 days a request.
    if (!seats.has(start)) await load(start, 40);
    render();
  }

  prev.addEventListener("click", () => showMonth(shiftMonth(month, -1)).then(onLoad));
  next.addEventListener("click", () => showMonth(shiftMonth(month, 1)).then(onLoad));
  // Drawn at once (every day bookable until the seats arrive), then with the seats.
  render();
  showMonth(month).then(onLoad);
  return {
    showMonthOf(iso) {
      if (iso && iso.slice(0, 7) !== month) showMonth(iso.slice(0, 7)).then(onLoad);
      else render();
    },
  };
}

function rememberBooking(form) {
  const fields = Object.fromEntries(new FormData(form));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ path: window.location.pathname, fields }));
}

// After signing in the page reloads: the form is filled in again as it was and, for a
// member, sent, so the trip is booked instead of forgotten.
async function resumeBooking(form) {
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING_KEY));
  } catch {
    pending = null;
  }
  if (!pending || pending.path !== window.location.pathname) return;
  sessionStorage.removeItem(PENDING_KEY);
  for (const [name, value] of Object.entries(pending.fields || {})) {
    const field = form.elements[name];
    if (!field) continue;
    if (field instanceof RadioNodeList || field.type === "radio") {
      const radio = form.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`);
      if (radio) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else {
      field.value = value;
    }
  }
  if (await currentUser()) form.requestSubmit();
}

const carousel = document.querySelector("[data-carousel]");
if (carousel) setupCarousel(carousel);
const bookingForm = document.querySelector("[data-booking-form]");
if (bookingForm) {
  setupBookingForm(bookingForm);
  resumeBooking(bookingForm);
}
