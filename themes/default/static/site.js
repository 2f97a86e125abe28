// Progressive enhancement only: the form submits without JavaScript.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  document.querySelectorAll("input[data-utm]").forEach(function (input) {
    var value = params.get(input.getAttribute("data-utm"));
    if (value) { input.value = value.slice(0, 200); }
  });
  document.querySelectorAll("form.inquiry").forEach(function (form) {
    function show(field) {
      var box = document.getElementById(field.id + "-error");
      if (box) { box.textContent = field.validity.valid ? "" : field.validationMessage; }
      field.setAttribute("aria-invalid", field.validity.valid ? "false" : "true");
    }
    form.querySelectorAll("input, select, textarea").forEach(function (field) {
      field.addEventListener("invalid", function () { show(field); });
      field.addEventListener("input", function () { if (field.getAttribute("aria-invalid") === "true") { show(field); } });
      field.addEventListener("change", function () { show(field); });
    });
  });
})();
