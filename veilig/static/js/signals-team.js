/*
 * The team's area map: the buurten of the district (local GeoJSON, named on hover) over the
 * shared base layer (basemap.js) with the signals
 * and events of the chosen period and category. Above a limit the server sends grid cells with
 * counts instead of points (aggregated server-side). The open-signals table is the text version.
 * Labels (categories, imported themes) reach the page as text nodes only, never as HTML.
 */
(function () {
  "use strict";

  var element = document.getElementById("team-map");
  if (!element || typeof window.L === "undefined" || !window.veiligMap) {
    return;
  }
  var L = window.L;
  var summary = document.getElementById("team-map-summary");
  var map = window.veiligMap.create(element);

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); });
  }

  var textElement = window.veiligMap.text;

  // A link to a signal: only a same-site path (as the server builds it) becomes an href.
  function linkElement(url, value) {
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") {
      return textElement(value);
    }
    var link = document.createElement("a");
    link.setAttribute("href", url);
    link.textContent = value;
    return link;
  }

  Promise.all([getJson(element.dataset.areaUrl), getJson(element.dataset.mapUrl)])
    .then(function (both) {
      var area = L.geoJSON(both[0], {
        style: function () {
          return { color: "#5115ef", weight: 1, fillColor: "#e7deff", fillOpacity: 0.3 };
        }
      }).addTo(map);
      window.veiligMap.nameAreas(area);
      if (area.getLayers().length) {
        map.fitBounds(area.getBounds(), { padding: [8, 8] });
      }
      var data = both[1];
      var drawn = 0;
      if (data.mode === "grid") {
        data.cells.forEach(function (cell) {
          var total = cell.signals + cell.events;
          L.rectangle(cell.bounds, {
            color: "#001a40", weight: 1, fillColor: "#5115ef",
            fillOpacity: Math.min(0.85, 0.15 + total / 20)
          }).bindTooltip(textElement(cell.signals + " " + element.dataset.textSignals + ", " +
                                     cell.events + " " + element.dataset.textEvents)).addTo(map);
          drawn += 1;
        });
      } else {
        data.points.forEach(function (point) {
          var isSignal = point.type === "signal";
          var dot = L.circleMarker([point.lat, point.lon], {
            radius: isSignal ? 7 : 5, weight: 1, color: "#001a40",
            fillColor: isSignal ? "#0b57d0" : "#8a8a8a", fillOpacity: 0.9,
            className: isSignal ? "signals-point--signal" : "signals-point--event"
          });
          var label = (isSignal ? element.dataset.textSignal : element.dataset.textEvent) + ": " +
            point.label + " (" + point.at + ")";
          if (isSignal) {
            dot.bindPopup(linkElement(point.url, label));
          } else {
            dot.bindTooltip(textElement(label));
          }
          dot.addTo(map);
          drawn += 1;
        });
      }
      element.dataset.drawn = String(drawn);
      element.dataset.mode = data.mode;
      var line = element.dataset.textSummary
        .replace("%(signals)s", String(data.signals)).replace("%(events)s", String(data.events));
      if (data.mode === "grid") {
        line += " " + element.dataset.textGrid;
      }
      summary.textContent = line;
    })
    .catch(function () { element.dataset.drawn = "error"; });
}());
