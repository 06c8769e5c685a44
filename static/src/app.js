// Starts GOV.UK Frontend's components. Every page works without this file; it only enhances.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// GOV.UK Frontend marks a radio that reveals a follow-up question with aria-expanded, which ARIA
// does not allow on radios (axe-core flags it). The follow-up comes straight after the radio, so
// nothing is lost by removing the attribute each time the script sets it.
const dropExpanded = (input) => input.removeAttribute("aria-expanded");
document.querySelectorAll('input[type="radio"][aria-expanded]').forEach(dropExpanded);
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.type === "radio" && change.target.hasAttribute("aria-expanded")) dropExpanded(change.target);
  }
}).observe(document.body, { attributes: true, attributeFilter: ["aria-expanded"], subtree: true });
