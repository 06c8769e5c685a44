// The report's confirmation page: shows a print button (hidden without JavaScript, where the page
// says "write it down" instead).
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
