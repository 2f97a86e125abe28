// The inquiry list: products collected across pages (kept in localStorage) and sent
// in one inquiry. Without JavaScript, each product page's own form still works.
(function () {
  "use strict";
  var KEY = "pseo-inquiry";
  // Lists kept in localStorage: this inquiry list and compare.js's comparison.
  function load(key) {
    try {
      var items = JSON.parse(window.localStorage.getItem(key));
      return Array.isArray(items) ? items : [];
    } catch (e) { return []; }
  }
  function save(key, items) {
    try { window.localStorage.setItem(key, JSON.stringify(items)); } catch (e) { /* storage off: list lasts for this page */ }
  }
  function read() { return load(KEY); }
  function find(items, sku) {
    for (var i = 0; i < items.length; i += 1) { if (items[i].sku === sku) { return i; } }
    return -1;
  }
  function showCount(items) {
    document.querySelectorAll("[data-basket-count]").forEach(function (badge) {
      badge.textContent = "(" + items.length + ")";
      badge.hidden = !items.length;
    });
  }
  function write(items) {
    save(KEY, items);
    showCount(items);
  }
  function track(name, params) { if (window.pseo) { window.pseo.track(name, params); } }

  function markAdded(button) {
    button.textContent = button.getAttribute("data-added");
    button.disabled = true;
  }
  // An "Add to inquiry" button of the page, or one compare.js lays out.
  function bindAdd(button) {
    var sku = button.getAttribute("data-sku");
    button.hidden = false;
    if (find(read(), sku) >= 0) { markAdded(button); }
    button.addEventListener("click", function () {
      var current = read();
      var moq = parseInt(button.getAttribute("data-moq"), 10);
      if (find(current, sku) < 0) {
        current.push({
          sku: sku, name: button.getAttribute("data-name"), url: button.getAttribute("data-url"),
          moq: moq, moqText: button.getAttribute("data-moq-text"), quantity: moq
        });
        write(current);
        track("add_to_inquiry", { sku: sku, quantity: moq });
      }
      markAdded(button);
    });
  }
  window.pseoLists = { load: load, save: save, find: find, addToInquiry: bindAdd };
  var items = read();
  showCount(items);
  document.querySelectorAll(".add-inquiry").forEach(bindAdd);

  // A sent list is emptied once the thank-you page confirms it arrived.
  var SENT = "pseo-inquiry-sent";
  if (document.querySelector("[data-conversion]") && window.sessionStorage.getItem(SENT)) {
    window.sessionStorage.removeItem(SENT);
    write([]);
  }
  var basket = document.querySelector("[data-basket]");
  if (!basket) { return; }
  basket.hidden = false;
  var lines = basket.querySelector("[data-basket-lines]");
  var template = basket.querySelector("template[data-basket-line]");
  var form = basket.querySelector("form");
  var empty = basket.querySelector("[data-basket-empty]");

  function showError(input) {
    var box = input.parentNode.querySelector(".error");
    box.textContent = input.validity.valid ? "" : input.validationMessage;
    input.setAttribute("aria-invalid", input.validity.valid ? "false" : "true");
  }
  function line(item, index) {
    var row = template.content.firstElementChild.cloneNode(true);
    var link = row.querySelector("[data-line-name]");
    link.textContent = item.name;
    link.href = item.url;
    row.querySelector("[data-line-sku]").textContent = item.sku;
    row.querySelector("input[name=item_sku]").value = item.sku;
    var input = row.querySelector("input[name=item_quantity]");
    var label = row.querySelector("[data-line-label]");
    var note = row.querySelector("[data-line-moq]");
    input.id = "q-" + index;
    label.htmlFor = input.id;
    note.id = input.id + "-moq";
    input.setAttribute("aria-describedby", note.id);
    note.textContent = note.textContent.replace("{moq}", item.moqText);
    input.min = String(item.moq);
    input.value = String(item.quantity);
    input.addEventListener("invalid", function () { showError(input); });
    input.addEventListener("input", function () {
      showError(input);
      if (input.validity.valid) {
        var current = read();
        var at = find(current, item.sku);
        if (at >= 0) { current[at].quantity = parseInt(input.value, 10); write(current); }
      }
    });
    row.querySelector("[data-line-remove]").addEventListener("click", function () {
      var current = read();
      var at = find(current, item.sku);
      if (at >= 0) { current.splice(at, 1); write(current); }
      render();
    });
    return row;
  }
  function render() {
    items = read();
    lines.textContent = "";
    items.forEach(function (item, index) { lines.appendChild(line(item, index)); });
    empty.hidden = items.length > 0;
    form.hidden = items.length === 0;
  }
  form.addEventListener("submit", function () { window.sessionStorage.setItem(SENT, "1"); });
  render();
})();
