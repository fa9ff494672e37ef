// Attraction page: the photo carousel and the booking form (POST /api/booking).
import { api, currentUser } from "./api.js";
import { FEW_SEATS, setupCalendar } from "./calendar.js";
import { requireSignIn } from "./nav.js";
import { formatPrice, gettext, interpolate, ngettext, pagePath } from "./i18n.js";

// A booking started signed out waits here (this tab only) while the member signs in.
const PENDING_KEY = "pendingBooking";

const SWIPE_DISTANCE = 40;
const MESSAGES = {
  noDate: gettext("請選擇日期"),
  badDate: gettext("請選擇今天起算、可預訂範圍內的日期"),
  working: gettext("預訂中…"),
  noSlot: gettext("這一天的時段已額滿或截止，請選擇其他日期"),
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
  closed: gettext("已截止或暫停"),
  full: gettext("已額滿"),
  few: (remaining) => interpolate(ngettext("只剩 %(count)s 位", "只剩 %(count)s 位", remaining), { count: remaining }),
};
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
    totalLabel.textContent = interpolate(ngettext("%(total)s（%(count)s 人）", "%(total)s（%(count)s 人）", partySize()), { total: formatPrice(unit * partySize()), count: partySize() });
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
      calendar.setInvalid(false);
      showSlots();
    },
    // New seats arrived: the slots say so, and any message the member reads stays.
    onLoad: showSlots,
  });

  form.addEventListener("change", (event) => {
    if (event.target.name === "time" || event.target === people) showPrice();
    // The hidden date field changes only when a kept booking is filled in again.
    if (event.target === dateInput) {
      calendar.showDate(dateInput.value);
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
    if (value < calendar.first || value > calendar.last) return MESSAGES.badDate;
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
      calendar.setInvalid(true);
      calendar.focus();
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
      window.location.href = pagePath("/booking");
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  });
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
      field.dispatchEvent(new Event("change", { bubbles: true }));
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
