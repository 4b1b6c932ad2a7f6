/*
 * Veilig: small progressive enhancements of the shell. Every page works without this file.
 * - On a phone the main menu and the account tools of the header fold behind a "Menu" button
 *   (wide screens always show them; without JavaScript they are simply always open).
 */
(function () {
  "use strict";

  function initNavigation() {
    var toggle = document.querySelector(".veilig-nav__toggle");
    var list = document.getElementById("veilig-nav-list");
    if (!toggle || !list) {
      return; // pages without a menu (sign-in, two-factor steps) keep the account tools open
    }
    // The button folds every element it names: the menu and the account tools of the header.
    var panels = toggle.getAttribute("aria-controls").split(/\s+/).map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panels.forEach(function (panel) {
        panel.setAttribute("data-collapsed", open ? "false" : "true");
      });
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
