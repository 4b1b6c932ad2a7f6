/*
 * The small map of an early signal: the points of its evidence that the viewer may see (signals
 * blue, imported incidents grey, the address a square), from a JSON block in the page; no
 * request of its own. The lists under the map are its text version. Labels reach the page as
 * text nodes only, never as HTML. Kept small on purpose: a shared map init (base layer, streets)
 * can replace the first lines.
 */
(function () {
  "use strict";

  var element = document.getElementById("early-map");
  var data = element && document.getElementById(element.dataset.pointsId);
  if (!element || !data || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  var points = JSON.parse(data.textContent);
  var fallback = element.querySelector(".veilig-map__fallback");
  if (fallback) {
    fallback.remove();
  }
  var map = L.map(element, { attributionControl: false, zoomControl: false, zoomSnap: 0.25 });
  L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut })
    .addTo(map);

  function textElement(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

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

  var STYLE = {
    signal: { radius: 8, color: "#001a40", fillColor: "#0b57d0" },
    event: { radius: 6, color: "#001a40", fillColor: "#8a8a8a" }
  };
  var bounds = [];
  points.forEach(function (point) {
    var at = point.at ? " (" + point.at + ")" : "";
    if (point.type === "address") {
      var size = 0.00012;
      L.rectangle([[point.lat - size, point.lon - size], [point.lat + size, point.lon + size]], {
        color: "#001a40", weight: 2, fillColor: "#ffffff", fillOpacity: 0.9,
        className: "signals-point--address"
      }).bindTooltip(textElement(element.dataset.textAddress + ": " + point.label)).addTo(map);
    } else {
      var style = STYLE[point.type] || STYLE.event;
      var dot = L.circleMarker([point.lat, point.lon], {
        radius: style.radius, weight: 1, color: style.color, fillColor: style.fillColor,
        fillOpacity: 0.9, className: "signals-point--" + point.type
      });
      if (point.type === "signal") {
        dot.bindPopup(linkElement(point.url, element.dataset.textSignal + " " + point.id + ": " +
                                   point.label + at));
      } else {
        dot.bindTooltip(textElement(element.dataset.textEvent + ": " + point.label + at));
      }
      dot.addTo(map);
    }
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 17);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
  }
  element.dataset.drawn = String(points.length);
}());
