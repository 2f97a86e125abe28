// Progressive enhancement only: the form submits without JavaScript.
(function () {
  "use strict";
  // Conversion events go through consent.js where the site configures tracking;
  // elsewhere they go nowhere. Other scripts call pseo.track and pseo.search.
  function track(name, params) {
    if (window.pseoTracker) { window.pseoTracker(name, params || {}); }
  }
  window.pseo = {
    track: track,
    search: function (term, results) {
      track("search", { search_term: term });
      if (results === 0) { track("search_no_results", { search_term: term }); }
    }
  };

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
    // OEM fields only for an OEM request (all of them show without JavaScript).
    var oem = form.querySelector("[data-kind-fields=oem]");
    function kind() {
      var checked = form.querySelector("input[name=request_kind]:checked");
      return checked ? checked.value : form.getAttribute("data-form-kind");
    }
    if (oem) {
      oem.hidden = kind() !== "oem";
      form.addEventListener("change", function () { oem.hidden = kind() !== "oem"; });
    }
    // The thank-you page reports the lead: remember which form sent it, with its SKUs.
    form.addEventListener("submit", function () {
      var skus = [];
      form.querySelectorAll("input[name=sku], input[name=item_sku]").forEach(function (input) {
        if (input.value) { skus.push(input.value); }
      });
      try {
        window.sessionStorage.setItem("pseo-lead", JSON.stringify({ form_kind: kind(), skus: skus.join(",") }));
      } catch (e) { /* storage off: the thank-you page reports the lead without details */ }
    });
  });

  if (document.querySelector("[data-conversion]")) {
    var lead = null;
    try { lead = JSON.parse(window.sessionStorage.getItem("pseo-lead")); window.sessionStorage.removeItem("pseo-lead"); } catch (e) { lead = null; }
    track("generate_lead", lead || { form_kind: "unknown", skus: "" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    var href = link.getAttribute("href");
    if (href.indexOf("tel:") === 0) { track("click_to_call", { link_url: href }); }
    else if (href.indexOf("mailto:") === 0) { track("email_click", { link_url: href.split("?")[0] }); }
    else if (href.indexOf("https://wa.me/") === 0) { track("whatsapp_click", { link_url: href.split("?")[0] }); }
    else if (link.hasAttribute("download") || /\.(pdf|zip|dwg|dxf|step|stp|xlsx?|docx?)$/i.test(link.pathname)) {
      track("file_download", { link_url: link.href, file_name: link.pathname.split("/").pop() });
    }
  });

  // The quote bar appears once the first screen's quote button has scrolled away,
  // and hides again while the form itself is in view.
  var bar = document.querySelector("[data-quote-bar]");
  var first = document.querySelector(".quote-first .button");
  var form = document.getElementById("inquiry-title");
  if (bar && first && form && window.IntersectionObserver) {
    var seen = { first: true, form: false };
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { seen[entry.target === first ? "first" : "form"] = entry.isIntersecting; });
      bar.hidden = seen.first || seen.form;
    });
    watcher.observe(first);
    watcher.observe(form.parentNode);
  }
})();

// Video facades: the host's player, or a <video> for a file, replaces the poster only
// when the visitor plays; without JavaScript the link opens the video.
(function () {
  "use strict";
  function player(link) {
    var file = link.getAttribute("data-video-file");
    var node = document.createElement(file ? "video" : "iframe");
    if (file) {
      node.controls = true;
      node.autoplay = true;
      node.preload = "none";
      node.poster = link.getAttribute("data-video-poster");
      node.src = file;
    } else {
      node.src = link.getAttribute("data-video-embed");
      node.title = link.getAttribute("data-video-title");
      node.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      node.allowFullscreen = true;
    }
    return node;
  }
  document.querySelectorAll("a[data-video-embed], a[data-video-file]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var poster = link.querySelector("img");
      var node = player(link);
      node.className = "video-frame";
      node.width = poster.getAttribute("width");
      node.height = poster.getAttribute("height");
      link.parentNode.replaceChild(node, link);
      node.focus();
      if (window.pseo) {
        window.pseo.track("video_start", {
          video_title: link.getAttribute("data-video-title"), video_provider: link.getAttribute("data-video-provider")
        });
      }
    });
  });
})();
