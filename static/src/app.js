// Starts GOV.UK Frontend's components. Every page works without this file; it only enhances.
import { initAll } from "./govuk-frontend.min.js";

initAll();
