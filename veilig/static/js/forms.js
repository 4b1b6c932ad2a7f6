/*
 * Veilig: the error summary of a form (templates/includes/form_errors.html).
 * - When a page with a summary loads, the focus moves to it, so a screen reader reads every
 *   error at once and a keyboard user starts from the list.
 * - A link in the summary opens a closed <details> around its field, focuses the field and
 *   scrolls so that its label is in view too (a bare fragment jump hides the label).
 * Without JavaScript the summary is the first thing in the page content and its links jump.
 */
(function () {
  "use strict";

  function fieldOf(input) {
    return input.closest(".veilig-form-field, .utrecht-form-fieldset, fieldset") || input;
  }

  function goTo(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    var details = input.closest("details");
    if (details) {
      details.open = true;
    }
    fieldOf(input).scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  }

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", goTo);
    summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
