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
    // Enter still means "I am done with this field": the live price is asked again now.
    field.dispatchEvent(new Event("change", {bubbles: true}));
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

  // Keyboard shortcuts, listed on the help overlay (?): / searches, a letter opens the
  // page of the navigation link carrying it (data-key), so a role sees only its own.
  function typing(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag !== "INPUT") return false;
    return ["button", "submit", "reset", "checkbox", "radio"].indexOf(el.type) < 0;
  }
  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (dialog && !dialog.open && dialog.showModal) dialog.showModal();
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var el = event.target;
    if (event.key === "Escape" && typing(el) && !el.closest("dialog")) {
      el.blur();  // leave the field: the shortcuts work again
      return;
    }
    if (typing(el) || document.querySelector("dialog[open]")) return;
    if (event.key === "?") {
      event.preventDefault();
      openDialog("shortcuts");
      return;
    }
    var search = document.querySelector("[data-key-target='" + event.key + "']");
    if (search) {
      event.preventDefault();
      search.focus();
      search.select();
      return;
    }
    if (event.key.length !== 1) return;
    var link = document.querySelector("a[data-key='" + event.key.toLowerCase() + "']");
    if (link && !event.shiftKey) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
  // The navigation's menus (details.menu): one open at a time; a click elsewhere or
  // Escape closes them (Escape gives the focus back to the menu's name).
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!menu.matches || !menu.matches("details.menu") || !menu.open) return;
    closeMenus(menu);
    // A menu that would run off the screen's right edge opens leftwards instead.
    var items = menu.querySelector(".menu-items");
    items.classList.remove("end");
    if (items.getBoundingClientRect().right > document.documentElement.clientWidth) {
      items.classList.add("end");
    }
  }, true);
  document.addEventListener("click", function (event) {
    var menu = event.target.closest ? event.target.closest("details.menu") : null;
    closeMenus(menu);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details.menu[open]");
    if (!menu) return;
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-open-dialog]");
    if (opener) openDialog(opener.getAttribute("data-open-dialog"));
  });

  // The first field of a form marked data-autofocus has the focus when the page opens
  // (unless the person already moved it, or an error points at another field).
  function focusFirst() {
    if (document.activeElement && document.activeElement !== document.body) return;
    var form = document.querySelector("main form[data-autofocus]");
    if (!form) return;
    var fields = "input:not([type=hidden]):not([disabled]), select:not([disabled]), " +
      "textarea:not([disabled])";
    var error = form.querySelector(".errorlist");
    var place = error && error.closest(".field");
    var first = (place && place.querySelector(fields)) || form.querySelector(fields);
    if (first) first.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirst);
  } else {
    focusFirst();
  }
})();
