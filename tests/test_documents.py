"""Catalog and datasheet PDFs: one per product and language and one catalog per language
and top category, drawn from the pages' own data in each script's font, linked from the
pages, listed in the sitemap, byte-identical across builds, redrawn only when what they
show changed. On the demo (Latin, Arabic) and the cable catalog (CJK, Cyrillic, Hebrew,
price on request, translation gaps)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.build import build_site
from generator.documents import layout
from generator.documents.content import Sheet
from generator.images.fonts import find_fonts
from generator.render.theme import load_theme
from generator.theme_layers import theme_layers

from .conftest import REPO
from .output import SITEMAP, BuiltSite

CABLES = REPO / "tests/fixtures/cable-catalog"
DEMO_ORIGIN = yaml.safe_load((REPO / "site.yaml").read_text())["base_url"].rstrip("/")
CABLE_ORIGIN = yaml.safe_load((CABLES / "site.yaml").read_text())["base_url"].rstrip("/")
THEME = load_theme(theme_layers(REPO, "default"))

fonts = find_fonts(["ar", "he", "zh-Hans"])
pytestmark = pytest.mark.skipif(
    fonts is None or bool(fonts.missing) or "latin" not in fonts.scripts,
    reason="Noto fonts (fonts-noto-core, fonts-noto-cjk) not installed",
)


def squash(text: str) -> str:
    """Text without spacing, NULs or bidi marks: what extraction adds or drops varies."""
    return re.sub(r"[\s\x00\u200e\u200f\u2066-\u2069]", "", text)


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return squash("\n".join(page.extract_text() for page in reader.pages))


def label(lang: str, message: str) -> str:
    return squash(str(THEME.strings(lang)(message)))


def document_link(site: BuiltSite, url: str) -> tuple[dict[str, str], Path]:
    """The page's one PDF download link and the built file it names."""
    tree = site.page(url)
    links = tree.xpath('//a[@download][@type="application/pdf"]')
    assert len(links) == 1, f"{url}: {len(links)} PDF links"
    href = links[0].get("href")
    path = site.file_for(href)
    assert path is not None, f"{url} links {href}, which is not built"
    assert links[0].get("hreflang") == tree.get("lang")
    return dict(links[0].attrib), path


def pdf_files(site: BuiltSite) -> set[str]:
    return {f"{site.origin}/{p.relative_to(site.root).as_posix()}" for p in site.root.rglob("*.pdf")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(
        REPO, out, check=True, cache_dir=tmp_path_factory.mktemp("cache")
    )  # the check reads the sitemaps
    return BuiltSite(out, DEMO_ORIGIN)


@pytest.fixture(scope="module")
def drawn() -> list[Sheet]:
    """The sheets each build drew (builds of one worker, so drawing happens in this process)."""
    return []


@pytest.fixture(scope="module")
def cables(tmp_path_factory: pytest.TempPathFactory, drawn: list[Sheet]) -> tuple[Path, BuiltSite, Path]:
    site = tmp_path_factory.mktemp("cables") / "site"
    shutil.copytree(CABLES, site)
    out, cache = site.parent / "public", site.parent / "cache"
    draw = layout.draw
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "draw", lambda sheet, *rest: drawn.append(sheet) or draw(sheet, *rest))
        build_site(site, out, jobs=1, check=True, cache_dir=cache)
    return site, BuiltSite(out, CABLE_ORIGIN), cache


@pytest.mark.parametrize(
    ("url", "name", "lang"),
    [
        ("/products/2-piece-threaded-ball-valve-dn50/", "2-Piece Threaded Ball Valve DN50", "en"),
        ("/de/produkte/zweiteiliger-kugelhahn-dn50/", "Zweiteiliger Kugelhahn DN50 mit Gewinde", "de"),
        ("/ar/products/2-piece-threaded-ball-valve-dn50/", "صمام كروي ملولب من قطعتين", "ar"),
    ],
)
def test_a_product_page_links_its_datasheet_in_its_language(demo: BuiltSite, url: str, name: str, lang: str):
    """Name (Arabic in reading order), SKU, the page's labels, prices, contact and URL."""
    link, path = document_link(demo, url)
    assert link["href"].endswith(f"ht-bv2-dn50-datasheet-{lang}.pdf")
    text = pdf_text(path)
    assert squash(name) in text
    assert "HT-BV2-DN50" in text
    for message in ("Datasheet", "Specifications", "Minimum order quantity", "Lead time", "Samples"):
        assert label(lang, message) in text, message
    assert "1000WOG/PN63" in text and "sales@hengtai-valves.com" in text
    assert squash(f"{demo.origin}{url}") in text
    reader = PdfReader(path)
    assert text.endswith(str(len(reader.pages))), "the page number, in any script"
    assert reader.metadata.title.startswith(name.split()[0])
    assert reader.metadata.creation_date.year >= 2026


def test_a_datasheet_without_prices_says_price_on_request(demo: BuiltSite):
    _, path = document_link(demo, "/de/produkte/tieftemperatur-kugelhahn-dn50/")
    assert label("de", "Price on request – send us your quantity for a quotation.") in pdf_text(path)


def test_the_home_page_links_the_catalog_of_every_category(demo: BuiltSite):
    """Contents and bookmarks list every category; every product with a page is in it."""
    link, path = document_link(demo, "/ar/")
    assert link["href"] == "/ar/catalog-ar.pdf"
    reader = PdfReader(path)
    text = pdf_text(path)
    assert label("ar", "Product catalog") in text and label("ar", "Contents") in text
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert squash("الصمامات") in squash("".join(titles))
    for page in ("صمام كروي ملولب من قطعتين", "HT-BV2-DN50", "HT-EL90-DN50"):
        assert squash(page) in text


def test_a_top_category_links_a_catalog_of_its_products_only(demo: BuiltSite):
    link, path = document_link(demo, "/categories/pipe-fittings/")
    text = pdf_text(path)
    assert "HT-EL90-DN50" in text and "HT-BV2-DN50" not in text
    assert link["download"] == ""


def test_the_sitemap_lists_every_pdf_once_with_its_date(demo: BuiltSite):
    entries = demo.sitemap_entries()
    pdfs = [e for e in entries if e.findtext(f"{SITEMAP}loc").endswith(".pdf")]
    assert {e.findtext(f"{SITEMAP}loc") for e in pdfs} == pdf_files(demo)
    assert len(pdfs) == len(pdf_files(demo)) > 50
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", e.findtext(f"{SITEMAP}lastmod") or "") for e in pdfs)


@pytest.mark.parametrize(
    ("url", "name", "lang", "message"),
    [
        ("/zh-hans/chanpin/yjv-power-cable-3x95/", "YJV 0.6/1 kV 电力电缆 3×95 mm²", "zh-Hans", "Datasheet"),
        (
            "/ru/katalog/silovoy-kabel-yjv-3x95/",
            "Силовой кабель YJV 0,6/1 кВ 3×95 мм²",
            "ru",
            "Specifications",
        ),
        ("/he/mutzarim/custom-medium-voltage-cable/", "כבל מתח בינוני בהתאמה אישית עד", "he", "Datasheet"),
    ],
)
def test_cable_datasheets_in_cjk_cyrillic_and_hebrew(cables, url: str, name: str, lang: str, message: str):
    _, site, _ = cables
    _, path = document_link(site, url)
    text = pdf_text(path)
    assert squash(name) in text and label(lang, message) in text


def test_a_translation_gap_leaves_the_catalog_without_the_product(cables):
    """custom-mv-cable has no Chinese text, so no Chinese page, datasheet or catalog entry."""
    _, site, _ = cables
    assert not list(site.root.glob("zh-hans/**/vc-mv-custom-*.pdf"))
    _, path = document_link(site, "/zh-hans/")
    assert "VC-MV-CUSTOM" not in pdf_text(path)
    _, path = document_link(site, "/he/")
    assert "VC-MV-CUSTOM" in pdf_text(path) and label("he", "Price on request") in pdf_text(path)


def test_a_rebuild_redraws_only_the_pdfs_whose_content_changed(cables, drawn: list[Sheet]):
    site, built, cache = cables
    before = {path: path.read_bytes() for path in built.root.rglob("*.pdf")}
    assert len(drawn) == len(before)
    drawn.clear()
    product = site / "content/products/yjv-3x95.yaml"
    product.write_text(product.read_text().replace("en: YJV 0.6/1 kV power cable", "en: YJV 0.6/1 kV cable"))
    original = layout.draw
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "draw", lambda sheet, *rest: drawn.append(sheet) or original(sheet, *rest))
        build_site(site, built.root, jobs=1, check=False, cache_dir=cache)
    changed = {path for path, data in before.items() if path.read_bytes() != data}
    assert {sheet.lang for sheet in drawn} == {"en"}
    assert len(drawn) == len(changed) == 3  # the datasheet, the catalog, the Cables catalog
    assert "YJV0.6/1kVcable3×95" in pdf_text(
        built.root / "products/yjv-power-cable-3x95/vc-yjv-3x95-datasheet-en.pdf"
    )


def test_pdfs_are_byte_identical_across_builds(cables, tmp_path: Path):
    site, built, _ = cables
    again = tmp_path / "public"
    build_site(site, again, check=False, cache_dir=tmp_path / "cache")
    first = {p.relative_to(built.root): p.read_bytes() for p in built.root.rglob("*.pdf")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.pdf")}
    assert first == second
