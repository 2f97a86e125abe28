"""The language switcher and right-to-left rendering in a real browser."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import pytest
import yaml

from .conftest import PHONE, REPO, DemoSite, Visitor

if TYPE_CHECKING:
    from playwright.sync_api import Page

LANGUAGES = [language["code"] for language in yaml.safe_load((REPO / "site.yaml").read_text())["languages"]]


@pytest.mark.parametrize("kind", ["home", "category", "product", "page", "contact"])
def test_switcher_reaches_the_same_page_in_every_language(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor, kind: str
) -> None:
    page = visit(demo.url(page_types[kind])).page
    alternates = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in page.locator('link[rel="alternate"][hreflang]').all()
    }
    switcher = page.locator("nav.langs a")
    offered = [link.get_attribute("hreflang") for link in switcher.all()]
    assert sorted(offered) == sorted(LANGUAGES), "the switcher does not offer every language"
    targets = [link.get_attribute("href") or "" for link in switcher.all()]
    for lang, href in zip(offered, targets, strict=True):
        page.goto(demo.url(href))
        assert page.get_attribute("html", "lang") == lang
        assert page.get_attribute("link[rel=canonical]", "href") == alternates[lang], (
            f"the {lang} switcher link of {page_types[kind]} leads to another page"
        )
        current = page.locator("nav.langs a[aria-current=page]")
        assert current.get_attribute("hreflang") == lang


@pytest.mark.parametrize("kind", ["home", "product", "landing", "contact"])
def test_arabic_pages_render_right_to_left(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor, kind: str
) -> None:
    path = demo.alternates(page_types[kind]).get("ar") or demo.sitemap_paths(kind, "/ar/")[0]
    visited = visit(demo.url(path), PHONE)
    page = visited.page
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # The heading's text starts at the right edge of the page, as Arabic readers expect.
    text_right = page.evaluate(
        "(() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('h1')); return r.getBoundingClientRect().right; })()"
    )
    assert text_right > PHONE["width"] - 40
    # Phone numbers stay left to right inside the Arabic text.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('footer a[href^=\"tel:\"]')).direction")
        == "ltr"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('.reach-phone bdi')).direction") == "ltr"
    assert visited.problems == []


# Visual x position of every visible character of an element, per line, in source order.
CHARACTER_POSITIONS = """(element) => {
  const positions = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (/\\s/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) positions.push([Math.round(box.top), box.left]);
    }
  }
  return positions;
}"""


def _reads_in_source_order(positions: list[list[float]]) -> bool:
    return all(not (a[0] == b[0] and b[1] < a[1]) for a, b in pairwise(positions))


def _isolated_values_read_in_source_order(page: Page) -> list[str]:
    """Assert that every value isolated left to right in <main> is drawn in the order
    of its characters, and that the same kind of value without isolation would not be
    (the control); return the values' texts."""
    isolated = page.locator('main [dir="ltr"]')
    texts = []
    for index in range(isolated.count()):
        element = isolated.nth(index)
        positions = element.evaluate(CHARACTER_POSITIONS)
        assert positions and _reads_in_source_order(positions), element.text_content()
        texts.append(" ".join((element.text_content() or "").split()))
    page.evaluate(
        "(() => { const p = document.createElement('p'); p.textContent = '−20 … +180 °C';"
        " document.querySelector('main').append(p); })()"
    )
    positions = page.locator("main > p:last-child").evaluate(CHARACTER_POSITIONS)
    assert not _reads_in_source_order(positions), "the control value was not reordered"
    return texts


def test_arabic_pages_keep_technical_values_in_written_order(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor
) -> None:
    """SKUs, spec values with units, standards and certifications read in the order
    they were written ("1000 WOG / PN63", "−20 … +180 °C", "2014/68/EU")."""
    path = demo.alternates(page_types["product"])["ar"]
    page = visit(demo.url(path), PHONE).page
    assert len(_isolated_values_read_in_source_order(page)) >= 5


def test_hebrew_pages_keep_technical_values_in_written_order(cable: DemoSite, visit: Visitor) -> None:
    """The second catalog's Hebrew product page: model number, cross-section, voltage,
    standard and customs codes read as written in the YAML ("0.6/1 kV", not "kV 1/0.6")."""
    page = visit(cable.url("/he/mutzarim/yjv-power-cable-3x95/"), PHONE).page
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    values = _isolated_values_read_in_source_order(page)
    assert {"VC-YJV-3X95", "YJV-0.6/1KV-3X95", "3×95 mm²", "0.6/1 kV", "IEC 60502-1", "8544.49.9108"} <= set(
        values
    ), values
