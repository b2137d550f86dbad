/* Behaviour shared by every page. No inline scripts: the pages carry a
   Content-Security-Policy that allows scripts from this site only. */
(function () {
  "use strict";
  // In a form marked data-enter-safe (a booking, a change, a cancellation), Enter in a
  // field never sends it by accident: only its button does, or Ctrl+Enter (⌘+Enter).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.defaultPrevented) return;
    var field = event.target;
    var form = field.form;
    if (!form || !form.hasAttribute("data-enter-safe")) return;
    if (field.tagName === "TEXTAREA" || field.tagName === "BUTTON") return;
    if (field.type === "submit" || field.type === "button") return;
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) {
      var submit = form.querySelector("button[type=submit]");
      if (form.requestSubmit) form.requestSubmit(submit || undefined); else form.submit();
    }
  });

  // A select marked data-autosubmit sends its form when changed (the language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
})();
