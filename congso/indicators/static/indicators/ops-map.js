/* SPDX-License-Identifier: MIT */
/* The operations view's map of communes, coloured by on-time rate (Leaflet; no tile server
   needed: without one the shapes are drawn on a plain background). */
(function () {
  "use strict";

  function colour(rate) {
    if (rate === null || rate === undefined) { return "#9e9e9e"; }
    if (rate >= 95) { return "#2e7d32"; }
    if (rate >= 80) { return "#f9a825"; }
    return "#c62828";
  }

  function text(tag, value) {
    var el = document.createElement(tag);
    el.textContent = value;
    return el;
  }

  function popup(el, props) {
    var box = document.createElement("div");
    var title = text("strong", props.name);
    if (props.url) {
      var link = document.createElement("a");
      link.href = props.url;
      link.appendChild(title);
      box.appendChild(link);
    } else {
      box.appendChild(title);
    }
    var rate = props.on_time === null ? "—" : props.on_time.toFixed(2).replace(".", ",") + "%";
    box.appendChild(text("div", el.dataset.labelReceived + ": " + props.received));
    box.appendChild(text("div", el.dataset.labelOnTime + ": " + rate));
    return box;
  }

  function draw() {
    var el = document.getElementById("ops-commune-map");
    var data = document.getElementById("ops-commune-data");
    if (!el || !data || typeof L === "undefined") { return; }
    var collection = JSON.parse(data.textContent);
    var c = (el.dataset.center || "16.4637,107.5909,10").split(",").map(Number);
    var map = L.map(el, { attributionControl: !!el.dataset.tiles }).setView([c[0], c[1]], c[2] || 10);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var layer = L.geoJSON(collection, {
      style: function (f) {
        return { color: "#fff", weight: 1, fillColor: colour(f.properties.on_time), fillOpacity: 0.75 };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 1, fillColor: colour(f.properties.on_time), fillOpacity: 0.9 });
      },
      onEachFeature: function (f, shape) { shape.bindPopup(popup(el, f.properties)); }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); }
    el.dataset.features = String(collection.features.length);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
