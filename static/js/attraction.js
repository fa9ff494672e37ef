// Attraction page: the photo carousel and the booking form (POST /api/booking).
import { api } from "./api.js";
import { requireSignIn } from "./nav.js";
import { formatPrice } from "./trips.js";

const SWIPE_DISTANCE = 40;
const MESSAGES = {
  noDate: "請選擇日期",
  badDate: "請選擇今天起算、可預訂範圍內的日期",
  working: "預訂中…",
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

function setupBookingForm(form) {
  const dateInput = form.elements.date;
  const priceLabel = form.querySelector("[data-price-label]");
  const error = form.querySelector("[data-booking-error]");
  const button = form.querySelector('[type="submit"]');

  const selectedSlot = () => form.querySelector('input[name="time"]:checked');
  form.addEventListener("change", (event) => {
    if (event.target.name === "time") {
      priceLabel.textContent = formatPrice(event.target.dataset.price);
    }
    if (event.target === dateInput) {
      error.textContent = "";
      dateInput.removeAttribute("aria-invalid");
    }
  });

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
    if (!user) return;
    const problem = dateProblem();
    if (problem) {
      error.textContent = problem;
      dateInput.setAttribute("aria-invalid", "true");
      dateInput.focus();
      return;
    }
    const slot = selectedSlot();
    button.disabled = true;
    error.textContent = "";
    try {
      await api("/api/booking", {
        method: "POST",
        body: {
          attractionId: Number(form.dataset.attractionId),
          date: dateInput.value,
          time: slot.value,
          price: Number(slot.dataset.price),
        },
      });
      window.location.href = "/booking";
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  });
}

const carousel = document.querySelector("[data-carousel]");
if (carousel) setupCarousel(carousel);
const bookingForm = document.querySelector("[data-booking-form]");
if (bookingForm) setupBookingForm(bookingForm);
