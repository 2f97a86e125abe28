"""The catalog page's search in a real browser under the site's own policy: results in
English, Arabic (right to left), Hebrew and Chinese, filters that narrow the list, sort
by MOQ, the zero-result path with its nearest products and inquiry prompt, events that
wait for consent, and the static list without JavaScript."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .conftest import DESKTOP, DemoSite, Visitor, screenshot
from .test_buyer import RECORD_VIOLATIONS, events, vendor_calls

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

READY = "[data-search-tools]:not([data-pending])"


PROBLEMS: dict[int, list[str]] = {}
"""What went wrong on each open catalog page (console errors, failed requests), by page."""


def open_catalog(visit: Visitor, site: DemoSite, path: str) -> Page:
    """The catalog page with its filters loaded, recording policy violations."""
    opened = visit(site.url(path), viewport=DESKTOP)
    page = opened.page
    page.add_init_script(RECORD_VIOLATIONS)
    page.reload()
    opened.problems.clear()  # requests of the first load that the reload cut short
    page.wait_for_selector(READY)
    PROBLEMS[id(page)] = opened.problems
    return page


def search(page: Page, term: str) -> list[str]:
    """Names of the products found for `term`."""
    page.fill("#catalog-q", term)
    page.press("#catalog-q", "Enter")
    settled(page)
    return page.locator("[data-search-list] h3").all_inner_texts()


def settled(page: Page) -> None:
    """Wait until the last search has shown its results."""
    page.wait_for_selector("[data-search-results][aria-busy=false]:not([hidden])")


def clean(page: Page) -> None:
    """No policy violation, console error or failed request."""
    assert page.evaluate("window.__violations") == []
    assert PROBLEMS.pop(id(page)) == []


def test_search_finds_products_in_english_and_arabic(demo: DemoSite, visit: Visitor) -> None:
    page = open_catalog(visit, demo, "/products/")
    page.click("[data-consent=reject]")
    found = search(page, "ball valve")
    assert len(found) == 5 and all("Ball Valve" in name for name in found), found
    assert page.locator("[data-catalog]").is_hidden(), "results replace the full list"
    assert page.url.endswith("/products/?q=ball+valve"), "the address names the search"
    clean(page)
    arabic = open_catalog(visit, demo, "/ar/products/")
    arabic.click("[data-consent=reject]")
    assert arabic.get_attribute("html", "dir") == "rtl"
    found = search(arabic, "صمام كروي")
    assert len(found) == 5 and all("كروي" in name for name in found), found
    box = arabic.locator("#catalog-q").bounding_box()
    button = arabic.locator("form[data-search] button[type=submit]").bounding_box()
    assert box and button and button["x"] < box["x"], "the button sits at the line's end, on the left"
    screenshot(arabic, "search-ar")
    clean(arabic)


def test_a_filter_narrows_the_list_and_sort_by_moq_orders_it(demo: DemoSite, visit: Visitor) -> None:
    page = open_catalog(visit, demo, "/products/?q=valve")
    page.click("[data-consent=reject]")
    page.wait_for_selector("[data-search-list] h3")
    everything = page.locator("[data-search-list] h3").count()
    page.click("[data-filter-panel] summary")
    category = page.locator("fieldset.filter").first
    assert category.locator("legend").inner_text() == "Category"
    category.locator("label", has_text="Gate Valves").locator("input").check()
    settled(page)
    assert page.locator("[data-search-list] h3").count() < everything
    metas = page.locator("[data-search-list] .card .meta").all_inner_texts()
    assert metas and all(text == "Gate Valves" for text in metas[::2]), metas
    category.locator("label", has_text="Gate Valves").locator("input").uncheck()
    page.select_option("#catalog-sort", "moq")
    settled(page)
    moqs = [
        int(re.search(r"MOQ: (\d+)", text)[1])  # type: ignore[index]
        for text in page.locator("[data-search-list] .card .meta").all_inner_texts()
        if text.startswith("MOQ")
    ]
    assert len(moqs) == everything and moqs == sorted(moqs), moqs
    clean(page)


def test_zero_results_show_nearest_products_and_report_only_after_consent(
    demo: DemoSite, visit: Visitor
) -> None:
    page = open_catalog(visit, demo, "/products/")
    calls = vendor_calls(page)
    assert search(page, "xyzzy") == []
    none = page.locator("[data-search-none]")
    assert none.is_visible()
    assert none.locator("a.button").get_attribute("href").endswith("#inquiry-title")  # type: ignore[union-attr]
    assert page.locator("[data-search-nearest] h3").count() >= 1
    assert events(page) == [] and calls == [], "nothing before consent"
    page.click("[data-consent=accept]")
    assert events(page) == [
        {"event": "search", "search_term": "xyzzy"},
        {"event": "search_no_results", "search_term": "xyzzy"},
    ]
    search(page, "gate valve")
    assert events(page)[2:] == [{"event": "search", "search_term": "gate valve"}]
    assert none.is_hidden()
    clean(page)


def test_cable_catalog_search_in_hebrew_and_chinese(cable: DemoSite, visit: Visitor) -> None:
    hebrew = open_catalog(visit, cable, "/he/mutzarim/")
    assert hebrew.get_attribute("html", "dir") == "rtl"
    found = search(hebrew, "כבל")
    assert found and all("כבל" in name for name in found), found
    clean(hebrew)
    chinese = open_catalog(visit, cable, "/zh-hans/chanpin/")
    found = search(chinese, "电力电缆")
    assert found == ["YJV 0.6/1 kV 电力电缆 3×95 mm²"], found
    chinese.select_option("#catalog-sort", "price")
    chinese.fill("#catalog-q", "")
    chinese.press("#catalog-q", "Enter")
    settled(chinese)
    prices = chinese.locator("[data-search-list] .card .meta").all_inner_texts()
    assert "价格面议" in prices[-1] or "询价" in prices[-1], prices
    clean(chinese)


def test_without_javascript_the_catalog_lists_every_product(demo: DemoSite, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo.url("/"))
        page.fill("header #site-search", "ball valve")
        page.press("header #site-search", "Enter")
        page.wait_for_url(re.compile(r"/products/\?q=ball\+valve$"))
        assert page.locator("[data-catalog] li.card").count() > 5
        assert page.locator("[data-search-results]").is_hidden()
    finally:
        context.close()
