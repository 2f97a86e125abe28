// The catalog page's search: Pagefind's index (built after the pages), filters by
// category and spec, sort by MOQ or price. Without JavaScript the page lists every
// product by category and the search box reloads it; all texts come from the page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var sort = form.querySelector("[data-search-sort]");
  var filterBox = form.querySelector("[data-search-filters]");
  var results = document.querySelector("[data-search-results]");
  var list = results.querySelector("[data-search-list]");
  var count = results.querySelector("[data-search-count]");
  var none = results.querySelector("[data-search-none]");
  var nearest = results.querySelector("[data-search-nearest]");
  var catalog = document.querySelector("[data-catalog]");
  var CATEGORY = "category";
  var SHOWN = 48;
  var NEAREST = 4;
  var cards = {};
  catalog.querySelectorAll("li.card").forEach(function (card) {
    var link = card.querySelector("h3 a");
    if (link) { cards[link.getAttribute("href")] = card; }
  });
  var bundle = null;
  var run = 0;
  var reported = null;
  var timer = 0;

  function load() {
    if (!bundle) {
      bundle = import(form.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ excerptLength: 24 }).then(function () { return pagefind; });
      });
    }
    return bundle;
  }

  function text(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  // A result is shown with the page's own card of that product when the list has it
  // (its "Add to inquiry" works through the original button), else name and excerpt.
  function card(page) {
    var known = cards[page.url];
    if (known) {
      var copy = known.cloneNode(true);
      var originals = known.querySelectorAll(".add-inquiry");
      copy.querySelectorAll(".add-inquiry").forEach(function (button, index) {
        button.addEventListener("click", function () {
          originals[index].click();
          button.textContent = originals[index].textContent;
          button.disabled = originals[index].disabled;
        });
      });
      return copy;
    }
    var item = document.createElement("li");
    item.className = "card";
    var heading = document.createElement("h3");
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.textContent = text(page.excerpt || "");
    item.appendChild(heading);
    item.appendChild(excerpt);
    return item;
  }

  function show(target, pages) {
    target.replaceChildren.apply(target, pages.map(card));
  }

  function pages(found, limit) {
    return Promise.all(found.results.slice(0, limit).map(function (result) { return result.data(); }));
  }

  function chosen() {
    var filters = {};
    filterBox.querySelectorAll("input:checked").forEach(function (box) {
      var name = box.getAttribute("data-filter");
      filters[name] = filters[name] || { any: [] };
      filters[name].any.push(box.value);
    });
    return filters;
  }

  function buildFilters(pagefind) {
    return pagefind.filters().then(function (all) {
      var names = Object.keys(all).sort(function (a, b) {
        return a === CATEGORY ? -1 : b === CATEGORY ? 1 : a.localeCompare(b);
      });
      names.forEach(function (name) {
        var values = Object.keys(all[name]).sort(function (a, b) { return a.localeCompare(b); });
        var shared = values.some(function (value) { return all[name][value] > 1; });
        // A filter with one value narrows nothing; one whose values are each one product's only lists them.
        if (values.length < 2 || (!shared && name !== CATEGORY)) { return; }
        var group = document.createElement("fieldset");
        group.className = "filter";
        var legend = document.createElement("legend");
        legend.textContent = name === CATEGORY ? form.getAttribute("data-category-label") : name;
        group.appendChild(legend);
        values.forEach(function (value) {
          var label = document.createElement("label");
          label.className = "check-line";
          var box = document.createElement("input");
          box.type = "checkbox";
          box.value = value;
          box.setAttribute("data-filter", name);
          label.appendChild(box);
          var bidi = document.createElement("bdi");
          bidi.textContent = value;
          label.appendChild(bidi);
          label.appendChild(document.createTextNode(" (" + all[name][value] + ")"));
          group.appendChild(label);
        });
        filterBox.appendChild(group);
      });
    });
  }

  // Nearest products of a search without results: each word on its own, then the
  // chosen category, then the first products of the catalog.
  function nearestPages(pagefind, term, filters) {
    var tries = term.split(/\s+/).filter(Boolean).map(function (word) { return [word, {}]; });
    if (filters[CATEGORY]) { tries.push([null, { category: filters[CATEGORY] }]); }
    function next(index) {
      if (index >= tries.length) { return Promise.resolve([]); }
      return pagefind.search(tries[index][0], { filters: tries[index][1] }).then(function (found) {
        return found && found.results.length ? pages(found, NEAREST) : next(index + 1);
      });
    }
    return next(0).then(function (found) {
      if (found.length) { return found; }
      return Object.keys(cards).slice(0, NEAREST).map(function (url) { return { url: url, meta: {}, excerpt: "" }; });
    });
  }

  function search() {
    var term = input.value.trim();
    var filters = chosen();
    var order = sort.value;
    var active = Boolean(term || order || Object.keys(filters).length);
    var address = new URL(window.location.href);
    if (term) { address.searchParams.set("q", term); } else { address.searchParams.delete("q"); }
    window.history.replaceState(null, "", address);
    catalog.hidden = active;
    results.hidden = !active;
    var mine = run += 1;
    if (!active) { return Promise.resolve(); }
    results.setAttribute("aria-busy", "true");
    return load().then(function (pagefind) {
      var options = { filters: filters };
      if (order) { options.sort = {}; options.sort[order] = "asc"; }
      return pagefind.search(term || null, options).then(function (found) {
        return pages(found, SHOWN).then(function (shown) {
          if (mine !== run) { return null; }
          var total = found.results.length;
          show(list, shown);
          list.hidden = !total;
          count.textContent = count.getAttribute("data-template").replace("{count}", total);
          none.hidden = total > 0;
          if (term && term !== reported && window.pseo) {
            reported = term;
            window.pseo.search(term, total);
          }
          if (total) { return null; }
          return nearestPages(pagefind, term, filters).then(function (near) {
            if (mine === run) { show(nearest, near); }
          });
        });
      });
    }).then(function () {
      if (mine === run) { results.setAttribute("aria-busy", "false"); }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
  input.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target !== input) { search(); }
  });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked.slice(0, 200);
    search();
  }
  // The filters come from the index.
  function prepare() {
    load().then(buildFilters).then(function () {
      var panel = form.querySelector("[data-filter-panel]");
      panel.hidden = !filterBox.children.length;
      form.querySelector("[data-search-tools]").removeAttribute("data-pending");
    });
  }
  // Once the page and its first images are in: the index competes with nothing the buyer sees.
  function idle() {
    if (window.requestIdleCallback) { window.requestIdleCallback(prepare, { timeout: 2000 }); } else { window.setTimeout(prepare, 200); }
  }
  if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle); }
})();
