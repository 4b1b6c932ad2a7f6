/*
 * The base layer of every map (docs/maps.md), shared by all map scripts:
 *
 *   var map = window.veiligMap.create(element);   // an L.map with zoom buttons and base layer
 *   window.veiligMap.baseLayers(map);              // only for a map made without create()
 *   window.veiligMap.nameAreas(geoJsonLayer);      // hover/tap tooltips with the area names
 *   window.veiligMap.text(value);                  // a text node wrapper for tooltips/popups
 *
 * The configuration comes from the page (<script type="application/json" id="veilig-basemap">,
 * written by includes/map_head.html): a tile URL template when the installation has one
 * (VEILIG_MAP_TILES_URL, e.g. PDOK BRT-Achtergrondkaart), else the local street layer
 * (/gebieden/straten.geojson: the demo city's streets). With tiles the street layer is not
 * loaded: the tiles carry the streets and their names already.
 *
 * Streets are drawn on a canvas in their own pane below the area polygons, so they add no
 * elements to the page and take no clicks. Street names appear from zoom level `labelZoom`
 * on, only for streets in view and at most MAX_LABELS at a time (light on a phone); they are
 * decoration for sighted users (aria-hidden): every map has a text version beside it.
 * Names reach the page as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var MAX_LABELS = 80;
  var DEFAULT_MAX_ZOOM = 19;
  var config = null;
  var streetsRequest = null;

  function settings() {
    if (config === null) {
      var source = document.getElementById("veilig-basemap");
      try {
        config = source ? JSON.parse(source.textContent) : {};
      } catch (e) {
        config = {};
      }
    }
    return config;
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  // Leaflet writes attributions as HTML: the configured text goes in escaped.
  function escapeHtml(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function addTiles(map, tiles) {
    var L = window.L;
    var attribution = L.control.attribution({ prefix: false }).addTo(map);
    map.attributionControl = attribution;
    L.tileLayer(tiles.url, {
      maxZoom: tiles.maxZoom || DEFAULT_MAX_ZOOM,
      attribution: escapeHtml(tiles.attribution || ""),
      className: "veilig-map__tiles"
    }).addTo(map);
    map.getContainer().dataset.basemap = "tiles";
  }

  function fetchStreets(url) {
    if (streetsRequest === null) {
      streetsRequest = fetch(url, {
        credentials: "same-origin", headers: { "Accept": "application/geo+json" }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
    }
    return streetsRequest;
  }

  // Thin grey lines when the whole city is in view; white streets with a grey edge up close.
  function streetStyles(zoom) {
    if (zoom < 15) {
      return { edge: { color: "#b9b9b9", weight: 1, opacity: 1 }, fill: { opacity: 0, weight: 0 } };
    }
    var width = zoom >= 17 ? 9 : zoom >= 16 ? 6 : 4;
    return {
      edge: { color: "#a8a8a8", weight: width + 2, opacity: 1, lineCap: "round" },
      fill: { color: "#ffffff", weight: width, opacity: 1, lineCap: "round" }
    };
  }

  // Where a street's name goes: the middle of its longest part, turned along it.
  function labelOf(map, feature) {
    var geometry = feature.geometry;
    var parts = geometry.type === "MultiLineString" ? geometry.coordinates : [geometry.coordinates];
    var best = null;
    var bestLength = -1;
    parts.forEach(function (part) {
      if (part.length < 2) {
        return;
      }
      var a = map.project([part[0][1], part[0][0]], 0);
      var b = map.project([part[part.length - 1][1], part[part.length - 1][0]], 0);
      var length = a.distanceTo(b);
      if (length > bestLength) {
        bestLength = length;
        best = { part: part, a: a, b: b };
      }
    });
    if (best === null) {
      return null;
    }
    var middle = best.part[Math.floor((best.part.length - 1) / 2)];
    var next = best.part[Math.floor((best.part.length - 1) / 2) + 1];
    var angle = Math.atan2(best.b.y - best.a.y, best.b.x - best.a.x) * 180 / Math.PI;
    if (angle > 90) {
      angle -= 180;
    } else if (angle < -90) {
      angle += 180;
    }
    return {
      name: feature.properties.name,
      latlng: [(middle[1] + next[1]) / 2, (middle[0] + next[0]) / 2],
      angle: angle,
      tooltip: null
    };
  }

  function labelTooltip(label) {
    var span = text(label.name);
    span.className = "veilig-street-label__text";
    span.style.transform = "rotate(" + label.angle.toFixed(1) + "deg)";
    return window.L.tooltip({
      permanent: true, direction: "center", interactive: false, opacity: 1,
      className: "veilig-street-label", pane: "veiligStreetLabels"
    }).setLatLng(label.latlng).setContent(span);
  }

  function addStreets(map, options) {
    var L = window.L;
    var element = map.getContainer();
    element.dataset.basemap = "streets";
    map.createPane("veiligStreets").style.zIndex = "350"; // below the overlays (400)
    var labelPane = map.createPane("veiligStreetLabels");
    labelPane.style.zIndex = "450"; // above the polygons, below markers and tooltips
    labelPane.setAttribute("aria-hidden", "true");
    var renderer = L.canvas({ pane: "veiligStreets", padding: 0.2 });
    fetchStreets(options.streetsUrl)
      .then(function (data) {
        var common = { pane: "veiligStreets", renderer: renderer, interactive: false };
        var styles = streetStyles(map.getZoom());
        var edge = L.geoJSON(data, L.extend({ style: function () { return styles.edge; } }, common));
        var fill = L.geoJSON(data, L.extend({ style: function () { return styles.fill; } }, common));
        edge.addTo(map);
        fill.addTo(map);
        var labels = data.features.map(function (f) { return labelOf(map, f); })
          .filter(function (label) { return label !== null; });
        var zoomed = null;
        function update() {
          var zoom = map.getZoom();
          if (zoom !== zoomed) {
            styles = streetStyles(zoom);
            edge.setStyle(styles.edge);
            fill.setStyle(styles.fill);
            zoomed = zoom;
          }
          var show = zoom >= (options.labelZoom || 16);
          var bounds = map.getBounds().pad(0.1);
          var shown = 0;
          labels.forEach(function (label) {
            var visible = show && shown < MAX_LABELS && bounds.contains(label.latlng);
            if (visible) {
              shown += 1;
              label.tooltip = label.tooltip || labelTooltip(label);
              if (!map.hasLayer(label.tooltip)) {
                label.tooltip.addTo(map);
              }
            } else if (label.tooltip && map.hasLayer(label.tooltip)) {
              label.tooltip.remove();
            }
          });
          element.dataset.streetLabels = String(shown);
        }
        map.on("zoomend moveend", update);
        update();
        element.dataset.streets = String(data.features.length);
      })
      .catch(function () { element.dataset.streets = "error"; });
  }

  /* Adds the configured base layer to `map`: tiles when set, else the local street layer. */
  function baseLayers(map) {
    var options = settings();
    if (options.tiles && options.tiles.url) {
      addTiles(map, options.tiles);
    } else if (options.streetsUrl) {
      addStreets(map, options);
    }
    return map;
  }

  /* An L.map on `element` the way every Veilig map looks: the fallback text removed, zoom
   * buttons titled from data-zoom-in/data-zoom-out, an overview of the Netherlands until the
   * page fits its own layers, and the base layer. `options` go to L.map. */
  function create(element, options) {
    var L = window.L;
    var fallback = element.querySelector(".veilig-map__fallback");
    if (fallback) {
      fallback.remove();
    }
    var tiles = settings().tiles;
    var map = L.map(element, L.extend({
      attributionControl: false,
      zoomControl: false,
      zoomSnap: 0.25,
      maxZoom: tiles && tiles.maxZoom ? tiles.maxZoom : DEFAULT_MAX_ZOOM
    }, options || {}));
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut
    }).addTo(map);
    map.setView([52.2, 5.3], 7);
    return baseLayers(map);
  }

  /* Sticky tooltips with each feature's `name` (areas of the local GeoJSON endpoints). */
  function nameAreas(layer) {
    layer.eachLayer(function (polygon) {
      var name = polygon.feature && polygon.feature.properties && polygon.feature.properties.name;
      if (name) {
        polygon.bindTooltip(text(name), { sticky: true });
      }
    });
    return layer;
  }

  window.veiligMap = { create: create, baseLayers: baseLayers, nameAreas: nameAreas, text: text };
}());
