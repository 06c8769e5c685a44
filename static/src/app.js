// Starts the GOV.UK Frontend components the site uses. Every page works without this file; it only
// enhances. Built into one file with only these components (build/build.mjs), so each page fetches
// one script, once.
import {
  Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, NotificationBanner, PasswordInput, Radios,
  SkipLink, createAll,
} from "govuk-frontend";

for (const Component of [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, NotificationBanner,
  PasswordInput, Radios, SkipLink]) {
  createAll(Component);
}

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
