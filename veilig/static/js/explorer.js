/*
 * Areas explorer: draws the buurten from the local GeoJSON endpoint with Leaflet over the
 * shared base layer (basemap.js), fits the map to them and links map and table both ways:
 * - clicking a polygon highlights its table row (the table is the map's text alternative);
 * - "show on map" in a row highlights the polygon and zooms to it (the keyboard route).
 * After htmx swaps the results (filters changed) the map reloads the matching GeoJSON.
 * Area names come from the admin and from CBS files: they reach the page as text only
 * (textContent), never as HTML - Leaflet treats a string tooltip as HTML.
 */
(function () {
  "use strict";

  var mapElement = document.getElementById("explorer-map");
  if (!mapElement || typeof window.L === "undefined" || !window.veiligMap) {
    return;
  }
  var L = window.L;
  var status = document.getElementById("explorer-status");
  var tokens = getComputedStyle(document.body);

  function token(name, fallback) {
    var value = tokens.getPropertyValue(name).trim();
    return value || fallback;
  }

  var baseStyle = {
    color: token("--basis-color-accent-1-color-default", "#5115ef"),
    weight: 1.5,
    fillColor: token("--basis-color-accent-1-bg-hover", "#e7deff"),
    fillOpacity: 0.4 // light enough for the streets below to show
  };
  var selectedStyle = {
    color: token("--basis-color-default-color-document", "#001a40"),
    weight: 3,
    fillColor: token("--basis-color-highlight-color-subtle", "#ffd800"),
    fillOpacity: 0.55
  };

  var map = window.veiligMap.create(mapElement, { keyboard: true });

  var layer = null;
  var layersByCode = {};
  var selectedCode = null;
  var loadedUrl = null;

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function countText(count) {
    if (count === 1) {
      return mapElement.dataset.countOne;
    }
    return (mapElement.dataset.countMany || "%(count)s").replace("%(count)s", String(count));
  }

  function results() {
    return document.getElementById("explorer-results");
  }

  function enableRowButtons() {
    var buttons = document.querySelectorAll(".veilig-map-button");
    for (var i = 0; i < buttons.length; i++) {
      if (layersByCode[buttons[i].dataset.areaCode]) {
        buttons[i].hidden = false;
      }
    }
  }

  function select(code, options) {
    if (selectedCode && layersByCode[selectedCode]) {
      layersByCode[selectedCode].setStyle(baseStyle);
    }
    var previous = document.querySelectorAll('.veilig-area-row[aria-current="true"]');
    for (var i = 0; i < previous.length; i++) {
      previous[i].removeAttribute("aria-current");
    }
    selectedCode = code;
    var polygon = layersByCode[code];
    if (polygon) {
      polygon.setStyle(selectedStyle);
      polygon.bringToFront();
    }
    var row = document.getElementById("area-" + code);
    if (row) {
      row.setAttribute("aria-current", "true");
      if (options.fromMap) {
        row.scrollIntoView({ block: "nearest" });
      }
    }
    if (options.fromTable && polygon) {
      map.fitBounds(polygon.getBounds(), { padding: [24, 24], maxZoom: 15 });
      mapElement.scrollIntoView({ block: "nearest" });
    }
    if (polygon) {
      var name = polygon.feature.properties.name;
      announce(mapElement.dataset.selected + " " + name + " (" + code + ")");
    }
  }

  function draw(data) {
    if (layer) {
      layer.remove();
    }
    layersByCode = {};
    layer = L.geoJSON(data, {
      style: function () {
        return baseStyle;
      },
      onEachFeature: function (feature, polygon) {
        var code = feature.properties.code;
        layersByCode[code] = polygon;
        polygon.bindTooltip(window.veiligMap.text(feature.properties.name), { sticky: true });
        polygon.on("click", function () {
          select(code, { fromMap: true });
        });
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [12, 12] });
    }
    mapElement.dataset.features = String(layer.getLayers().length);
    enableRowButtons();
    if (selectedCode && layersByCode[selectedCode]) {
      select(selectedCode, {});
    } else {
      selectedCode = null;
    }
  }

  function load() {
    var container = results();
    if (!container) {
      return;
    }
    var url = container.dataset.geojsonUrl;
    if (url === loadedUrl) {
      enableRowButtons();
      return;
    }
    loadedUrl = url;
    mapElement.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        draw(data);
        announce(countText(Number(container.dataset.count || 0)));
      })
      .catch(function () {
        loadedUrl = null;
      })
      .finally(function () {
        mapElement.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".veilig-map-button") : null;
    if (button) {
      select(button.dataset.areaCode, { fromTable: true });
    }
  });
  document.body.addEventListener("htmx:afterSettle", load);
  load();
})();
