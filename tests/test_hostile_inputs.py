"""Catalogs nobody designed for: inputs that used to crash the build, hang it, or change
what the editor wrote without a word. Each fails with one positioned message, exit code 1
and the previous output untouched, or builds and shows exactly what the file says."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html
from PIL import Image

from generator.cli import main
from generator.images import cards
from generator.images.fonts import find_fonts

from .conftest import SiteFolder, build, copy_catalog, fails_with, snapshot
from .output import BuiltSite, by_type
from .test_bad_inputs import (
    CATEGORY,
    MATRIX,
    PAGE,
    PRODUCT,
    RFQ,
    built,
    prebuilt,
    replace,
    write,
    write_bytes,
)

__all__ = ["built", "prebuilt"]  # the fixtures of the bad-input corpus, shared


def test_a_quantity_too_large_to_format_is_an_error(built):
    replace(RFQ, "moq: {quantity: 20", "moq: {quantity: 123456789012345678901234567890")(built[0])
    fails_with(built, f"{RFQ}:7:17: moq.quantity: input should be less than or equal to 1000000000000")


def test_a_lead_time_of_centuries_is_an_error(built):
    replace(RFQ, "max_days: 45", "max_days: 99999999999999999999")(built[0])
    fails_with(built, f"{RFQ}:9:37: lead_time.max_days: input should be less than or equal to 3650")


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("ar", "slug: URL /ar/ is inside /ar/, the folder of the 'ar' pages"),
        ("assets", "slug: URL /assets/ is inside /assets/, the folder of the theme's scripts and styles"),
        ("pagefind", "slug: URL /pagefind/ is inside /pagefind/, the folder of the search index"),
        ("products", "slug: URL /products/ is the URL of the site's products page [en]"),
        ("compare", "slug: URL /compare/ is the URL of the site's compare page [en]"),
    ],
)
def test_a_page_in_a_folder_of_the_build_or_of_a_language_is_an_error(built, slug, message):
    replace(PAGE, "nav_order: 1", f"nav_order: 1\nslug: {slug}")(built[0])
    output = fails_with(built, f"{PAGE}:5:7: {message}")
    assert "Build failed: 1 error." in output


def test_a_page_file_name_that_cannot_be_a_url_is_an_error(built):
    page = "---\ntitle: Our team\ndescription: Who answers your inquiries, in which languages and when.\n---\nHi.\n"
    write("content/pages/Our Team.md", page)(built[0])
    fails_with(
        built,
        "content/pages/Our Team.md:1:1: file name: 'Our Team' cannot be a URL (lowercase ASCII words "
        "joined by hyphens); rename the file or give it a slug",
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            replace(RFQ, "name: {en: Flanged gate valve DN80}", 'name: {en: "Flanged\\x07 gate valve"}'),
            f"{RFQ}:4:12: name.en: control character U+0007 in the text; remove it (HTML forbids it)",
        ),
        (
            replace(PRODUCT, "src: images/valve.jpg", 'src: "images/valve\\0.jpg"'),
            f"{PRODUCT}:20:10: images[0].src: control character U+0000 in the text",
        ),
        (
            write_bytes(PAGE, b"---\ntitle: About\ndescription: Who we are.\n---\nRing \x07 me.\n"),
            f"{PAGE}:5:6: control character U+0007 in the text; remove it (HTML forbids it)",
        ),
    ],
    ids=["yaml-escape", "image-path-nul", "markdown-body"],
)
def test_control_characters_are_errors(built, edit, expected):
    edit(built[0])
    fails_with(built, expected)


def test_an_image_name_too_long_for_the_file_system_is_an_error(built):
    long_name = "images/" + "a" * 300 + ".jpg"
    replace(PRODUCT, "src: images/valve.jpg", f"src: {long_name}")(built[0])
    fails_with(
        built, f"{PRODUCT}:20:10: images[0].src: '{long_name}' is not a usable file name (File name too long)"
    )


def test_a_link_loop_in_content_is_an_error(built):
    loop = built[0].root / "content/products/loop.yaml"
    os.symlink(loop, loop)
    fails_with(built, "content/products/loop.yaml:1:1: is a link that leads back to itself (a link loop)")


def test_a_named_pipe_in_content_is_an_error_not_a_hang(built):
    os.mkfifo(built[0].root / "content/products/pipe.yaml")
    fails_with(
        built,
        "content/products/pipe.yaml:1:1: not a regular file (a named pipe, socket or device); "
        "content/ holds only files",
    )


@pytest.mark.parametrize("code", ["XXX", "XTS", "DEM"])
def test_a_currency_nobody_pays_in_is_an_error(built, code):
    replace(RFQ, "price_on_request: true", f"price_on_request: true\ncurrency: {code}")(built[0])
    fails_with(built, f"{RFQ}:9:11: currency: '{code}' is an ISO 4217 code but no country's money today")


def test_yaml_numbers_are_published_as_written(built):
    """YAML 1.1 reads `1.50` as 1.5, `0755` as 493 and `1:20` as 80: a text shows the
    characters the editor wrote, while number fields still read them as numbers."""
    site, out, _ = built
    specs = "\n".join(
        f"  - {{name: {{en: {name}, ar: {name}}}, value: {value}}}"
        for name, value in (("Bore", "1.50"), ("Code", "0755"), ("Ratio", "1:20"))
    )
    site.replace(PRODUCT, "  - {name: {en: Size, ar: المقاس}, value: DN50}", specs)
    site.replace(
        PRODUCT,
        "  - {min_qty: 2000, unit_price: 15.20}",
        "  - {min_qty: 2000, max_qty: 99999, unit_price: 15.20}\n  - {min_qty: 0100000, unit_price: 14.9}",
    )
    result = build(site, out)
    assert result.exit_code == 0, result.output
    page = html.fromstring((out / "products/ball-valve-dn50/index.html").read_bytes())
    cells = [" ".join(cell.text_content().strip() for cell in row) for row in page.iter("tr")]
    for shown in ("Bore 1.50", "Code 0755", "Ratio 1:20", "100,000 pieces or more $14.90"):
        assert shown in cells, cells


def test_yes_and_no_as_text_or_key(built):
    """`value: Yes` is a boolean to YAML, not the text "Yes"; the key `no` stays `no`."""
    site = built[0]
    site.replace(PRODUCT, "value: DN50}", "value: Yes}")
    site.replace(RFQ, "related: [BV-DN50]", "related: [BV-DN50]\nno: 1")
    fails_with(
        built,
        f"{PRODUCT}:18:43: specs[0].value: yes, no, on, off, true and false are yes-or-no values in YAML: quote the text",
        f"{RFQ}:11:1: no: unknown key 'no'",
    )


def test_cable_catalog_spec_as_written_and_page_in_an_rtl_language_folder(tmp_path: Path):
    """The other catalog: an unquoted spec value keeps its zeros on every language's page;
    an English page that takes the Hebrew folder is an error at its slug."""
    site = SiteFolder(copy_catalog("cables", tmp_path / "site"))
    shutil.copytree(Path(__file__).parent.parent / "themes", site.root / "themes", dirs_exist_ok=True)
    product = "content/products/bare-copper-wire.yaml"
    site.replace(product, 'value: "2.5"', "value: 2.50")
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    for page in ("products/bare-copper-wire-2-5/index.html", "he/mutzarim/bare-copper-wire-2-5/index.html"):
        tree = html.fromstring((out / page).read_bytes())
        assert "2.50" in tree.xpath("string(//main)"), page
    site.replace("content/pages/about.md", "nav_order: 1", "nav_order: 1\nslug: he")
    fails_with(
        (site, out, snapshot(out)),
        "content/pages/about.md:5:7: slug: URL /he/ is inside /he/, the folder of the 'he' pages",
    )


def test_a_matrix_routed_into_the_assets_folder_is_one_error(built):
    replace(
        MATRIX, 'path: {en: "uses/{application}/{product}"}', 'path: {en: "assets/{application}/{product}"}'
    )(built[0])
    output = fails_with(built, f"{MATRIX}:1:5: patterns.path: URL /assets/water-treatment/")
    assert "is inside /assets/, the folder of the theme's scripts and styles" in output
    assert "Build failed: 1 error." in output


def test_a_name_of_a_hundred_thousand_characters_makes_a_card_quickly(monkeypatch):
    """The social card wraps only the lines it can show: a pasted wall of text as a name
    took over a minute of text measuring per card."""
    measured = []
    length = cards._length
    monkeypatch.setattr(cards, "_length", lambda draw, word: measured.append(1) or length(draw, word))
    fonts = find_fonts(["en"])
    card = cards.draw_card(
        Image.new("RGB", (400, 300)), "x" * 100_000, "SKU-1", "Brand", "example.com", fonts
    )
    assert card.size == cards.CARD_SIZE
    assert len(measured) < 20_000, len(measured)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            "{category: [valve]}",
            "13:24: dimensions[0].where.category[0]: unknown category 'valve' (did you mean 'valves'?): it would match nothing",
        ),
        ("{category: []}", "13:23: dimensions[0].where.category: list should have at least 1 item"),
    ],
    ids=["misspelt", "empty"],
)
def test_a_matrix_filter_that_matches_nothing_is_an_error(built, where, expected):
    """Before, the matrix silently produced no page at all."""
    replace(MATRIX, "where: {category: [valves]}", f"where: {where}")(built[0])
    fails_with(built, f"{MATRIX}:{expected}")


def test_a_matrix_dimension_with_an_empty_list_of_values_is_an_error_at_the_list(built):
    site = built[0]
    text = site.read(MATRIX)
    start = text.index("    values:\n")
    site.write(MATRIX, text[:start] + "    values: []\n" + text[text.index("patterns:") :])
    fails_with(
        built,
        f"{MATRIX}:15:13: dimensions[1].values: an empty list gives the matrix no pages: list at least one",
    )


def test_check_skips_a_named_pipe_and_a_broken_link_in_the_folder(tmp_path: Path):
    """`pseo check` of a folder someone else filled: a pipe would block the read forever."""
    (tmp_path / "index.html").write_text("<!doctype html><html lang=en><title>x</title><h1>x</h1></html>")
    os.mkfifo(tmp_path / "pipe.html")
    os.symlink(tmp_path / "nowhere.html", tmp_path / "gone.html")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--base-url", "https://x.example", "--quiet"])
    assert isinstance(result.exception, SystemExit | None), result.output
    assert re.search(r"^1 page checked: \d+ errors?, \d+ warnings?$", result.output, re.M), result.output


def test_check_of_an_empty_folder_counts_in_good_english(tmp_path: Path):
    """It printed "1 pages checked" and "1 errors"."""
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--base-url", "https://x.example", "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.output.endswith("\n0 pages checked: 1 error, 1 warning\n"), result.output


def test_an_unquoted_number_where_a_text_is_expected_is_that_text(built):
    """`gtin: 4006381333931` and `mpn: 0755` need no quotes: the text is what was written."""
    site, out, _ = built
    site.replace(PRODUCT, "moq: {quantity: 100", "gtin: 4006381333931\nmpn: 0755\nmoq: {quantity: 100")
    result = build(site, out)
    assert result.exit_code == 0, result.output
    nodes = BuiltSite(out, "https://www.example-valves.com").jsonld(
        "https://www.example-valves.com/products/ball-valve-dn50/"
    )
    (product,) = by_type(nodes, "Product")
    assert (product["gtin"], product["mpn"]) == ("4006381333931", "0755"), product


def test_a_language_key_in_the_wrong_case_suggests_the_site_language(built):
    replace(RFQ, "name: {en: Flanged gate valve DN80}", "name: {EN: Flanged gate valve DN80}")(built[0])
    fails_with(
        built, f"{RFQ}:4:12: name.EN: 'EN' is not one of the site's languages (en, ar) (did you mean 'en'?)"
    )


def test_an_unknown_tag_on_a_list_is_an_error_as_on_a_text(built):
    """`!foo` on a scalar was an error, on a list or map silently ignored."""
    replace(RFQ, "related: [BV-DN50]", "related: !foo [BV-DN50]")(built[0])
    fails_with(built, f"{RFQ}:10:10: malformed YAML: could not determine a constructor for the tag '!foo'")


@pytest.mark.parametrize(
    ("segment", "what"),
    [
        ("ar", "the folder of the 'ar' pages"),
        ("sitemaps", "the folder of the sitemaps"),
        ("compare", "the URL segment of the site's compare page"),
    ],
)
def test_a_root_section_named_like_a_language_or_a_build_folder_is_an_error(built, segment, what):
    """Before, `products: {en: de}` crashed the build: the products index took the German
    home; `products: {en: compare}` was an error without a position."""
    replace(
        "site.yaml", "currency: USD", f"currency: USD\nsections:\n  products: {{en: {segment}, ar: products}}"
    )(built[0])
    fails_with(
        built,
        f"site.yaml:10:18: sections.products.en: '{segment}' is {what}; the pages of 'en' start with it",
    )


def test_a_section_named_like_a_page_of_its_language_is_an_error(built):
    """/ar/thank-you/ is the Arabic form's thank-you page, so it cannot hold the categories."""
    replace(
        "site.yaml", "currency: USD", "currency: USD\nsections:\n  categories: {en: range, ar: thank-you}"
    )(built[0])
    fails_with(
        built,
        "site.yaml:10:31: sections.categories.ar: 'thank-you' is the URL segment of the site's thank-you "
        "page; the pages of 'ar' start with it",
    )


@pytest.fixture(scope="module")
def cables_prebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The cable catalog built once; each case works on a copy of it."""
    root = copy_catalog("cables", tmp_path_factory.mktemp("cables") / "site")
    shutil.copytree(Path(__file__).parent.parent / "themes", root / "themes", dirs_exist_ok=True)
    result = build(SiteFolder(root), root / "public")
    assert result.exit_code == 0, result.output
    return root, snapshot(root / "public")


@pytest.fixture
def cables(cables_prebuilt, tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    source, before = cables_prebuilt
    root = tmp_path / "site"
    shutil.copytree(source, root, symlinks=True)
    return SiteFolder(root), root / "public", before


BUILD_DAY = "1796256000"  # 2026-12-03, 00:00 UTC


@pytest.mark.parametrize(
    ("path", "old", "new", "position"),
    [
        (PRODUCT, "updated: 2026-10-01", "updated: 2026-12-05", "32:10"),
        (CATEGORY, "slug: valves", "slug: valves\nupdated: 2026-12-05", "2:10"),
        (PAGE, "nav_order: 1", "nav_order: 1\nupdated: 2026-12-05", "5:10"),
    ],
    ids=["product", "category", "page"],
)
def test_an_updated_date_in_the_future_is_an_error(built, monkeypatch, path, old, new, position):
    """A future date became the sitemap's lastmod: a change search engines wait for in vain."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    replace(path, old, new)(built[0])
    fails_with(
        built,
        f"{path}:{position}: updated: 2026-12-05 is in the future (today is 2026-12-03): "
        "give the day of the last change",
    )


def test_an_updated_date_of_tomorrow_is_the_sitemaps_lastmod(built, monkeypatch):
    """One day of slack: an editor in Auckland writes tomorrow's date of the build's clock."""
    site, out, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    site.replace(PRODUCT, "updated: 2026-10-01", "updated: 2026-12-04")
    result = build(site, out)
    assert result.exit_code == 0, result.output
    assert "<lastmod>2026-12-04</lastmod>" in "".join(
        sitemap.read_text() for sitemap in (out / "sitemaps").glob("*.xml")
    )


@pytest.mark.parametrize(
    ("path", "old", "position"),
    [
        ("content/cases/metro-depot-haifa.yaml", "year: 2024", "10:10"),
        ("content/pages/about.he.md", "slug: odot", "5:10"),
        ("content/articles/xlpe-or-pvc-insulation.ru.md", "slug: izolyaciya-spe-ili-pvh", "6:10"),
        ("content/factory/wuxi-works.yaml", "staff: 420", "12:10"),
    ],
    ids=["case", "hebrew-page", "russian-article", "factory"],
)
def test_an_updated_date_in_the_future_is_an_error_in_the_cable_catalog(
    cables, monkeypatch, path, old, position
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    replace(path, old, f"{old}\nupdated: 2031-01-01")(cables[0])
    fails_with(
        cables,
        f"{path}:{position}: updated: 2031-01-01 is in the future (today is 2026-12-03): "
        "give the day of the last change",
    )


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "content/products/bare-copper-wire.yaml",
            "  he: חוט נחושת חשוף מחושל 2.5 מ״מ\n",
            '  he: "\\u200f\\u200b "\n',
            "9:7: name.he: expected a non-empty text",
        ),
        (
            "content/pages/about.ru.md",
            "title: О компании Volta Cable Works",
            'title: "\\u200b"',
            "2:8: title: holds only invisible characters (zero-width spaces, direction marks): write the text",
        ),
    ],
    ids=["hebrew-name", "russian-title"],
)
def test_a_text_of_invisible_characters_only_is_an_error(cables, path, old, new, expected):
    """A direction mark or zero-width space pasted alone was published as an empty name or title."""
    replace(path, old, new)(cables[0])
    fails_with(cables, f"{path}:{expected}")


def test_an_updated_date_before_the_web_is_an_error(cables):
    """`0026-07-21` for 2026-07-21 was published as the sitemap's lastmod 0026-07-21."""
    path = "content/products/kvvp-7x1-5.yaml"
    replace(path, "updated: 2026-07-21", "updated: 0026-07-21")(cables[0])
    fails_with(cables, f"{path}:32:10: updated: 0026-07-21 is before 1995: give the day of the last change")


def test_a_slug_with_a_character_nobody_sees_names_it(cables):
    """A joiner, a direction mark or a combining accent pasted into a slug: the text looks
    right, so the pattern alone left the editor guessing."""
    site = cables[0]
    site.replace(
        "content/products/bare-copper-wire.yaml",
        "slug: bare-copper-wire-2-5",
        'slug: "bare-copper\\u200d-wire"',
    )
    site.replace(
        "content/products/kvvp-7x1-5.yaml",
        "slug: kvvp-control-cable-7x1-5",
        'slug: "kvvp\\u200f-control-cable-7x1-5"',
    )
    site.replace(
        "content/products/swa-4x25.yaml",
        "slug: swa-armoured-cable-4x25",
        "slug: swa\u0301-armoured-cable-4x25",
    )
    pattern = "slug: string should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'; character"
    fails_with(
        cables,
        f"content/products/bare-copper-wire.yaml:3:7: {pattern} 12 is U+200D ZERO WIDTH JOINER, hard to see: retype the text",
        f"content/products/kvvp-7x1-5.yaml:3:7: {pattern} 5 is U+200F RIGHT-TO-LEFT MARK, hard to see",
        f"content/products/swa-4x25.yaml:3:7: {pattern} 4 is U+0301 COMBINING ACUTE ACCENT, hard to see",
    )


def test_a_script_link_in_a_page_body_is_an_error_not_a_link_to_nowhere(cables):
    """The safe renderer made a javascript: link a link to nowhere without a word. Code
    and comments stay allowed."""
    site = cables[0]
    hebrew = "content/pages/about.he.md"
    line = site.read(hebrew).count("\n") + 2
    site.write(hebrew, site.read(hebrew) + "\n[לחץ כאן](javascript:alert(1)) `<b>` <!-- הערה -->\n")
    output = fails_with(
        cables, f"{hebrew}:{line}:11: a link to 'javascript:' is not published: link to a web address"
    )
    assert "Build failed: 1 error." in output


def test_raw_html_in_a_page_body_is_a_warning_at_its_line_and_left_out(cables):
    """A pasted <table> vanished from the page without a word. It is still left out (the
    renderer publishes no raw HTML), and the build says where, without failing: pages
    written for a tool that passes HTML through still build."""
    site, out, _ = cables
    russian = "content/articles/xlpe-or-pvc-insulation.ru.md"
    line = site.read(russian).count("\n") + 6
    site.write(
        russian, site.read(russian) + "\n```\n<b>код</b>\n```\n\nИтог: <table><tr><td>1</td></tr></table>\n"
    )
    result = build(site, out)
    assert result.exit_code == 0, result.output
    warning = f"warning: {russian}:{line}:7: raw HTML (<table>) is left out of the page: write it in Markdown"
    assert warning in result.output.splitlines()
    assert result.output.count("warning: ") == 1, "code blocks are not raw HTML"
    (page,) = [
        text for path in out.rglob("index.html") if "Итог" in (text := path.read_text(encoding="utf-8"))
    ]
    assert "<table><tr>" not in page and "&lt;b&gt;код&lt;/b&gt;" in page
    command = ["build", "--site", str(site.root), "--out", str(out), "--no-check", "--log-format", "json"]
    logged = CliRunner().invoke(main, command)  # unchanged: the warning is said again
    assert json.loads(logged.stdout.splitlines()[-1])["notes"] == [warning]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - key: data-centres\n",
            "      - key: solar-farms\n",
            "44:14: dimensions[1].values[1].key: 'solar-farms' is already the key of values[0]",
        ),
        (
            "slugs: {ru: tsentry-obrabotki-dannykh}",
            "slugs: {ru: solnechnye-stantsii}",
            "45:21: dimensions[1].values[1].slugs.ru: 'solnechnye-stantsii' is already the URL slug in 'ru' "
            "of values[0]",
        ),
    ],
    ids=["key", "russian-slug"],
)
def test_two_matrix_values_with_one_url_are_an_error_at_the_second(cables, old, new, expected):
    """Before, the error pointed at the matrix's id, once per landing page the two shared."""
    path = "content/pseo/cables-by-project.yaml"
    replace(path, old, new)(cables[0])
    output = fails_with(cables, f"{path}:{expected}")
    assert "Build failed: 1 error." in output


def test_categories_nest_ten_levels_deep_and_no_deeper(cables):
    """A generated tree 1,200 levels deep crashed the build (RecursionError in the catalog PDF)."""
    site, out, _ = cables
    parent = "wire"  # a top category: level 1
    for level in range(2, 12):
        slug = f"wire-level-{level}"
        site.write(
            f"content/categories/{slug}.yaml",
            f"slug: {slug}\nparent: {parent}\nname: {{en: Level {level}}}\nsummary: {{en: Wire at level {level}.}}\n",
        )
        parent = slug
        if level == 10:
            result = build(site, out)
            assert result.exit_code == 0, result.output
    fails_with(
        (site, out, snapshot(out)),
        "content/categories/wire-level-11.yaml:2:9: parent: this category is level 11; categories nest at "
        "most 10 levels",
    )


def test_an_alias_in_a_folder_of_the_build_is_an_error(cables):
    """Its redirect was written among the resized images or the theme's files, where
    `_headers` caches everything for a year."""
    path = "content/products/bare-copper-wire.yaml"
    replace(path, "updated: 2026-10-05", "updated: 2026-10-05\naliases: [/img/copper-wire/, /he/old/]")(
        cables[0]
    )
    output = fails_with(
        cables,
        f"{path}:46:11: aliases[0]: '/img/copper-wire/' is inside /img/, the folder of the resized images",
    )
    assert "Build failed: 1 error." in output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "he: maamarim}",
            "he: mutzarim}",
            "86:62: sections.articles.he: 'mutzarim' is the URL segment of the products index; "
            "the pages of 'he' start with it",
        ),
        (
            "he: kategoriot}",
            "he: factory}",
            "85:61: sections.categories.he: 'factory' is the URL segment of the site's factory page; "
            "the pages of 'he' start with it",
        ),
    ],
    ids=["articles-as-products", "hebrew-factory"],
)
def test_a_section_that_another_index_or_page_takes_is_an_error_at_its_entry(cables, old, new, expected):
    """Both were errors at site.yaml:1:1 without a field: the build found them only when
    two pages claimed one URL."""
    replace("site.yaml", old, new)(cables[0])
    fails_with(cables, f"site.yaml:{expected}")


def test_a_market_rate_that_makes_a_price_zero_is_an_error_at_the_rate(tmp_path: Path):
    """`fx_rate: 0.00001` showed "ab 0,00 €" on every German landing page."""
    site = SiteFolder(copy_catalog("demo", tmp_path / "site"))
    matrix = "content/pseo/ball-valves-export.yaml"
    site.replace(matrix, "fx_rate: 0.92", "fx_rate: 0.00001")
    fails_with(
        (site, tmp_path / "public", {}),
        f"{matrix}:100:18: dimensions[1].markets[0].fx_rate: converts HT-EL90-DN50's 3.75 USD to 0 EUR "
        "(with its rounding): check the rate",
    )
