// The roster page: a print button (the page has a print layout in backoffice.css).
const button = document.querySelector("[data-roster-print]");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
