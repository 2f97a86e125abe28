// The comparison: up to four products picked with "Compare" toggles (kept in
// localStorage through basket.js's list helpers), laid out side by side on the
// compare page. The page names only how many shard files hold the columns; the
// shard of a SKU is FNV-1a 32 of it modulo that count (as the build's
// compare_shards.py computes it), so only the picked products' shards are fetched,
// from the site's own origin.
(function () {
  "use strict";
  var lists = window.pseoLists;
  if (!lists) { return; }
  var KEY = "pseo-compare";
  var status = document.querySelector("[data-compare-status]");
  var link = document.querySelector("[data-compare-link]");
  var toggles = document.querySelectorAll(".add-compare");
  var limit = status ? parseInt(status.getAttribute("data-limit"), 10) : 4;
  var render = function () {};

  function read() { return lists.load(KEY); }
  function show(items) {
    if (link) {
      link.hidden = items.length === 0;
      link.querySelector("[data-compare-count]").textContent = "(" + items.length + ")";
    }
    toggles.forEach(function (button) {
      var chosen = lists.find(items, button.getAttribute("data-sku")) >= 0;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }
  function write(items) {
    lists.save(KEY, items);
    show(items);
    render();
  }
  function say(text) { if (status) { status.textContent = text; } }

  toggles.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var items = read();
      var at = lists.find(items, button.getAttribute("data-sku"));
      if (at >= 0) {
        items.splice(at, 1);
      } else if (items.length >= limit) {
        say(status.getAttribute("data-full"));
        return;
      } else {
        items.push({ sku: button.getAttribute("data-sku") });
      }
      say("");
      write(items);
    });
  });
  show(read());

  var page = document.querySelector("[data-compare]");
  var source = document.getElementById("compare-data");
  if (!page || !source) { return; }
  var labels = JSON.parse(source.getAttribute("data-labels"));
  var shards = parseInt(source.getAttribute("data-shards"), 10);
  var shardUrl = source.getAttribute("data-shard-url");
  var empty = page.querySelector("[data-compare-empty]");
  var scroll = page.querySelector("[data-compare-scroll]");
  var head = page.querySelector("[data-compare-head]");
  var body = page.querySelector("[data-compare-body]");
  var bySku = {};
  var loaded = {};
  var pending = {};

  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
  }
  // One request per shard however often the list changes; a failed one is retried
  // on the next change.
  function fetchShard(shard) {
    if (!pending[shard]) {
      pending[shard] = fetch(shardUrl.replace("{n}", shard), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + response.url); }
          return response.json();
        })
        .then(function (columns) {
          Object.keys(columns).forEach(function (sku) { bySku[sku] = columns[sku]; });
          loaded[shard] = true;
        }, function (error) {
          delete pending[shard];
          throw error;
        });
    }
    return pending[shard];
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  // A language-neutral value (model number, pressure class) keeps its order in RTL.
  function ltr(text) { return element("bdi", { dir: "ltr" }, text); }
  function missing(cell) {
    cell.className = "missing";
    cell.appendChild(element("span", { "aria-hidden": "true" }, "–"));
    cell.appendChild(element("span", { "class": "visually-hidden" }, labels.missing));
  }
  function picture(image) {
    var node = element("picture");
    image.sources.forEach(function (source) {
      node.appendChild(element("source", { type: source.type, srcset: source.srcset, sizes: "12rem" }));
    });
    node.appendChild(element("img", {
      src: image.src, srcset: image.srcset, sizes: "12rem", alt: image.alt,
      width: image.width, height: image.height, loading: "lazy", decoding: "async"
    }));
    return node;
  }
  function row(label, chosen, fill) {
    var line = element("tr");
    line.appendChild(element("th", { scope: "row" }, label));
    chosen.forEach(function (product) {
      var cell = element("td");
      if (fill(cell, product) === false) { missing(cell); }
      line.appendChild(cell);
    });
    body.appendChild(line);
  }
  function text(value) {
    return function (cell, product) {
      if (!product[value]) { return false; }
      cell.textContent = product[value];
    };
  }
  function columnHead(product) {
    var cell = element("th", { scope: "col" });
    if (product.image) { cell.appendChild(picture(product.image)); }
    var name = element("a", { href: product.url }, product.name);
    cell.appendChild(element("p")).appendChild(name);
    var remove = element("button", { type: "button", "class": "quiet", "aria-label": labels.remove + ": " + product.name }, labels.remove);
    remove.addEventListener("click", function () {
      var items = read();
      var at = lists.find(items, product.sku);
      if (at >= 0) { items.splice(at, 1); }
      write(items);
    });
    cell.appendChild(remove);
    return cell;
  }

  function failed() {
    page.hidden = false;
    empty.hidden = false;
    scroll.hidden = true;
  }
  // The table stays hidden until every picked product's shard is in; a page whose
  // shards are all in already is laid out at once.
  render = function () {
    var missing = [];
    read().forEach(function (item) {
      var shard = fnv1a(item.sku) % shards;
      if (!loaded[shard] && missing.indexOf(shard) < 0) { missing.push(shard); }
    });
    if (!missing.length) { draw(); return; }
    scroll.hidden = true;
    Promise.all(missing.map(fetchShard)).then(draw, failed);
  };
  function draw() {
    var chosen = read().map(function (item) { return bySku[item.sku]; }).filter(Boolean);
    page.hidden = false;
    empty.hidden = chosen.length > 1;
    scroll.hidden = chosen.length === 0;
    head.textContent = "";
    body.textContent = "";
    var top = element("tr");
    top.appendChild(element("td"));
    chosen.forEach(function (product) { top.appendChild(columnHead(product)); });
    head.appendChild(top);
    row(labels.sku, chosen, function (cell, product) { cell.appendChild(ltr(product.sku)); });
    // Every spec any of them has, in the order first met; a product without it shows a dash.
    var names = [];
    chosen.forEach(function (product) {
      product.specs.forEach(function (spec) { if (names.indexOf(spec[0]) < 0) { names.push(spec[0]); } });
    });
    names.forEach(function (name) {
      row(name, chosen, function (cell, product) {
        var spec = product.specs.filter(function (s) { return s[0] === name; })[0];
        if (!spec) { return false; }
        if (spec[2]) { cell.appendChild(ltr(spec[1])); } else { cell.textContent = spec[1]; }
      });
    });
    row(labels.moq, chosen, text("moq"));
    row(labels.tiers, chosen, function (cell, product) {
      if (!product.tiers.length) { cell.textContent = labels.price_on_request; return; }
      var list = cell.appendChild(element("ul", { "class": "compare-tiers" }));
      product.tiers.forEach(function (tier) { list.appendChild(element("li", {}, tier[0] + ": " + tier[1])); });
    });
    row(labels.lead_time, chosen, text("lead_time"));
    row(labels.sample, chosen, text("sample"));
    row(labels.certifications, chosen, function (cell, product) {
      if (!product.certifications.length) { return false; }
      product.certifications.forEach(function (name) {
        cell.appendChild(element("span", { "class": "badge", dir: "ltr" }, name));
        cell.appendChild(document.createTextNode(" "));
      });
    });
    row(labels.add, chosen, function (cell, product) {
      var item = product.inquiry;
      var button = element("button", {
        type: "button", "class": "add-inquiry quiet", "data-sku": item.sku, "data-name": item.name,
        "data-moq": item.moq, "data-moq-text": item.moq_text, "data-url": item.url, "data-added": labels.added
      }, labels.add);
      cell.appendChild(button);
      lists.addToInquiry(button);
    });
  }
  render();
})();
