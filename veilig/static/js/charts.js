/*
 * Veilig: draws the charts of a page (docs/charts.md). Progressive enhancement: every
 * <figure class="veilig-chart"> already holds its summary and its figures as a table; this file
 * adds the picture. The spec is read from a <script type="application/json"> (Django's
 * json_script), never evaluated.
 *
 * The Content-Security-Policy has no 'unsafe-eval' and no 'unsafe-inline' styles, so Vega parses
 * its expressions into a syntax tree and runs them with the interpreter (ast + expr) instead of
 * compiling them with new Function, and vega-embed adds no <style> element (defaultStyle off,
 * the tooltip's default style off; both styles are in charts.css).
 */
(function () {
  "use strict";

  function label(svg, summary) {
    // One accessible picture named by the summary; the marks inside are not read one by one.
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", summary);
    svg.removeAttribute("aria-roledescription");
    svg.setAttribute("focusable", "false");
    // Vega gives mark containers role="graphics-symbol" (an image role) even where the spec
    // turns their ARIA off, and an empty container has no name: axe reports each one. Inside
    // one named picture they mean nothing, so they lose their roles.
    svg.querySelectorAll("[role], [aria-roledescription], [aria-label]").forEach(function (el) {
      el.removeAttribute("role");
      el.removeAttribute("aria-roledescription");
      el.removeAttribute("aria-label");
    });
  }

  function draw(canvas) {
    var specElement = document.getElementById(canvas.getAttribute("data-chart-spec"));
    var summaryElement = document.getElementById(canvas.getAttribute("data-chart-summary"));
    if (!specElement || !summaryElement) {
      return;
    }
    var spec = JSON.parse(specElement.textContent);
    var options = {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: window.vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    window.vegaEmbed(canvas, spec, options).then(function (result) {
      var svg = canvas.querySelector("svg");
      if (!svg) {
        return;
      }
      label(svg, summaryElement.textContent.trim());
      canvas.hidden = false;
      var figure = canvas.closest(".veilig-chart");
      var details = figure && figure.querySelector(".veilig-chart__data");
      if (details) {
        details.open = false; // the table stays one click (or Enter) away
      }
      figure.setAttribute("data-chart-drawn", "true");
      return result;
    }).catch(function (error) {
      // The table is still there: the page stays complete without the picture.
      canvas.hidden = true;
      if (window.console) {
        window.console.error("veilig chart:", error);
      }
    });
  }

  function init() {
    if (!window.vega || !window.vegaEmbed || !window.vega.expressionInterpreter) {
      return; // the vendored files are missing: keep the tables
    }
    var canvases = document.querySelectorAll(".veilig-chart__canvas[data-chart-spec]");
    if (!canvases.length) {
      return;
    }
    // Vega measures its labels when it lays out the chart: with the fallback font instead of
    // Noto Sans the legend entries would overlap once the web font arrives.
    var fontsReady = document.fonts && document.fonts.load ?
      Promise.all([document.fonts.load("12px 'Noto Sans'"), document.fonts.load("bold 12px 'Noto Sans'")]) :
      Promise.resolve();
    fontsReady.catch(function () { return null; }).then(function () {
      canvases.forEach(draw);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
