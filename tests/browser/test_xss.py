"""Content is data, never markup: a script tag and an attribute break-out planted in
every field a template shows stay inert in a real browser, JSON-LD included."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from generator.build import build_site

from ..conftest import PAGE_MD, SITE_YAML, write_site
from .conftest import Visitor
from .host import serve

PAYLOAD = """<script>alert(1)</script>"><img src=x onerror=alert(1)>"""
QUOTED = "'" + PAYLOAD + "'"  # a YAML single-quoted scalar (the payload has no ')

CATEGORY = f"""\
slug: valves
name: {{en: {QUOTED}}}
summary: {{en: {QUOTED}}}
description: {{en: {QUOTED}}}
"""

PRODUCT = f"""\
sku: BV-DN50
slug: ball-valve-dn50
category: valves
name: {{en: {QUOTED}}}
summary: {{en: {QUOTED}}}
description:
  en: |
    ## Details {PAYLOAD}

    Body text {PAYLOAD} and a [link]({PAYLOAD}).
specs:
  - {{name: {{en: {QUOTED}}}, value: {QUOTED}}}
images:
  - {{src: images/valve.jpg, alt: {{en: {QUOTED}}}}}
moq: {{quantity: 100, unit: C62}}
price_tiers:
  - {{min_qty: 100, unit_price: 18.50}}
lead_time: {{min_days: 15, max_days: 25}}
faqs:
  en:
    - {{question: {QUOTED}, answer: {QUOTED}}}
updated: 2026-10-01
"""

PAGE = f"""\
---
title: {QUOTED}
description: {QUOTED}
---
Page body {PAYLOAD}

<script>alert(1)</script>
"""

INERT = """() => ({
  injectedImages: document.querySelectorAll('img[onerror], img[src="x"]').length,
  inlineScripts: document.querySelectorAll('script:not([src]):not([type="application/ld+json"])').length,
  handlers: [...document.querySelectorAll('*')].filter(
    el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
  jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent),
})"""


@pytest.fixture(scope="module")
def hostile_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = write_site(
        tmp_path_factory.mktemp("xss") / "site",
        {
            "site.yaml": SITE_YAML,
            "content/categories/valves.yaml": CATEGORY,
            "content/products/ball-valve-dn50.yaml": PRODUCT,
            "content/pages/about.md": PAGE_MD,
            "content/pages/hostile.md": PAGE,
        },
    )
    out = folder.root.parent / "public"
    build_site(folder.root, out, check=False, cache_dir=folder.root.parent / "cache")
    with serve(out) as origin:
        yield origin


@pytest.mark.parametrize("path", ["/", "/categories/valves/", "/products/ball-valve-dn50/", "/hostile/"])
def test_planted_markup_stays_inert(hostile_origin: str, visit: Visitor, path: str) -> None:
    visited = visit(hostile_origin + path)
    page = visited.page
    for details in page.locator("details").all():
        details.locator("summary").click()
    page.mouse.wheel(0, 20000)  # let lazy images load: an injected one would fire onerror now
    page.wait_for_timeout(200)
    assert visited.dialogs == [], f"script ran on {path}"
    found = page.evaluate(INERT)
    assert found["injectedImages"] == 0
    assert found["inlineScripts"] == 0
    assert found["handlers"] == 0
    for block in found["jsonld"]:
        json.loads(block)  # still valid JSON: the payload did not break out of it
    assert PAYLOAD in page.title() or path == "/"
    if path != "/":
        assert PAYLOAD in page.locator("h1").inner_text(), "the payload must show as text"
    assert visited.problems == []


def test_payload_reaches_every_field(hostile_origin: str, visit: Visitor) -> None:
    """Guards the test above: the payload really is on the page, as text, in each
    place it was planted (so 'inert' is not just 'dropped')."""
    page = visit(hostile_origin + "/products/ball-valve-dn50/").page
    texts = {
        "summary": page.locator(".lead").first.inner_text(),
        "spec name": page.locator(".specs th").first.inner_text(),
        "spec value": page.locator(".specs td").first.inner_text(),
        "faq question": page.locator("details summary").first.inner_text(),
        "image alt": page.locator(".gallery img").first.get_attribute("alt") or "",
        "breadcrumb category": page.locator(".crumbs").inner_text(),
    }
    for field, text in texts.items():
        assert PAYLOAD in text, field
    # Markdown fields (description, FAQ answer, page body) drop raw HTML by design
    # (the renderer's safe mode): the text around it stays, the tags go.
    assert "Body text" in page.locator(".prose").first.inner_text()
    assert page.locator(".prose script, .prose img").count() == 0
    graph = [json.loads(s) for s in page.locator('script[type="application/ld+json"]').all_text_contents()]
    assert PAYLOAD in set(strings(graph)), "the payload is not data in the JSON-LD"


def strings(node: object) -> Iterator[str]:
    """Every string value in a parsed JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
