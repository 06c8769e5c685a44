// The centres map: a visual extra over the list, which has everything and works without this file.
// Markers and list stay in step: a marker highlights and focuses its list entry, and each list
// entry gets a "Show on map" button (made here, so there is no dead button without JavaScript).
(function () {
  "use strict";

  function start() {
    var container = document.getElementById("centres-map");
    if (!container || typeof window.L === "undefined") return;
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-centre-lat][data-centre-lng]"));
    if (!items.length) return;

    container.hidden = false;
    var L = window.L;
    L.Icon.Default.imagePath = container.getAttribute("data-image-path");
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.getAttribute("data-tile-url"), {
      attribution: container.getAttribute("data-attribution"),
      maxZoom: 19
    }).addTo(map);

    var showButtons = container.getAttribute("data-show-buttons") === "yes";
    var showLabel = container.getAttribute("data-show-label");
    var points = [];

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

    items.forEach(function (item) {
      var lat = parseFloat(item.getAttribute("data-centre-lat"));
      var lng = parseFloat(item.getAttribute("data-centre-lng"));
      if (isNaN(lat) || isNaN(lng)) return;
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
      points.push([lat, lng]);

      if (showButtons) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "govuk-button govuk-button--secondary app-centre__show";
        button.textContent = showLabel;
        var heading = item.querySelector("[data-centre-heading]");
        if (heading && heading.id) button.setAttribute("aria-describedby", heading.id);
        button.addEventListener("click", function () {
          highlight(item, false);
          map.setView([lat, lng], Math.max(map.getZoom(), 14));
          marker.openPopup();
          container.scrollIntoView({ block: "nearest", behavior: "smooth" });
        });
        (item.querySelector("[data-centre-actions]") || item).appendChild(button);
      }
    });

    if (points.length === 1) {
      map.setView(points[0], 14);
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24] });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
