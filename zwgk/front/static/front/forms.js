// Small form helpers used across pages: "select all" checkboxes and confirmations.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.closest("form").querySelectorAll("input[type=checkbox][name=entry]").forEach(function (c) {
        c.checked = box.checked;
      });
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
