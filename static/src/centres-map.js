// The centres map: a visual extra over the list, which has everything and works without this file.
// The map is offered with a button, and Leaflet (its script, styles and the tiles) is fetched only
// when the person asks for it, so the list costs nothing more. Markers and list stay in step: a
// marker highlights and focuses its list entry, and each list entry gets a "Show on map" button.
// Buttons are made here, so there is no dead button without JavaScript.
(function () {
  "use strict";

  var waiting = null; // callbacks waiting for Leaflet while it loads

  // Leaflet's stylesheet and script, added once; `done` runs when both have arrived.
  function loadLeaflet(container, done) {
    if (typeof window.L !== "undefined") return done();
    if (waiting) return waiting.push(done);
    waiting = [done];
    var left = 2;
    function arrived() {
      if (--left > 0) return;
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (callback) { callback(); });
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = container.getAttribute("data-leaflet-css");
    css.onload = arrived;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = container.getAttribute("data-leaflet-js");
    script.onload = arrived;
    document.head.appendChild(script);
  }

  function start() {
    var container = document.getElementById("centres-map");
    if (!container) return;
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-centre-lat][data-centre-lng]"))
      .filter(function (item) {
        return !isNaN(parseFloat(item.getAttribute("data-centre-lat"))) &&
          !isNaN(parseFloat(item.getAttribute("data-centre-lng")));
      });
    if (!items.length) return;

    var map = null;
    var markers = [];

    function highlight(item, moveFocus) {
      items.forEach(function (other) { other.classList.remove("app-centre--selected"); });
      item.classList.add("app-centre--selected");
      if (moveFocus) {
        var heading = item.querySelector("[data-centre-heading]") || item;
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
        heading.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    }

    function build() {
      var L = window.L;
      container.hidden = false;
      L.Icon.Default.imagePath = container.getAttribute("data-image-path");
      map = L.map(container, { scrollWheelZoom: false });
      L.tileLayer(container.getAttribute("data-tile-url"), {
        attribution: container.getAttribute("data-attribution"),
        maxZoom: 19
      }).addTo(map);
      var points = [];
      items.forEach(function (item) {
        var lat = parseFloat(item.getAttribute("data-centre-lat"));
        var lng = parseFloat(item.getAttribute("data-centre-lng"));
        var name = item.getAttribute("data-centre-name") || "";
        // Built with textContent: a centre's name can never become markup.
        var popup = document.createElement("div");
        var url = item.getAttribute("data-centre-url");
        var title = document.createElement(url ? "a" : "strong");
        title.textContent = name;
        if (url) {
          title.href = url;
          title.className = "govuk-link";
        }
        popup.appendChild(title);
        // Markers are not in the tab order: keyboard users have the list and its buttons.
        var marker = L.marker([lat, lng], { keyboard: false, title: name, alt: name }).addTo(map);
        marker.bindPopup(popup);
        marker.on("click", function () { highlight(item, true); });
        markers.push(marker);
        points.push([lat, lng]);
      });
      if (points.length === 1) {
        map.setView(points[0], 14);
      } else {
        map.fitBounds(points, { padding: [24, 24] });
      }
    }

    // Shows the map (fetching Leaflet the first time), then runs `then`.
    function showMap(then) {
      if (map) return then();
      loadLeaflet(container, function () {
        if (!map) build();
        if (offer.parentNode) offer.parentNode.removeChild(offer);
        then();
      });
    }

    var offer = document.createElement("button");
    offer.type = "button";
    offer.className = "govuk-button govuk-button--secondary app-centres-map__offer";
    offer.textContent = container.getAttribute("data-map-label");
    offer.addEventListener("click", function () {
      showMap(function () {
        container.focus({ preventScroll: true });
      });
    });
    container.parentNode.insertBefore(offer, container);

    if (container.getAttribute("data-show-buttons") !== "yes") return;
    var showLabel = container.getAttribute("data-show-label");
    items.forEach(function (item, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary app-centre__show";
      button.textContent = showLabel;
      var heading = item.querySelector("[data-centre-heading]");
      if (heading && heading.id) button.setAttribute("aria-describedby", heading.id);
      button.addEventListener("click", function () {
        showMap(function () {
          var marker = markers[index];
          highlight(item, false);
          map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14));
          marker.openPopup();
          container.scrollIntoView({ block: "nearest", behavior: "smooth" });
        });
      });
      (item.querySelector("[data-centre-actions]") || item).appendChild(button);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
