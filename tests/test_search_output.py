"""What the site search writes: Pagefind filters, sort keys and body on product pages,
the catalog page (the products index) with its search box in every language, the
header's search box, the index itself (deterministic, reused when no product page
changed, a clear error when Pagefind fails) and WebAssembly in the policy only with
search on. On the demo and on the cable catalog (RTL, CJK, price on request)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from generator.build import build_site
from generator.render.search import ON_REQUEST

from .conftest import SiteFolder, build, snapshot
from .output import BuiltSite, hreflangs
from .test_security import policy


def facets(tree: html.HtmlElement) -> tuple[dict[str, list[str]], dict[str, str]]:
    filters: dict[str, list[str]] = {}
    for element in tree.xpath("//data[@data-pagefind-filter]"):
        name = element.get("data-pagefind-filter").removesuffix("[value]")
        filters.setdefault(name, []).append(element.get("value"))
    sorts = {
        element.get("data-pagefind-sort").removesuffix("[value]"): element.get("value")
        for element in tree.xpath("//data[@data-pagefind-sort]")
    }
    return filters, sorts


def entry(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.root / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))


def test_demo_product_pages_carry_category_the_chosen_spec_filters_and_sort_keys(demo: BuiltSite):
    tree = demo.page("/products/2-piece-threaded-ball-valve-dn50/")
    assert len(tree.xpath("//*[@data-pagefind-body]")) == 3, "first screen, details and specifications"
    assert not tree.xpath("//*[@data-pagefind-body]//form"), "the inquiry form is not indexed"
    filters, sorts = facets(tree)
    assert filters == {
        "category": ["Ball Valves"],
        "Nominal size": ['DN50 (2")'],
        "Pressure rating": ["1000 WOG / PN63"],
        "Body material": ["ASTM A351 CF8M"],
        "End connection": ["Female thread BSP / BSPT / NPT"],
    }, "site.yaml's search.filters, in the page's language"
    assert sorts == {"moq": "20", "price": "18.6"}, "the price at the MOQ"
    german, _ = facets(demo.page("/de/produkte/zweiteiliger-kugelhahn-dn50/"))
    assert german["Nennweite"] == ['DN50 (2")'] and german["category"] == ["Kugelhähne"]


def test_cable_catalog_filters_every_spec_with_its_unit_and_sorts_price_on_request_last(cables: BuiltSite):
    filters, sorts = facets(cables.page("/products/bare-copper-wire-2-5/"))
    assert filters["Diameter"] == ["2.5 mm"], "the unit belongs to the value"
    assert sorts["moq"] == "25"
    hebrew, on_request = facets(cables.page("/he/mutzarim/custom-medium-voltage-cable/"))
    assert "category" in hebrew and all(name.isascii() is False for name in hebrew if name != "category")
    assert on_request == {"moq": "2000", "price": ON_REQUEST}
    hostile = cables.page("/products/hostile-test-item/")
    names = [
        element.get("data-pagefind-filter") for element in hostile.xpath("//data[@data-pagefind-filter]")
    ]
    assert all("," not in name and ":" not in name for name in names), "no Pagefind syntax from content"


def test_only_product_pages_are_indexed(demo: BuiltSite):
    for url in ("/", "/products/", "/categories/ball-valves/", "/inquiry-list/"):
        assert not demo.page(url).xpath("//*[@data-pagefind-body]"), url


@pytest.mark.parametrize("fixture", ["demo", "cables"])
def test_the_index_covers_every_language_of_the_product_pages(fixture: str, request):
    site: BuiltSite = request.getfixturevalue(fixture)
    languages = Counter(
        tree.get("lang").lower()
        for tree in site.pages().values()
        if tree.xpath("//data[@data-pagefind-sort]")
    )
    assert len(languages) == 4
    index = entry(site)
    assert {lang: data["page_count"] for lang, data in index["languages"].items()} == dict(languages)
    for data in index["languages"].values():
        assert (site.root / f"pagefind/pagefind.{data['hash']}.pf_meta").is_file()
    assert (site.root / "pagefind/pagefind.js").is_file()
    assert not list(site.root.glob("pagefind/*-ui.*")), "the catalog page uses the JavaScript API"
    assert "'wasm-unsafe-eval'" in policy(site.root)["script-src"]


@pytest.mark.parametrize(
    ("fixture", "catalogs"),
    [
        ("demo", {"/": "/products/", "/de/": "/de/produkte/", "/ar/": "/ar/products/"}),
        ("cables", {"/": "/products/", "/zh-hans/": "/zh-hans/chanpin/", "/he/": "/he/mutzarim/"}),
    ],
)
def test_a_catalog_page_per_language_with_search_box_linked_from_every_header(
    fixture: str, catalogs, request
):
    site: BuiltSite = request.getfixturevalue(fixture)
    for home_path, path in catalogs.items():
        catalog = site.page(path)
        form = catalog.xpath("//form[@data-search]")[0]
        assert form.get("method") == "get" and form.get("action") is None, (
            "without JavaScript: reloads itself"
        )
        assert form.get("data-bundle") == "/pagefind/"
        assert form.xpath(".//input[@type='search']/@name") == ["q"]
        assert [o.get("value") for o in form.xpath(".//select/option")] == ["", "moq", "price"]
        assert catalog.xpath("//script[contains(@src, '/assets/search.')]")
        assert catalog.xpath("//*[@data-catalog]//li[@class='card']"), "the full list, grouped by category"
        assert catalog.xpath("//*[@data-catalog]/section/h2")
        assert not catalog.xpath("//header//form"), "the page's own box replaces the header's"
        assert catalog.xpath("//*[@data-search-none]//a[contains(@href, 'inquiry-title')]"), "inquiry prompt"
        assert f"{site.origin}{path}" in hreflangs(catalog).values()
        home = site.page(home_path)
        assert home.xpath("//header//form[@role='search']/@action") == [path], home_path
        assert not home.xpath("//script[contains(@src, '/assets/search.')]"), "only the catalog page loads it"
    locations = {
        entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for entry in site.sitemap_entries()
    }
    assert {f"{site.origin}{path}" for path in catalogs.values()} <= locations


def test_search_can_be_turned_off(site: SiteFolder, tmp_path: Path):
    site.write("site.yaml", site.read("site.yaml") + "search:\n  enabled: false\n")
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert not (out / "pagefind").exists()
    assert policy(out)["script-src"] == ["'self'"]
    product = html.fromstring((out / "products/ball-valve-dn50/index.html").read_bytes())
    assert not product.xpath("//*[@data-pagefind-body] | //data | //form[@role='search']")
    assert not html.fromstring((out / "products/index.html").read_bytes()).xpath("//form[@data-search]")


def test_an_unknown_filter_is_a_positioned_error(site: SiteFolder, tmp_path: Path):
    text = site.read("site.yaml") + "search:\n  filters: [Size, Sise]\n"
    site.write("site.yaml", text)
    result = build(site, tmp_path / "out")
    line = text.count("\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        f"site.yaml:{line}:19: search.filters[1]: no product has a spec named 'Sise' (did you mean 'Size'?)"
        in (result.output)
    )


def fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Stand in for Pagefind's binary with a shell script."""
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setattr("pagefind_bin_extended.get_executable", lambda: binary)


def test_the_index_is_deterministic_and_reused_until_a_product_page_changes(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    first = tmp_path / "first"
    build_site(site.root, first, check=False, cache_dir=tmp_path / "cache-a")
    build_site(site.root, tmp_path / "second", check=False, cache_dir=tmp_path / "cache-b")
    index = {k: v for k, v in snapshot(first).items() if k.startswith("pagefind/")}
    assert index and index == {
        k: v for k, v in snapshot(tmp_path / "second").items() if k.startswith("pagefind/")
    }
    fake_pagefind(tmp_path, monkeypatch, "echo 'Error: ran again' >&2; exit 1")
    site.replace("content/pages/about.md", "since 2006", "since 2006 in Ningbo")
    build_site(site.root, first, check=False, cache_dir=tmp_path / "cache-a")
    assert {k: v for k, v in snapshot(first).items() if k.startswith("pagefind/")} == index


def test_a_failed_index_run_is_a_clear_error_and_publishes_nothing(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    before = snapshot(out)
    fake_pagefind(tmp_path, monkeypatch, "echo 'Error: disk full' >&2; exit 3")
    site.replace("content/products/ball-valve-dn50.yaml", "Full-bore CF8M", "Full-bore CF8M forged")
    result = build(site, out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "site.yaml:1:1: search: Pagefind failed (exit code 3): Error: disk full" in result.output
    assert snapshot(out) == before
