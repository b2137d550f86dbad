/* The reservation form: pick an existing guest from the search, clear it again, and keep
   the stay's length when the arrival moves past the departure. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.getElementById("reservation-form");
    if (!form) return;
    var guestId = document.getElementById("id_guest_id");
    var selected = document.getElementById("selected-guest");
    var selectedName = document.getElementById("selected-guest-name");
    var newGuest = document.getElementById("new-guest");
    var results = document.getElementById("guest-results");

    function showSelected(on) {
      if (on) selected.setAttribute("data-selected", ""); else selected.removeAttribute("data-selected");
      newGuest.hidden = on;
    }
    function pick(id, name) {
      guestId.value = id;
      selectedName.textContent = name;
      showSelected(true);
      results.innerHTML = "";
      document.getElementById("id_room_type").focus();
    }
    showSelected(!!guestId.value);
    results.addEventListener("click", function (event) {
      var button = event.target.closest("[data-guest-id]");
      if (button) pick(button.getAttribute("data-guest-id"), button.getAttribute("data-name"));
    });
    var lookAlikes = document.getElementById("look-alikes");
    if (lookAlikes) {
      lookAlikes.addEventListener("click", function (event) {
        var button = event.target.closest("[data-guest-id]");
        if (!button) return;
        pick(button.getAttribute("data-guest-id"), button.getAttribute("data-name"));
        lookAlikes.hidden = true;
      });
    }
    document.getElementById("clear-guest").addEventListener("click", function () {
      guestId.value = "";
      selectedName.textContent = "";
      showSelected(false);
    });

    // A room type the quote offers instead of a sold-out one: choose it.
    document.getElementById("quote").addEventListener("click", function (event) {
      var offer = event.target.closest("[data-room-type]");
      if (!offer) return;
      var select = document.getElementById("id_room_type");
      select.value = offer.getAttribute("data-room-type");
      select.dispatchEvent(new Event("change", {bubbles: true}));
      select.focus();
    });

    // Enter in the guest search searches; it never sends the booking.
    var search = document.getElementById("guest-search");
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(search, "search");
    });

    // The stay keeps its length when the arrival moves: the departure follows it by the
    // number of nights last set (1 to start with, or what the departure field says).
    // Only a complete date of a plausible year counts, so a date typed digit by digit
    // (which passes through dates like 2026-01-24) never drags the departure along.
    var arrival = document.getElementById("id_arrival");
    var departure = document.getElementById("id_departure");
    var DAY = 86400000;
    function parse(value) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
      var date = new Date(value + "T00:00:00Z");
      if (isNaN(date.getTime())) return null;
      var year = date.getUTCFullYear(), now = new Date().getUTCFullYear();
      return year >= now - 1 && year <= now + 3 ? date : null;
    }
    function nightsBetween() {
      var a = parse(arrival.value), d = parse(departure.value);
      return a && d && d > a ? Math.round((d - a) / DAY) : null;
    }
    var nights = nightsBetween() || 1;
    departure.addEventListener("change", function () {
      var n = nightsBetween();
      if (n) nights = n;
    });
    arrival.addEventListener("change", function () {
      var a = parse(arrival.value);
      if (!a) return;
      var wanted = new Date(a.getTime() + nights * DAY).toISOString().slice(0, 10);
      if (departure.value !== wanted) {
        departure.value = wanted;
        departure.dispatchEvent(new Event("change", {bubbles: true}));
      }
    });
  });
})();
