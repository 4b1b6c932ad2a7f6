/*
 * The forecast map of a team: the neighbourhoods of the district (local GeoJSON, no tiles) and
 * the flagged squares of the forecast, numbered by rank. The squares come from the page itself
 * (json_script), so the map shows exactly what the table below it lists. Labels hold area
 * names, so they go in as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var element = document.getElementById("forecast-map");
  var source = document.getElementById("forecast-data");
  if (!element || !source || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  var data = JSON.parse(source.textContent);
  var fallback = element.querySelector(".veilig-map__fallback");
  if (fallback) {
    fallback.remove();
  }
  var map = L.map(element, { attributionControl: false, zoomControl: false, zoomSnap: 0.25 });
  L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut })
    .addTo(map);
  map.setView([52.2, 5.3], 7);

  function textElement(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  var cells = L.featureGroup();
  data.cells.forEach(function (cell) {
    L.polygon(cell.corners, {
      color: "#5a0000", weight: 2, fillColor: "#b00020", fillOpacity: 0.55,
      className: "forecast-cell"
    }).bindTooltip(textElement(cell.label)).addTo(cells);
  });
  cells.addTo(map);
  element.dataset.cells = String(data.cells.length);

  function fit(layer) {
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }
  }

  fetch(element.dataset.areaUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (geojson) {
      var area = L.geoJSON(geojson, {
        interactive: false,
        style: function () {
          return { color: "#5115ef", weight: 1, fillColor: "#e7deff", fillOpacity: 0.25 };
        }
      }).addTo(map);
      area.bringToBack();
      fit(area.getLayers().length ? area : cells);
    })
    .catch(function () { fit(cells); })
    .then(function () { element.dataset.drawn = "1"; });
}());
