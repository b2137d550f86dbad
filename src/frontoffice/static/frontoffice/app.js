/* Behaviour shared by every page. No inline scripts: the pages carry a
   Content-Security-Policy that allows scripts from this site only. */
(function () {
  "use strict";
  // A select marked data-autosubmit sends its form when changed (the language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
})();
