/*
 * The signal form on a phone:
 * - location by tapping the map (Leaflet over the shared base layer of basemap.js, with the
 *   buurten of the team's area named on hover), by the phone's GPS, or by
 *   searching an address (the server's address table);
 * - a draft of what the user typed is kept in localStorage while typing, so a dropped network
 *   or a closed tab loses nothing; with no connection the send waits and retries by itself;
 * - after a successful send the draft is removed (also by the page the send lands on), so no
 *   personal data stays in the browser. Drafts older than a day are discarded. Photos are never
 *   put in a draft.
 */
(function () {
  "use strict";

  var DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
  var FIELDS = [
    "category", "description", "occurred_at", "address_text", "address_id", "lat", "lon",
    "location_method", "source", "person_first_name", "person_prefix", "person_last_name",
    "person_date_of_birth"
  ];

  // A page reached after a successful send clears the draft of this user.
  var sent = document.querySelector("[data-signal-sent]");
  if (sent) {
    try {
      window.localStorage.removeItem(sent.dataset.draftKey);
    } catch (e) { /* storage unavailable: nothing was kept */ }
  }

  var form = document.getElementById("signal-form");
  if (!form) {
    return;
  }
  var key = form.dataset.draftKey;
  var sendStatus = document.getElementById("signal-send-status");
  var locationStatus = document.getElementById("signal-location-status");
  var notice = document.getElementById("signal-draft-notice");
  var noticeText = document.getElementById("signal-draft-text");
  var retryTimer = null;
  var sending = false;

  function field(name) {
    return form.elements.namedItem(name);
  }

  // --- Draft ---------------------------------------------------------------------------------

  function readDraft() {
    try {
      var raw = window.localStorage.getItem(key);
      if (!raw) {
        return null;
      }
      var draft = JSON.parse(raw);
      if (!draft || Date.now() - draft.savedAt > DRAFT_MAX_AGE_MS) {
        window.localStorage.removeItem(key);
        return null;
      }
      return draft;
    } catch (e) {
      return null;
    }
  }

  function saveDraft(pending) {
    var values = {};
    var any = false;
    FIELDS.forEach(function (name) {
      var element = field(name);
      if (element && element.value) {
        values[name] = element.value;
        if (name !== "source" && name !== "occurred_at") {
          any = true;
        }
      }
    });
    try {
      if (!any && !pending) {
        window.localStorage.removeItem(key);
        return;
      }
      window.localStorage.setItem(key, JSON.stringify({
        savedAt: Date.now(), pending: Boolean(pending), values: values
      }));
    } catch (e) { /* full or unavailable: the form still works */ }
  }

  function clearDraft() {
    try {
      window.localStorage.removeItem(key);
    } catch (e) { /* nothing kept */ }
  }

  function showNotice(text) {
    if (notice && noticeText) {
      noticeText.textContent = text;
      notice.hidden = false;
    }
  }

  var draft = readDraft();
  var serverHasValues = Boolean(field("description").value);
  if (draft && !serverHasValues) {
    FIELDS.forEach(function (name) {
      var element = field(name);
      if (element && draft.values[name] !== undefined) {
        element.value = draft.values[name];
      }
    });
    showNotice(form.dataset.textRestored + " " + form.dataset.textPhotos);
  }
  var discard = document.getElementById("signal-draft-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      clearDraft();
      window.location.reload();
    });
  }
  form.addEventListener("input", function () { saveDraft(false); });
  form.addEventListener("change", function () { saveDraft(false); });

  // --- Location ------------------------------------------------------------------------------

  var mapElement = document.getElementById("signal-map");
  var map = null;
  var marker = null;

  function setPoint(lat, lon, method, text) {
    field("lat").value = lat.toFixed(6);
    field("lon").value = lon.toFixed(6);
    field("location_method").value = method;
    if (method !== "adres") {
      field("address_id").value = "";
    }
    if (map) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = window.L.marker([lat, lon], { keyboard: false }).addTo(map);
      }
    }
    if (locationStatus) {
      locationStatus.textContent = text;
    }
    saveDraft(false);
  }

  if (mapElement && typeof window.L !== "undefined" && window.veiligMap) {
    var L = window.L;
    map = window.veiligMap.create(mapElement);
    fetch(mapElement.dataset.areaUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function () {
            return { color: "#5115ef", weight: 1, fillColor: "#e7deff", fillOpacity: 0.4 };
          }
        }).addTo(map);
        window.veiligMap.nameAreas(layer);
        if (layer.getLayers().length) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        }
        mapElement.dataset.ready = "true";
        if (field("lat").value && field("lon").value) {
          setPoint(parseFloat(field("lat").value), parseFloat(field("lon").value),
                   field("location_method").value || "kaart", locationStatus.textContent);
        }
      })
      .catch(function () { mapElement.dataset.ready = "true"; });
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng, "kaart", form.dataset.textMap);
    });
  }

  var gps = document.getElementById("signal-gps");
  if (gps && "geolocation" in navigator) {
    gps.hidden = false;
    gps.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        setPoint(position.coords.latitude, position.coords.longitude, "gps", form.dataset.textGps);
        if (map) {
          map.setView([position.coords.latitude, position.coords.longitude], 17);
        }
      }, function () {
        locationStatus.textContent = form.dataset.textGpsError;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  var addressInput = field("address_text");
  var results = document.getElementById("signal-address-results");
  var searchTimer = null;

  function chooseAddress(item) {
    addressInput.value = item.label;
    field("address_id").value = String(item.id);
    results.hidden = true;
    results.textContent = "";
    setPoint(item.lat, item.lon, "adres", form.dataset.textAddress + " " + item.label);
    field("address_id").value = String(item.id);
    saveDraft(false);
  }

  function search() {
    var query = addressInput.value.trim();
    if (query.length < 3) {
      results.hidden = true;
      return;
    }
    // POST, so that the typed address stays out of URLs and server logs.
    var body = new FormData();
    body.append("q", query);
    body.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
    fetch(form.dataset.addressUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        results.textContent = "";
        if (!data.results.length) {
          locationStatus.textContent = form.dataset.textNoAddress;
          results.hidden = true;
          return;
        }
        data.results.forEach(function (item) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = item.label;
          button.addEventListener("click", function () { chooseAddress(item); });
          li.appendChild(button);
          results.appendChild(li);
        });
        results.hidden = false;
      })
      .catch(function () { results.hidden = true; });
  }

  if (addressInput && results) {
    addressInput.addEventListener("input", function () {
      field("address_id").value = "";
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(search, 300);
    });
  }

  // --- Sending -------------------------------------------------------------------------------

  function waitForConnection() {
    saveDraft(true);
    sendStatus.textContent = form.dataset.textOffline;
    if (retryTimer === null) {
      retryTimer = window.setInterval(send, 20000);
    }
  }

  function send() {
    if (sending) {
      return;
    }
    if (navigator.onLine === false) {
      waitForConnection();
      return;
    }
    sending = true;
    sendStatus.textContent = form.dataset.textSending;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        sending = false;
        if (response.ok && response.redirected) {
          if (retryTimer !== null) {
            window.clearInterval(retryTimer);
          }
          clearDraft();
          window.location.assign(response.url);
          return;
        }
        // Not accepted (e.g. a field to correct): let the browser post and show the errors.
        HTMLFormElement.prototype.submit.call(form);
      })
      .catch(function () {
        sending = false;
        waitForConnection();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  window.addEventListener("online", function () {
    var pending = readDraft();
    if (pending && pending.pending) {
      send();
    }
  });
  if (draft && draft.pending && navigator.onLine !== false && !serverHasValues) {
    showNotice(form.dataset.textRestored + " " + form.dataset.textPhotos);
  }
}());
