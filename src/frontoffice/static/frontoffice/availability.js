/* The availability grid: choose a stay in one row, by mouse, touch or keyboard.
   A click (a tap, Enter or Space) on a night starts a stay there and offers "Book 1 night";
   the same night again books that night; another night of the same row ends the stay
   there: the nights between are marked and "Book N nights" offers the booking form with
   the arrival, departure and room type filled in, beside the price quote. While a stay is
   being chosen, a click on another row starts again there; Shift+click moves its end;
   Esc (or the Clear button) stops choosing. Without the script each night's link books
   that one night. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var grid = document.getElementById("avail-grid");
    var bar = document.getElementById("range-bar");
    if (!grid || !bar) return;
    var book = document.getElementById("range-book");
    var quote = document.getElementById("range-quote");
    var labels = document.getElementById("range-labels");
    var DAY = 86400000;
    var anchor = null; // the link of the night the stay starts from
    var end = null; // the link of the other end, once chosen

    function nightsBetween(first, departure) {
      return Math.round((Date.parse(departure) - Date.parse(first)) / DAY);
    }
    function label(nights) {
      var span = labels.content.querySelector('[data-nights="' + nights + '"]');
      return span ? span.textContent : String(nights);
    }
    function unmark() {
      var marked = grid.querySelectorAll("td.in-range, td.range-start");
      for (var i = 0; i < marked.length; i++) marked[i].classList.remove("in-range", "range-start");
    }
    function clear() {
      var hadFocus = bar.contains(document.activeElement);
      var back = anchor;
      unmark();
      anchor = end = null;
      bar.hidden = true;
      quote.innerHTML = "";
      if (hadFocus && back) back.focus();
    }
    function show() {
      var row = anchor.closest("tr");
      var a = anchor.getAttribute("data-night"), b = (end || anchor).getAttribute("data-night");
      var first = a < b ? a : b, last = a < b ? b : a; // ISO dates sort as text
      var lastLink = row.querySelector('a[data-night="' + last + '"]');
      var departure = lastLink.getAttribute("data-departure");
      unmark();
      anchor.closest("td").classList.add("range-start");
      var cells = row.querySelectorAll("td[data-night]");
      for (var i = 0; i < cells.length; i++) {
        var night = cells[i].getAttribute("data-night");
        if (night >= first && night <= last) cells[i].classList.add("in-range");
      }
      var query = "?room_type=" + encodeURIComponent(row.getAttribute("data-room-type")) +
        "&arrival=" + first + "&departure=" + departure;
      book.href = grid.getAttribute("data-book-url") + query;
      book.textContent = label(nightsBetween(first, departure));
      bar.hidden = false;
      if (window.htmx) {
        window.htmx.ajax("GET", grid.getAttribute("data-quote-url") + query + "&adults=1", {
          target: quote, swap: "innerHTML"
        });
      }
    }
    function choose(link, extend) {
      var sameRow = anchor && anchor.closest("tr") === link.closest("tr");
      if (sameRow && (!end || extend)) {
        end = link;
        show();
        book.focus({preventScroll: true});
      } else {
        anchor = link;
        end = null;
        show();
      }
    }

    grid.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-night]");
      if (!link) return;
      if (link === anchor && !end) return; // the same night again: the link books it
      event.preventDefault();
      choose(link, event.shiftKey);
    });
    grid.addEventListener("keydown", function (event) {
      var link = event.target.closest && event.target.closest("a[data-night]");
      if (!link) return;
      if (event.key === " " || (event.key === "Enter" && event.shiftKey)) {
        event.preventDefault(); // not a scroll of the page, nor the link in a new window
        choose(link, true);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && anchor) clear();
    });
    document.getElementById("range-clear").addEventListener("click", clear);
    // A room type the quote offers instead (free on every night): the same nights there.
    quote.addEventListener("click", function (event) {
      var offer = event.target.closest("[data-room-type]");
      if (!offer || !anchor) return;
      var code = offer.getAttribute("data-room-type").toLowerCase();
      var rows = grid.querySelectorAll("tbody tr[data-room-type]");
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].getAttribute("data-room-type").toLowerCase() !== code) continue;
        var from = rows[i].querySelector('a[data-night="' + anchor.getAttribute("data-night") + '"]');
        var to = end && rows[i].querySelector('a[data-night="' + end.getAttribute("data-night") + '"]');
        if (!from) return;
        anchor = from;
        end = to || null;
        show();
        book.focus({preventScroll: true});
      }
    });
  });
})();
