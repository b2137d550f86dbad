/* Invoices and receipts: the Print button (no inline scripts: the CSP allows this site's
   scripts only). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
