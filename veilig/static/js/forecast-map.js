/*
 * The forecast map of a team: the neighbourhoods of the district (local GeoJSON, named on
 * hover) over the shared base layer (basemap.js) and the flagged squares of the forecast, each
 * with its rank and place (street and buurt, named by the server). The squares come from the page itself
 * (json_script), so the map shows exactly what the table below it lists. Labels hold area
 * names, so they go in as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var element = document.getElementById("forecast-map");
  var source = document.getElementById("forecast-data");
  if (!element || !source || typeof window.L === "undefined" || !window.veiligMap) {
    return;
  }
  var L = window.L;
  var data = JSON.parse(source.textContent);
  var map = window.veiligMap.create(element);
  var textElement = window.veiligMap.text;

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
        style: function () {
          return { color: "#5115ef", weight: 1, fillColor: "#e7deff", fillOpacity: 0.25 };
        }
      }).addTo(map);
      window.veiligMap.nameAreas(area);
      area.bringToBack();
      fit(area.getLayers().length ? area : cells);
    })
    .catch(function () { fit(cells); })
    .then(function () { element.dataset.drawn = "1"; });
}());
