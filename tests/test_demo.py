"""The repository's own demo site: built once, checked as a crawler would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build import BuildResult, build_site

from .conftest import REPO
from .output import SITEMAP, XHTML, BuiltSite, by_type, canonical, hreflangs
from .valid_html import check_html, dimension_problems

ORIGIN = yaml.safe_load((REPO / "site.yaml").read_text())["base_url"].rstrip("/")


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuildResult]:
    out = tmp_path_factory.mktemp("demo") / "public"
    cache = tmp_path_factory.mktemp("cache")
    result = build_site(REPO, out, check=True, cache_dir=cache)  # raises if the SEO check finds errors
    return BuiltSite(out, ORIGIN), result


@pytest.fixture(scope="module")
def demo(demo_build) -> BuiltSite:
    return demo_build[0]


def test_demo_matrices_hold_back_only_what_the_plan_calls_thin(demo_build):
    """Zero colliding or near-duplicate landing pages in the demo matrices; the sourcing
    plan holds back exactly its thin pages: products without WRAS in the UAE, the one market
    that requires it with no local content (the UK requires it too, but has local content)."""
    _, result = demo_build
    assert set(result.expansion.counts) == {"ball-valves-export", "valves-by-application", PLAN}
    assert len(result.expansion.landings) >= 50
    held = {(flag.matrix, flag.rule, flag.key.rsplit(".", 1)[0], flag.lang) for flag in result.held_back}
    assert held == {
        (PLAN, "thin_when", f"{sku}.united-arab-emirates", lang)
        for sku in ("HT-GV-DN80", "HT-SCV-DN100")
        for lang in ("en", "ar")
    }
    assert len(result.held_back) == 2 * 2 * 6  # two products, two languages, six intents


PLAN = "valve-sourcing-plan"


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/sourcing/uk/flanged-gate-valve-dn80-class-150-oem/", "HT-GV-DN80 OEM in the UK: from £92.04"),
        (
            "/de/beschaffung/deutschland/flanschschieber-dn80-class-150-muster/",
            "HT-GV-DN80 Muster in Deutschland: ab 107,20\xa0€",
        ),
        (
            "/es-mx/compras/mexico/valvula-de-compuerta-bridada-dn80-a-la-medida/",
            "HT-GV-DN80 a la medida en México: desde $2,004.00",
        ),
        (
            "/ar/sourcing/saudi-arabia/flanged-gate-valve-dn80-class-150-wholesale/",
            "HT-GV-DN80 بالجملة في السعودية: من \u200f437.00\xa0ر.س.\u200f",
        ),
    ],
)
def test_plan_titles_name_the_market_in_its_locative_and_the_converted_price(demo: BuiltSite, url, title):
    """116.50 USD converted per market rule: ×0.92 half up to 0.05 EUR, ×0.79 half even to
    the penny (92.035 → 92.04), ×17.2 up to 0.50 MXN, ×3.75 half up to 0.25 SAR; the meta
    description carries the same price."""
    tree = demo.page(ORIGIN + url)
    assert tree.findtext(".//title") == title
    price = title.split(": ")[-1].split(maxsplit=1)[-1]  # after "from", "ab", "desde", "من"
    description = tree.xpath("string(//meta[@name='description']/@content)")
    assert " ".join(price.split()) in " ".join(description.split())


@pytest.fixture(scope="module")
def pages(demo: BuiltSite):
    return demo.pages()


def test_demo_size_and_languages(pages):
    languages = {tree.get("lang") for tree in pages.values()}
    assert languages == {"en", "de", "es-MX", "ar"}
    products = [p for p in pages if "/products/" in p or "/produkte/" in p or "/productos/" in p]
    assert len(products) >= 12 * 3


def test_no_broken_internal_links(demo: BuiltSite, pages):
    for path, tree in pages.items():
        for href in tree.xpath("//a/@href | //link[@rel='stylesheet']/@href | //img/@src | //source/@srcset"):
            for url in href.split(","):
                url = url.strip().split(" ")[0]
                if url.startswith("/") and not url.startswith("//"):
                    assert demo.file_for(url.split("#")[0]), f"{path}: broken link {url}"


def test_hreflang_reciprocal_and_canonical(demo: BuiltSite, pages):
    for path, tree in pages.items():
        alternates = hreflangs(tree)
        for code, href in alternates.items():
            target = demo.page(href)
            assert canonical(target) == href, f"{path}: {code} → non-canonical {href}"
            assert hreflangs(target) == alternates, f"{path}: {href} is not reciprocal"
        if alternates:
            assert canonical(tree) in alternates.values()
            assert "x-default" in alternates


def test_sitemap_urls_resolve_to_self_canonical_pages(demo: BuiltSite):
    entries = demo.sitemap_entries()
    assert len(entries) > 100
    for entry in entries:
        loc = entry.findtext(f"{SITEMAP}loc")
        if loc.endswith(".pdf"):  # a datasheet or catalog: a built file without HTML
            assert demo.file_for(loc) is not None
            continue
        assert canonical(demo.page(loc)) == loc


def test_every_page_is_valid_html(demo: BuiltSite):
    """No error and no warning of the Nu HTML Checker on any page, of every kind and language."""
    report = check_html(demo.root)
    assert report.checked == {path.relative_to(demo.root).as_posix() for path in demo.root.rglob("*.html")}
    assert not report.problems, f"{len(report.problems)} vnu messages:\n" + "\n".join(report.problems[:50])


def test_declared_image_sizes_match_the_files(demo: BuiltSite):
    measured, problems = dimension_problems(demo)
    assert not problems, f"{len(problems)} dishonest sizes:\n" + "\n".join(problems[:50])
    assert measured >= 50


def test_every_priced_product_page_has_the_tier_structure(demo: BuiltSite):
    priced = 0
    for path in sorted((REPO / "content/products").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        url = f"{ORIGIN}/products/{data['slug']}/"
        nodes = demo.jsonld(url)
        products = by_type(nodes, "Product")
        if data.get("price_on_request"):
            assert products == [], f"{url}: price-on-request product must not get a Product with a price"
            continue
        priced += 1
        (product,) = products
        offer = product["offers"]
        assert offer["eligibleQuantity"]["minValue"] == data["moq"]["quantity"]
        assert offer["eligibleQuantity"]["unitCode"] == data["moq"].get("unit", "C62")
        tiers = offer["priceSpecification"]
        assert len(tiers) == len(data["price_tiers"])
        for tier, source in zip(tiers, data["price_tiers"], strict=True):
            assert tier["@type"] == "UnitPriceSpecification"
            assert tier["eligibleQuantity"]["minValue"] == source["min_qty"]
            assert tier["eligibleQuantity"].get("maxValue") == source.get("max_qty")
            assert float(tier["price"]) == pytest.approx(source["unit_price"])
        assert offer["@type"] == "Offer"
        assert float(offer["price"]) == pytest.approx(data["price_tiers"][0]["unit_price"])
        assert offer["availability"].endswith(
            "/" + "".join(w.capitalize() for w in data["availability"].split("_"))
        )
    assert priced >= 8


def test_mexican_spanish_also_serves_generic_spanish(demo: BuiltSite):
    """`also_serves: [es]` announces every es-MX page under `es` too, in pages and sitemaps."""
    tree = demo.page(f"{ORIGIN}/es-mx/")
    alternates = hreflangs(tree)
    assert alternates["es"] == alternates["es-MX"] == f"{ORIGIN}/es-mx/"
    (entry,) = [e for e in demo.sitemap_entries() if e.findtext(f"{SITEMAP}loc") == f"{ORIGIN}/es-mx/"]
    links = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
    assert links == alternates


def test_untranslated_product_is_never_linked(demo: BuiltSite, pages):
    """HT-CBV-DN50 has no Mexican Spanish text: no page, no hreflang, no link."""
    path = REPO / "content/products/ht-cbv-dn50.yaml"
    data = yaml.safe_load(path.read_text())
    assert "es-MX" not in data["name"]
    english = demo.page(f"{ORIGIN}/products/{data['slug']}/")
    assert "es-MX" not in hreflangs(english)
    assert set(hreflangs(english)) == {"en", "de", "ar", "x-default"}
    for page, tree in pages.items():
        if page.startswith("es-mx/"):
            assert not any(data["slug"] in href for href in tree.xpath("//a/@href")), page


def test_failed_build_keeps_the_previous_output(demo: BuiltSite, tmp_path: Path):
    """A bad price tier in a copy of the demo fails with file:line:col and touches nothing."""
    import shutil

    from click.testing import CliRunner

    from generator.cli import main

    site = tmp_path / "site"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".venv", ".git", "public", ".pseo-cache"))
    product = site / "content/products/ht-bv2-dn50.yaml"
    lines = product.read_text().splitlines()
    index = next(
        i for i, line in enumerate(lines) if "min_qty" in line and i > 0 and "price_tiers" not in line
    )
    second = next(i for i in range(index + 1, len(lines)) if "min_qty" in lines[i])
    lines[second] = re.sub(r"min_qty: \d+", "min_qty: 1", lines[second])
    product.write_text("\n".join(lines) + "\n")
    out = tmp_path / "public"
    shutil.copytree(demo.root, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out)])
    assert result.exit_code == 1
    assert f"content/products/ht-bv2-dn50.yaml:{second + 1}:" in result.output
    assert "price_tiers[1].min_qty: must be greater than the previous tier's min_qty" in result.output
    assert "Build failed: 1 error." in result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_thin_listings_stay_out_of_search_and_titles_fit_results(demo: BuiltSite, pages):
    """Two to four articles per language: every tag and yearly archive page is noindex,
    outside the sitemaps and hreflang; every indexable page's title fits a search result
    (30 to 60 characters); the articles index opens with the site's intro."""
    listed = {entry.findtext(f"{SITEMAP}loc") for entry in demo.sitemap_entries()}
    for path, tree in pages.items():
        url = f"{ORIGIN}/{path.removesuffix('index.html')}"
        (robots,) = tree.xpath('//head/meta[@name="robots"]/@content')
        if re.search(r"/(topics|themen|temas)/|/20[0-9]{2}/index.html$", path):
            assert robots == "noindex, follow" and hreflangs(tree) == {} and url not in listed, path
        elif robots == "index, follow" and not path.endswith("404.html"):
            title = tree.findtext(".//title")
            assert 30 <= len(title) <= 60, (path, title)
    for path in ("articles/", "de/fachartikel/", "es-mx/articulos/", "ar/articles/"):
        assert demo.page(f"{ORIGIN}/{path}").xpath("//main/div[@class='prose']//text()"), path


def test_page_dates_are_their_own(demo: BuiltSite):
    """The about, contact and privacy pages, and the certificates and factory pages, each
    carry the date of their own last revision: no date stands for most of them."""
    sitemaps = ("/sitemaps/page-", "/sitemaps/certificates-", "/sitemaps/factory-")
    entries = [e for e in demo.sitemap_entries() if any(name in e.getparent().base for name in sitemaps)]
    dates = [entry.findtext(f"{SITEMAP}lastmod") for entry in entries]
    assert len(entries) >= 20 and all(dates)
    assert max(dates.count(day) for day in set(dates)) <= len(dates) // 4
