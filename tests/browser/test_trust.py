"""The home page that sells and the trust pages in a real browser: the hero's call to
action on the first screen of a phone in English and in Arabic (right to left), the
trust pages without errors, overflow or small tap targets, and screenshots of what a
buyer sees first at 375 and 1280 px in both languages."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE, DemoSite, Visitor, screenshot
from .test_pages import OVERFLOW, SMALL_TARGETS

TRUST_PAGES = ("/certificates/", "/factory/", "/cases/", "/cases/lng-terminal-rotterdam/")
SCREENSHOT_PAGES = {
    "home": "/",
    "category": "/categories/valves/",
    "product": "/products/flanged-ball-valve-dn100-class-150/",
    "catalog": "/products/",
    "certificates": "/certificates/",
    "factory": "/factory/",
    "cases": "/cases/",
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_hero_call_to_action_is_on_the_first_phone_screen(demo: DemoSite, visit: Visitor, lang: str) -> None:
    visited = visit(demo.url("/" if lang == "en" else f"/{lang}/"), PHONE)
    page = visited.page
    assert visited.problems == []
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    cta = page.locator(".hero .actions a.button").first
    box = cta.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert (cta.get_attribute("href") or "").endswith("#inquiry-title")  # the contact page's form
    if lang == "ar":  # the actions start at the right edge
        assert box["x"] + box["width"] > PHONE["width"] / 2
    scroll_width, client_width = page.evaluate(OVERFLOW)
    assert scroll_width <= client_width
    assert page.evaluate(SMALL_TARGETS) == []
    # The trust bar and the hero photo are sized before they load: nothing moves.
    shift = page.evaluate(
        """() => new Promise(done => {
          let total = 0;
          new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
            .observe({type: 'layout-shift', buffered: true});
          setTimeout(() => done(total), 500);
        })"""
    )
    assert shift < 0.01


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_pages_on_a_phone(demo: DemoSite, visit: Visitor, path: str, lang: str) -> None:
    url = demo.url(path if lang == "en" else f"/{lang}{path}")
    visited = visit(url, PHONE)
    page = visited.page
    assert visited.status == 200 and visited.problems == [], url
    scroll_width, client_width = page.evaluate(OVERFLOW)
    assert scroll_width <= client_width, f"{url} scrolls horizontally ({scroll_width} px)"
    assert page.evaluate(SMALL_TARGETS) == [], url


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_of_what_a_buyer_sees(demo: DemoSite, visit: Visitor, width: str, lang: str) -> None:
    """test-artifacts/screenshots/buyer-<page>-<lang>-<375|1280>.png, after the visitor has
    answered the consent banner (as a returning buyer sees the site)."""
    viewport = PHONE if width == "phone" else DESKTOP
    for name, path in SCREENSHOT_PAGES.items():
        local = path if lang == "en" else demo.alternates(path).get(lang) or f"/{lang}{path}"
        visited = visit(demo.url(local), viewport)
        assert visited.problems == [], local
        visited.page.click("[data-consent=reject]")
        screenshot(visited.page, f"buyer-{name}-{lang}-{viewport['width']}")
