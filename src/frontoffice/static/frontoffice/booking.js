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
    document.getElementById("clear-guest").addEventListener("click", function () {
      guestId.value = "";
      selectedName.textContent = "";
      showSelected(false);
    });

    // Moving the arrival past the departure keeps the stay's length.
    var arrival = document.getElementById("id_arrival");
    var departure = document.getElementById("id_departure");
    var previous = arrival.value;
    arrival.addEventListener("change", function () {
      if (!arrival.value || !departure.value) { previous = arrival.value; return; }
      var a = new Date(arrival.value), d = new Date(departure.value), p = previous ? new Date(previous) : null;
      if (d <= a) {
        var nights = p && d > p ? Math.round((d - p) / 86400000) : 1;
        departure.value = new Date(a.getTime() + nights * 86400000).toISOString().slice(0, 10);
        departure.dispatchEvent(new Event("change", {bubbles: true}));
      }
      previous = arrival.value;
    });
  });
})();
