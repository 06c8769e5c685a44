// Runs first, from a file (the CSP allows no inline script): tells the CSS that JavaScript is on.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
