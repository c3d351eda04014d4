/* SPDX-License-Identifier: MIT */
/* Field reports: the map of reports, the pin on the report form, questions per category. */
(function () {
  "use strict";

  var COLOURS = {
    received: "#b45309", assigned: "#b45309", in_progress: "#1d4ed8", reopened: "#b91c1c",
    answered: "#15803d", closed: "#4b5563", rejected: "#4b5563"
  };

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function setupQuestions() {
    var select = document.querySelector("#fr-form select[name=category]");
    if (!select) { return; }
    function show() {
      document.querySelectorAll(".fr-questions").forEach(function (box) {
        var on = box.dataset.category === select.value;
        box.hidden = !on;
        box.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !on; });
      });
    }
    select.addEventListener("change", show);
    show();
  }

  function baseMap(el) {
    var c = (el.dataset.center || "16.4637,107.5909,12").split(",").map(Number);
    var map = L.map(el, { attributionControl: !!el.dataset.tiles }).setView([c[0], c[1]], c[2] || 12);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add("fr-map-plain");
    }
    return map;
  }

  function dot(latlng, status) {
    var colour = COLOURS[status] || "#1d4ed8";
    return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 0.9 });
  }

  function bboxOf(map) {
    var b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (n) { return n.toFixed(5); }).join(",");
  }

  function browse(el, map) {
    var layer = L.layerGroup().addTo(map);
    var form = document.getElementById("fr-filter");
    var bboxInput = form && form.querySelector("input[name=bbox]");
    if (bboxInput && bboxInput.value) {
      var p = bboxInput.value.split(",").map(Number);
      if (p.length === 4) { map.fitBounds([[p[1], p[0]], [p[3], p[2]]]); }
    }
    function load() {
      var params = new URLSearchParams(form ? new FormData(form) : undefined);
      params.set("bbox", bboxOf(map));
      fetch(el.dataset.points + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (data) {
          layer.clearLayers();
          data.features.forEach(function (f) {
            var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
            var link = document.createElement("a");
            link.href = f.properties.url;
            link.textContent = "#" + f.properties.id + " " + f.properties.category + " — " + f.properties.status_label;
            dot(ll, f.properties.status).bindPopup(link).addTo(layer);
          });
          el.dataset.loaded = String(data.features.length);
        });
    }
    map.on("moveend", load);
    load();
    if (form && bboxInput) {
      form.addEventListener("submit", function () {
        var toggle = document.getElementById("fr-bbox-toggle");
        bboxInput.value = toggle && toggle.checked ? bboxOf(map) : "";
      });
    }
  }

  function pick(el, map) {
    var lat = document.querySelector("#fr-form input[name=lat]");
    var lon = document.querySelector("#fr-form input[name=lon]");
    var category = document.querySelector("#fr-form select[name=category]");
    var nearbyBox = document.getElementById("fr-nearby");
    var marker = null;
    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else { marker = dot(latlng, "in_progress").addTo(map); }
      if (pan) { map.setView(latlng, Math.max(map.getZoom(), 16)); }
      nearby();
    }
    function nearby() {
      if (!nearbyBox || !category.value || !lat.value || !lon.value) { return; }
      var q = new URLSearchParams({ category: category.value, lat: lat.value, lon: lon.value });
      fetch(el.dataset.nearby + "?" + q.toString()).then(function (r) { return r.text(); })
        .then(function (html) { nearbyBox.innerHTML = html; });
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng, false);
    });
    function typed() {
      var a = parseFloat(lat.value.replace(",", ".")), b = parseFloat(lon.value.replace(",", "."));
      if (isFinite(a) && isFinite(b)) { place([a, b], true); }
    }
    lat.addEventListener("change", typed);
    lon.addEventListener("change", typed);
    category.addEventListener("change", nearby);
    if (lat.value && lon.value) { typed(); }
    var button = document.getElementById("fr-locate");
    var status = document.getElementById("fr-locate-status");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        status.textContent = "…";
        navigator.geolocation.getCurrentPosition(function (pos) {
          lat.value = pos.coords.latitude.toFixed(6);
          lon.value = pos.coords.longitude.toFixed(6);
          status.textContent = "±" + Math.round(pos.coords.accuracy) + " m";
          place([pos.coords.latitude, pos.coords.longitude], true);
        }, function (err) { status.textContent = err.message; }, { enableHighAccuracy: true, timeout: 15000 });
      });
    }
  }

  ready(function () {
    setupQuestions();
    var el = document.getElementById("fr-map");
    if (!el || typeof L === "undefined") { return; }
    var map = baseMap(el);
    if (el.dataset.mode === "browse") { browse(el, map); }
    if (el.dataset.mode === "pick") { pick(el, map); }
    if (el.dataset.mode === "point") {
      var ll = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
      map.setView(ll, 16);
      dot(ll, "in_progress").addTo(map);
    }
    el.dataset.ready = "1";
  });
})();
