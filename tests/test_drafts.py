"""Drafts: never in a production build, nor linked from one; shown in the preview with a banner."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from generator.build import build_site
from generator.serve import PreviewServer

from .conftest import SiteFolder, snapshot
from .output import SITEMAP, BuiltSite
from .test_bad_inputs import MATRIX_YAML

ORIGIN = "https://www.example-valves.com"
BANNER = '//p[@class="draft-banner"]'
DRAFT_URLS = [
    "/products/flange-dn50/",
    "/categories/fittings/",
    "/ar/about-us/",
    "/uses/",
    "/uses/water-treatment/ball-valve-dn50/",
]


@pytest.fixture
def drafts(site: SiteFolder) -> SiteFolder:
    """The fixture site plus a draft of every kind: a category with its product, a page
    translation and a matrix."""
    site.write(
        "content/categories/fittings.yaml",
        "slug: fittings\ndraft: true\nname: {en: Fittings, ar: تجهيزات}\nsummary: {en: Flanges., ar: شفاه.}\n",
    )
    product = site.read("content/products/gate-valve-dn80.yaml")
    site.write(
        "content/products/flange-dn50.yaml",
        product.replace("GV-DN80", "FL-DN50")
        .replace("gate-valve-dn80", "flange-dn50")
        .replace("category: valves", "category: fittings\ndraft: true")
        .replace("related: [BV-DN50]", "related: []"),
    )
    site.replace("content/pages/about.ar.md", "slug: about-us", "slug: about-us\ndraft: true")
    published = "languages: [en]\ndraft: true\nquality: {min_unique_words: 0, min_unique_share: 0}"
    site.write("content/pseo/uses.yaml", MATRIX_YAML.replace("languages: [en]", published))
    return site


def urls(built: BuiltSite) -> set[str]:
    return {entry.findtext(f"{SITEMAP}loc").removeprefix(ORIGIN) for entry in built.sitemap_entries()}


def links(built: BuiltSite) -> set[str]:
    return {href for tree in built.pages().values() for href in tree.xpath("//a/@href")}


def test_production_build_leaves_drafts_out(drafts: SiteFolder, tmp_path: Path):
    build_site(drafts.root, tmp_path / "out", jobs=1, check=False)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    for url in DRAFT_URLS:
        assert built.file_for(ORIGIN + url) is None, url
    assert not set(DRAFT_URLS) & urls(built)
    assert not set(DRAFT_URLS) & links(built), "a published page links to a draft"
    assert "/products/gate-valve-dn80/" in urls(built) and "/about/" in urls(built)
    about = built.page(ORIGIN + "/about/")
    assert "ar" not in {link.get("hreflang") for link in about.xpath("//link[@rel='alternate']")}
    assert not any(tree.xpath(BANNER) for tree in built.pages().values())


def test_preview_shows_drafts_with_a_banner(drafts: SiteFolder, tmp_path: Path):
    build_site(drafts.root, tmp_path / "preview", jobs=1, check=False, drafts=True)
    built = BuiltSite(tmp_path / "preview", ORIGIN)
    for url in DRAFT_URLS:
        assert built.page(ORIGIN + url).xpath(BANNER), f"{url} has no draft banner"
    for url in ("/", "/products/gate-valve-dn80/", "/about/", "/categories/valves/"):
        assert not built.page(ORIGIN + url).xpath(BANNER), f"{url} is published but marked as a draft"
    assert "/products/flange-dn50/" in links(built)


def test_preview_and_production_share_a_cache_without_mixing(drafts: SiteFolder, tmp_path: Path):
    for path in ("content/products/flange-dn50.yaml", "content/pseo/uses.yaml"):
        (drafts.root / path).unlink()  # left: drafts that change no image, so only the keys tell them apart
    cache = tmp_path / "cache"
    for name, preview in (("preview", True), ("production", False)):
        build_site(
            drafts.root,
            tmp_path / f"clean-{name}",
            jobs=1,
            check=False,
            cache_dir=tmp_path / f"cache-{name}",
            drafts=preview,
        )
    for name, preview in (("preview", True), ("production", False), ("preview", True)):
        build_site(drafts.root, tmp_path / name, jobs=1, check=False, cache_dir=cache, drafts=preview)
        assert snapshot(tmp_path / name) == snapshot(tmp_path / f"clean-{name}"), name


def test_serve_previews_drafts(drafts: SiteFolder, tmp_path: Path):
    with (
        PreviewServer(drafts.root, port=0, cache_dir=tmp_path / "cache") as server,
        urllib.request.urlopen(server.url + "products/flange-dn50/", timeout=5) as response,
    ):
        page = response.read().decode()
    assert 'class="draft-banner"' in page and "Draft – not published." in page


def test_matrices_leave_out_draft_products(site: SiteFolder, tmp_path: Path):
    quality = "languages: [en]\nquality: {min_unique_words: 0, min_unique_share: 0}"
    site.write("content/pseo/uses.yaml", MATRIX_YAML.replace("languages: [en]", quality))
    site.replace("content/products/ball-valve-dn50.yaml", "category: valves", "category: valves\ndraft: true")
    site.replace("content/products/gate-valve-dn80.yaml", "related: [BV-DN50]", "related: []")
    draft, published = "/uses/water-treatment/ball-valve-dn50/", "/uses/water-treatment/gate-valve-dn80/"

    build_site(site.root, tmp_path / "out", jobs=1, check=False)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    assert built.file_for(ORIGIN + published) is not None
    assert built.file_for(ORIGIN + draft) is None
    assert draft not in links(built) and draft not in urls(built)

    build_site(site.root, tmp_path / "preview", jobs=1, check=False, drafts=True)
    preview = BuiltSite(tmp_path / "preview", ORIGIN)
    assert preview.page(ORIGIN + draft).xpath(BANNER), "a landing page made from a draft is a draft"
    assert not preview.page(ORIGIN + published).xpath(BANNER)
