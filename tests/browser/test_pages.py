"""Every page kind in a real browser at phone and desktop width: no horizontal
scrolling, tap targets of at least 24 px (WCAG 2.5.8), no console errors or failed
requests, and a screenshot of each for design review."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PAGE_KINDS, PHONE, DemoSite, Visitor, screenshot

KINDS = (
    *("home", "category", "product", "landing", "hub", "page", "contact", "404"),
    *("products", "article", "articles"),
)

# Interactive elements smaller than 24×24 px. Exempt, as WCAG 2.5.8 allows: inline
# links inside running text (a link whose parent paragraph, list item, cell or
# definition also holds other text: its size is set by the line of text), and
# elements no one can tap (hidden, inside aria-hidden such as the honeypot, or
# moved off screen such as the skip link before it gets focus).
SMALL_TARGETS = """() => {
  const small = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true}) || el.closest('[aria-hidden="true"]')) continue;
    const box = el.getBoundingClientRect();
    if (box.right <= 0 || box.bottom <= 0) continue;
    const parent = el.parentElement;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline'
        && parent.matches('p, li, dd, td, th')
        && parent.textContent.trim() !== el.textContent.trim()) continue;
    if (box.width < 24 || box.height < 24) {
      small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 40)}" `
        + `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""

OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def path_of(demo: DemoSite, page_types: dict[str, str], kind: str, lang: str) -> str:
    """The page of `kind` in `lang`: the translation of the English one where it
    exists, otherwise the first of that kind in the language's sitemap (pSEO markets
    differ between languages)."""
    path = page_types[kind]
    if lang == "en":
        return path
    if kind == "404":
        return f"/{lang}/no-such-page/"
    translated = demo.alternates(path).get(lang)
    return translated or demo.sitemap_paths(PAGE_KINDS[kind], f"/{lang}/")[0]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("kind", KINDS)
def test_phone_layout_targets_and_errors(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor, kind: str, lang: str
) -> None:
    url = demo.url(path_of(demo, page_types, kind, lang))
    visited = visit(url, PHONE, expect_status=404 if kind == "404" else 200)
    page = visited.page
    assert visited.status == (404 if kind == "404" else 200)
    scroll_width, client_width = page.evaluate(OVERFLOW)
    if scroll_width > client_width:
        screenshot(page, f"overflow-{kind}-{lang}")
    assert scroll_width <= client_width, f"{url} scrolls horizontally at 375 px ({scroll_width} px wide)"
    assert page.evaluate(SMALL_TARGETS) == [], f"tap targets under 24 px on {url}"
    assert visited.problems == [], url
    screenshot(page, f"{kind}-{lang}-phone")


@pytest.mark.parametrize("kind", KINDS)
def test_desktop_without_errors(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor, kind: str
) -> None:
    url = demo.url(page_types[kind])
    visited = visit(url, DESKTOP, expect_status=404 if kind == "404" else 200)
    assert visited.problems == [], url
    screenshot(visited.page, f"{kind}-en-desktop")
