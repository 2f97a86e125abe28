"""End to end on the small fixture site: build, then parse what was written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.build import build_site

from .conftest import SiteFolder
from .output import BuiltSite, by_type, canonical, hreflangs

ORIGIN = "https://www.example-valves.com"


@pytest.fixture
def built(site: SiteFolder, tmp_path: Path) -> BuiltSite:
    build_site(site.root, tmp_path / "out", check=False)
    return BuiltSite(tmp_path / "out", ORIGIN)


def test_product_jsonld_has_one_offer_at_the_moq_price_with_tiers(built: BuiltSite):
    nodes = built.jsonld(f"{ORIGIN}/products/ball-valve-dn50/")
    (product,) = by_type(nodes, "Product")
    assert product["sku"] == "BV-DN50"
    assert product["url"] == f"{ORIGIN}/products/ball-valve-dn50/"
    offer = product["offers"]
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"]) == ("18.50", "USD"), "the price a buyer pays at the MOQ"
    assert offer["seller"] == {
        "@type": "Organization",
        "@id": f"{ORIGIN}/#organization",
        "name": "Example Valves",
        "url": f"{ORIGIN}/",
    }
    assert "availability" not in offer, "no availability is claimed when the content states none"
    assert offer["eligibleQuantity"] == {"@type": "QuantitativeValue", "minValue": 100, "unitCode": "C62"}
    tiers = offer["priceSpecification"]
    assert [t["@type"] for t in tiers] == ["UnitPriceSpecification"] * 3
    assert [
        (t["eligibleQuantity"].get("minValue"), t["eligibleQuantity"].get("maxValue")) for t in tiers
    ] == [
        (100, 499),
        (500, 1999),
        (2000, None),
    ]
    assert [t["price"] for t in tiers] == ["18.50", "16.90", "15.20"]
    assert all(t["eligibleQuantity"]["unitCode"] == "C62" for t in tiers)
    (faq,) = by_type(nodes, "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Yes, by laser marking on the body."


def test_price_on_request_product_has_no_invented_price(built: BuiltSite):
    url = f"{ORIGIN}/products/gate-valve-dn80/"
    nodes = built.jsonld(url)
    assert by_type(nodes, "Product") == []
    assert (
        "price"
        not in built.file_for(url).read_text().split("application/ld+json", 1)[1].split("</script>")[0]
    )
    (crumbs,) = by_type(nodes, "BreadcrumbList")
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3]


def test_price_table_is_locale_formatted(built: BuiltSite):
    english = built.page(f"{ORIGIN}/products/ball-valve-dn50/")
    assert english.xpath("//table[@class='tiers']//td/text()")[:2] == ["100 – 499 pieces", "$18.50"]
    arabic = built.page(f"{ORIGIN}/ar/products/ball-valve-dn50/")
    assert arabic.get("dir") == "rtl" and arabic.get("lang") == "ar"
    price = arabic.xpath("//table[@class='tiers']//td/text()")[1]
    assert "US$" in price and "18.50" in price


def test_hreflang_is_reciprocal_and_resolves(built: BuiltSite):
    pages = built.pages()
    checked = 0
    for path, tree in pages.items():
        alternates = hreflangs(tree)
        if not alternates:
            continue
        own = canonical(tree)
        assert own in alternates.values(), f"{path} does not list itself"
        for code, href in alternates.items():
            target = built.page(href)
            assert canonical(target) == href, f"{path}: hreflang {code} target is not canonical"
            assert hreflangs(target) == alternates, f"{path}: {href} does not link back the same set"
            if code != "x-default":
                assert target.get("lang") == code
            checked += 1
    assert checked > 10


def test_missing_translation_is_never_linked(built: BuiltSite):
    """The gate valve has no Arabic text: no Arabic page, no hreflang or link to one."""
    assert built.file_for(f"{ORIGIN}/ar/products/gate-valve-dn80/") is None
    english = built.page(f"{ORIGIN}/products/gate-valve-dn80/")
    assert hreflangs(english) == {}
    for path, tree in built.pages().items():
        for href in tree.xpath("//a/@href"):
            if href.startswith("/"):
                assert built.file_for(href), f"{path} links to missing {href}"


def test_every_indexable_page_is_self_canonical_and_in_the_sitemap(built: BuiltSite):
    entries = built.sitemap_entries()
    locs = [entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for entry in entries]
    assert len(locs) == len(set(locs))
    for loc in locs:
        tree = built.page(loc)
        assert canonical(tree) == loc
        assert "noindex" not in tree.xpath("string(//meta[@name='robots']/@content)")
    indexable = {
        canonical(tree)
        for tree in built.pages().values()
        if "noindex" not in tree.xpath("string(//meta[@name='robots']/@content)")
    }
    assert indexable == set(locs)
    robots = (built.root / "robots.txt").read_text()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots


def test_sitemap_alternates_match_the_html(built: BuiltSite):
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for entry in built.sitemap_entries():
        loc = entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        in_sitemap = {link.get("hreflang"): link.get("href") for link in entry.findall(xhtml)}
        assert in_sitemap == hreflangs(built.page(loc))


def test_lastmod_comes_from_content(built: BuiltSite):
    for entry in built.sitemap_entries():
        if entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").endswith("/ball-valve-dn50/"):
            assert entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod") == "2026-10-01"


def test_images_are_reencoded_without_metadata(built: BuiltSite):
    from PIL import Image

    tree = built.page(f"{ORIGIN}/products/ball-valve-dn50/")
    (img,) = tree.xpath("//main//picture//img")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    path = built.file_for(img.get("src"))
    with Image.open(path) as image:
        assert image.size == (int(img.get("width")), int(img.get("height")))
        assert image.width * 3 == image.height * 4  # aspect ratio of the 1600×1200 source
        assert not image.getexif()


def test_script_in_content_cannot_break_out_of_jsonld(site: SiteFolder, tmp_path: Path):
    site.replace(
        "content/products/ball-valve-dn50.yaml",
        "en: Full-bore CF8M ball valve for water and oil lines.",
        'en: "Valve </script><script>alert(1)</script> & \\"quoted\\""',
    )
    build_site(site.root, tmp_path / "out", check=False)
    out = BuiltSite(tmp_path / "out", ORIGIN)
    text = out.file_for(f"{ORIGIN}/products/ball-valve-dn50/").read_text()
    assert "<script>alert(1)" not in text
    (product,) = by_type(out.jsonld(f"{ORIGIN}/products/ball-valve-dn50/"), "Product")
    assert product["description"] == 'Valve </script><script>alert(1)</script> & "quoted"'


def test_two_builds_are_byte_identical(site: SiteFolder, tmp_path: Path):
    def digest(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*")
            if p.is_file()
        }

    build_site(site.root, tmp_path / "a", check=False)
    build_site(site.root, tmp_path / "b", check=False, jobs=1)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
