import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

initGovuk();
initMoj();

// Content swapped in by htmx gets the same behaviour as the page it lands in.
document.addEventListener("htmx:afterSettle", (event) => {
  initGovuk({ scope: event.detail.elt });
});
