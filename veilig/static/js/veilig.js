/*
 * Veilig: small progressive enhancements of the shell. Every page works without this file.
 * - On a phone the main menu folds behind a "Menu" button (wide screens always show it;
 *   without JavaScript the menu is simply always open).
 */
(function () {
  "use strict";

  function initNavigation() {
    var toggle = document.querySelector(".veilig-nav__toggle");
    var list = document.getElementById("veilig-nav-list");
    if (!toggle || !list) {
      return;
    }
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      list.setAttribute("data-collapsed", open ? "false" : "true");
    }
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" &&
          getComputedStyle(toggle).display !== "none") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initNavigation);
  } else {
    initNavigation();
  }
})();
