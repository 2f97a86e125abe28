// Consent Mode v2 and conversion events. Loaded only on sites with `tracking:`.
// Every consent default is denied and no vendor script loads until the visitor
// accepts; events wait for the choice and are dropped if analytics is refused.
(function () {
  "use strict";
  var script = document.currentScript;
  var ga4 = script.getAttribute("data-ga4");
  var gtm = script.getAttribute("data-gtm");
  var KEY = "pseo-consent";
  var GTM_ORIGIN = "https://www.googletagmanager.com";
  var waiting = [];
  var loaded = false;
  window.dataLayer = window.dataLayer || [];
  function gtag() { window.dataLayer.push(arguments); }
  window.gtag = gtag;
  gtag("consent", "default", {
    ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied"
  });

  function stored() {
    try { return JSON.parse(window.localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  var choice = stored();

  function addScript(src) {
    var tag = document.createElement("script");
    tag.async = true;
    tag.src = src;
    document.head.appendChild(tag);
  }
  function loadVendors() {
    if (loaded) { return; }
    loaded = true;
    if (ga4) {
      gtag("js", new Date());
      gtag("config", ga4);
      addScript(GTM_ORIGIN + "/gtag/js?id=" + encodeURIComponent(ga4));
    }
    if (gtm) {
      window.dataLayer.push({ "gtm.start": Date.now(), event: "gtm.js" });
      addScript(GTM_ORIGIN + "/gtm.js?id=" + encodeURIComponent(gtm));
    }
  }
  function send(name, params) {
    var message = { event: name };
    Object.keys(params || {}).forEach(function (key) { message[key] = params[key]; });
    window.dataLayer.push(message);
    // Without a container, gtag.js sends the event to GA4 itself.
    if (ga4 && !gtm) { gtag("event", name, params || {}); }
  }
  function apply() {
    var ads = choice.ads ? "granted" : "denied";
    gtag("consent", "update", {
      analytics_storage: choice.analytics ? "granted" : "denied",
      ad_storage: ads, ad_user_data: ads, ad_personalization: ads
    });
    if (choice.analytics || choice.ads) { loadVendors(); }
    var queued = waiting;
    waiting = [];
    if (choice.analytics) { queued.forEach(function (event) { send(event[0], event[1]); }); }
  }

  window.pseoTracker = function (name, params) {
    if (!choice) { waiting.push([name, params]); } else if (choice.analytics) { send(name, params); }
  };

  var banner = document.getElementById("consent");
  var settings = document.getElementById("consent-settings");
  function choose(analytics, ads) {
    choice = { analytics: analytics, ads: ads };
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* private mode: ask again next page */ }
    banner.hidden = true;
    apply();
  }
  function open() {
    banner.hidden = false;
    if (choice) {
      settings.elements.analytics.checked = choice.analytics;
      settings.elements.ads.checked = choice.ads;
    }
  }
  if (choice) { apply(); } else { open(); }
  banner.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-consent");
    if (action === "accept") { choose(true, true); }
    if (action === "reject") { choose(false, false); }
    if (action === "settings") {
      settings.hidden = !settings.hidden;
      event.target.setAttribute("aria-expanded", settings.hidden ? "false" : "true");
    }
  });
  settings.addEventListener("submit", function (event) {
    event.preventDefault();
    choose(settings.elements.analytics.checked, settings.elements.ads.checked);
  });
  document.querySelectorAll("[data-consent-open]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", open);
  });
})();
