"""The pSEO engine end to end: expansion, guardrails, hubs and structured data."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build_site
from generator.cli import main

from .conftest import SiteFolder
from .output import BuiltSite, by_type, canonical, hreflangs

ORIGIN = "https://www.example-valves.com"

WORDS = (
    "pressure rating seat material stem packing flange drilling casting pattern hydrostatic shell test "
    "documentation traceability heat number certificate packaging crate pallet container loading schedule "
    "inspection witness thirdparty coating passivation pickling marking nameplate torque actuator gearbox "
    "bonnet gasket bolting studs lining cavity relief antistatic fireproof cryogenic extension spindle"
).split()


def prose(seed: int, count: int = 90) -> str:
    """Deterministic filler text that differs between seeds."""
    return " ".join(
        WORDS[(seed * 7 + i * (seed + 3)) % len(WORDS)] + str((seed + i) % 11) for i in range(count)
    )


def matrix_yaml(
    intent_texts: tuple[str, str],
    *,
    title: str = "{product} {intent} for {market}",
    policy: str = "noindex",
    max_pages: int = 100,
    min_unique_words: int = 60,
) -> str:
    return f"""\
id: export
hub:
  dimension: market
  name: {{en: Export markets, ar: أسواق التصدير}}
  slug: {{en: export-markets, ar: export-markets}}
  title: {{en: "{{name}}: ball valves for importers | {{site}}", ar: "{{name}}: صمامات كروية للمستوردين | {{site}}"}}
  description: {{en: "Ball valves for buyers in {{name}}: prices in local currency, lead times and standards.", ar: "صمامات كروية للمشترين في {{name}}: الأسعار والمهل والمعايير."}}
  intro: {{en: "{prose(5)}", ar: "{prose(6)}"}}
dimensions:
  - name: product
    source: products
    where: {{category: [valves]}}
  - name: market
    markets:
      - key: germany
        name: {{en: Germany, ar: ألمانيا}}
        slugs: {{ar: almania}}
        currency: EUR
        fx_rate: 0.92
        rounding: {{increment: 0.05, mode: half_up}}
        transit: {{min_days: 28, max_days: 35}}
        ports: [Hamburg]
        text: {{en: "{prose(1)}", ar: "{prose(2)}"}}
  - name: intent
    values:
      - key: wholesale
        name: {{en: wholesale, ar: بالجملة}}
        text: {{en: "{intent_texts[0]}", ar: "{intent_texts[0]}"}}
      - key: oem
        name: {{en: OEM, ar: تصنيع OEM}}
        text: {{en: "{intent_texts[1]}", ar: "{intent_texts[1]}"}}
rules: {{priced_only: true}}
patterns:
  path: {{en: "export/{{market}}/{{product}}-{{intent}}", ar: "tasdir/{{market}}/{{intent}}-{{product}}"}}
  title: {{en: "{title}", ar: "{{product}} {{intent}} إلى {{market}}"}}
  description: {{en: "Buy {{product}} {{intent}} for {{market}} from the factory.", ar: "اشترِ {{product}} {{intent}} إلى {{market}} من المصنع."}}
  h1: {{en: "{title}", ar: "{{product}} {{intent}} إلى {{market}}"}}
  keyword: {{en: "{title}", ar: "{{product}} {{intent}} {{market}}"}}
quality: {{max_pages: {max_pages}, below_threshold: {policy}, min_unique_words: {min_unique_words}}}
"""


@pytest.fixture
def pseo_site(site: SiteFolder) -> SiteFolder:
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    return site


def build(site: SiteFolder, out: Path) -> BuiltSite:
    build_site(site.root, out, check=False)
    return BuiltSite(out, ORIGIN)


def robots(tree) -> str:
    return tree.xpath("string(//meta[@name='robots']/@content)")


def test_landing_pages_per_language_with_own_grammar(pseo_site: SiteFolder, tmp_path: Path):
    out = build(pseo_site, tmp_path / "out")
    english = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/")
    assert english.findtext(".//h1") == "Two-piece ball valve DN50 wholesale for Germany"
    arabic = out.page(f"{ORIGIN}/ar/tasdir/almania/wholesale-ball-valve-dn50/")
    assert arabic.findtext(".//h1") == "صمام كروي من قطعتين DN50 بالجملة إلى ألمانيا"
    assert arabic.get("dir") == "rtl"
    assert hreflangs(english)["ar"] == f"{ORIGIN}/ar/tasdir/almania/wholesale-ball-valve-dn50/"
    # price-on-request gate valve is filtered out by priced_only
    assert not list((tmp_path / "out/export/germany").glob("gate-valve*"))


def test_landing_shows_converted_prices_and_carries_matrix_fields(pseo_site: SiteFolder, tmp_path: Path):
    out = build(pseo_site, tmp_path / "out")
    url = f"{ORIGIN}/export/germany/ball-valve-dn50-oem/"
    tree = out.page(url)
    first_row = tree.xpath("//table[@class='tiers']/tbody/tr[1]/td/text()")
    assert first_row == [
        "100 – 499 pieces",
        "$18.50",
        "€17.00",
    ]  # 18.50 × 0.92 = 17.02 → 17.00 in steps of 0.05
    hidden = {i.get("name"): i.get("value") for i in tree.xpath("//form//input[@type='hidden']")}
    assert hidden["matrix"] == "export"
    assert hidden["keyword"] == "Two-piece ball valve DN50 OEM for Germany"
    assert hidden["sku"] == "BV-DN50"
    lines = tree.xpath("//section[h2[@id='lead']]//li/text()")
    assert lines[-1] == "Total: about 43–60 days from order to port"


def test_prices_in_a_third_currency_are_not_converted_at_the_site_currency_rate(
    pseo_site: SiteFolder, tmp_path: Path
):
    """The market's rate is per US dollar (the site currency): a product priced in pounds
    shows its pounds only, in the table and in the title's "from" price, never pounds
    converted as if they were dollars."""
    pseo_site.replace(
        "content/products/ball-valve-dn50.yaml", "sku: BV-DN50\n", "sku: BV-DN50\ncurrency: GBP\n"
    )
    pseo_site.replace(
        "content/pseo/export.yaml",
        'title: {en: "{product} {intent} for {market}"',
        'title: {en: "{product} {intent} for {market} from {price_from}"',
    )
    out = build(pseo_site, tmp_path / "out")
    tree = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-oem/")
    first_row = tree.xpath("//table[@class='tiers']/tbody/tr[1]/td/text()")
    assert first_row == ["100 – 499 pieces", "£18.50"]
    assert "Converted prices" not in tree.xpath("string(//table[@class='tiers']/following-sibling::*[1])")
    assert tree.findtext(".//title").startswith("Two-piece ball valve DN50 OEM for Germany from £")


def test_landing_structured_data(pseo_site: SiteFolder, tmp_path: Path):
    out = build(pseo_site, tmp_path / "out")
    url = f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/"
    nodes = out.jsonld(url)
    assert by_type(nodes, "Product") == [], "the product's offers live on its own page, not on every landing"
    (page,) = by_type(nodes, "WebPage")
    assert page["url"] == url and page["inLanguage"] == "en"
    assert page["about"] == {"@id": f"{ORIGIN}/products/ball-valve-dn50/#product"}
    assert (
        by_type(out.jsonld(f"{ORIGIN}/products/ball-valve-dn50/"), "Product")[0]["@id"]
        == page["about"]["@id"]
    )
    (crumbs,) = by_type(nodes, "BreadcrumbList")
    assert [i["item"] for i in crumbs["itemListElement"]] == [
        f"{ORIGIN}/",
        f"{ORIGIN}/export-markets/",
        f"{ORIGIN}/export-markets/germany/",
        url,
    ]


def test_every_landing_is_linked_within_three_clicks(pseo_site: SiteFolder, tmp_path: Path):
    out = build(pseo_site, tmp_path / "out")
    for start in ("/", "/ar/"):

        def same_language(href: str, start: str = start) -> bool:
            return href.startswith("/ar/") == (start == "/ar/")

        depth = {start: 0}
        queue = deque([start])
        while queue:
            path = queue.popleft()
            for href in out.page(path).xpath("//a/@href"):
                if same_language(href) and href not in depth and out.file_for(href):
                    depth[href] = depth[path] + 1
                    queue.append(href)
        landings = [p for p in depth if "/germany/" in p or "/almania/" in p]
        assert landings and all(depth[p] <= 3 for p in landings), depth
    built = {p for p in out.pages() if "export/germany/" in p or "tasdir/" in p}
    assert len(built) == 4


def test_near_duplicate_pages_are_noindexed_and_left_out_of_sitemaps(site: SiteFolder, tmp_path: Path):
    # Thin-page limits off: with two identical pages, every word is template boilerplate.
    text = matrix_yaml((prose(3), prose(3)), min_unique_words=0).replace(
        "below_threshold", "min_unique_share: 0, below_threshold"
    )
    site.write("content/pseo/export.yaml", text)
    out = build(site, tmp_path / "out")
    # Plan order (dimension values as written) decides which page of a pair is the later one.
    kept = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/")
    twin = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-oem/")
    assert robots(kept) == "index, follow"
    assert robots(twin) == "noindex, follow"
    assert hreflangs(twin) == {}
    locs = {e.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for e in out.sitemap_entries()}
    assert canonical(kept) in locs and canonical(twin) not in locs


def test_thin_pages_are_dropped_and_reported(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", matrix_yaml(("Short.", "Tiny."), policy="drop"))
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"]
    )
    assert result.exit_code == 0, result.output
    assert "  thin ×4\n" in result.output
    assert re.search(
        r"\[en\] export:BV-DN50\.germany\.(wholesale|oem): thin: \d+ unique words", result.output
    )
    assert not (tmp_path / "out/export/germany/ball-valve-dn50-oem/index.html").exists()
    hub = BuiltSite(tmp_path / "out", ORIGIN).pages()
    assert not any("export-markets/germany" in p for p in hub), "a hub must not list only dropped pages"


def test_keyword_collisions_are_flagged(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4)), title="{product} for {market}"))
    result = CliRunner().invoke(main, ["matrix", "--site", str(site.root)])
    assert result.exit_code == 0, result.output
    assert (
        "[en] export:BV-DN50.germany.oem: keyword collides with export:BV-DN50.germany.wholesale"
        in result.output
    )
    assert "Keyword/title/h1 collisions: 1;" in result.output  # Arabic titles keep the intent


def test_page_cap_fails_the_build_with_position(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4)), max_pages=3))
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"]
    )
    assert result.exit_code == 1
    assert (
        "content/pseo/export.yaml:1:5: quality.max_pages: matrix 'export' would produce 4 pages"
        in result.output
    )


def test_url_collision_inside_a_matrix_is_an_error(site: SiteFolder, tmp_path: Path):
    text = matrix_yaml((prose(3), prose(4))).replace(
        'path: {en: "export/{market}/{product}-{intent}"', 'path: {en: "export/{market}/{product}"'
    )
    site.write("content/pseo/export.yaml", text)
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"]
    )
    assert result.exit_code == 1
    assert "URL /export/germany/ball-valve-dn50/ is also produced by matrix:export" in result.output


def test_unknown_where_field_suggests(site: SiteFolder, tmp_path: Path):
    site.write(
        "content/pseo/export.yaml",
        matrix_yaml((prose(3), prose(4))).replace("{category: [valves]}", "{categroy: [valves]}"),
    )
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "o"), "--no-check"]
    )
    assert result.exit_code == 1
    assert (
        "content/pseo/export.yaml:12:13: dimensions[0].where.categroy: unknown product field 'categroy' (did you mean 'category'?)"
        in result.output
    )


def test_large_hubs_are_split_and_stay_within_three_clicks(
    pseo_site: SiteFolder, tmp_path: Path, monkeypatch
):
    import generator.render.landing
    import generator.route

    monkeypatch.setattr(generator.route, "HUB_PAGE_SIZE", 1)
    monkeypatch.setattr(generator.render.landing, "HUB_PAGE_SIZE", 1)
    out = build(pseo_site, tmp_path / "out")
    first = out.page(f"{ORIGIN}/export-markets/germany/")
    second = out.page(f"{ORIGIN}/export-markets/germany/2/")
    assert first.findtext(".//h1") == "Germany" and second.findtext(".//h1") == "Germany (2)"
    assert first.findtext(".//title") != second.findtext(".//title")
    assert (
        len(first.xpath("//main/ul[@class='links']/li"))
        == len(second.xpath("//main/ul[@class='links']/li"))
        == 1
    )
    index_links = out.page(f"{ORIGIN}/export-markets/").xpath("//main//a/@href")
    assert "/export-markets/germany/" in index_links and "/export-markets/germany/2/" in index_links
    landing_links = first.xpath("//main/ul[@class='links']//a/@href") + second.xpath(
        "//main/ul[@class='links']//a/@href"
    )
    assert sorted(landing_links) == [
        "/export/germany/ball-valve-dn50-oem/",
        "/export/germany/ball-valve-dn50-wholesale/",
    ]


def test_titles_longer_than_a_search_result_leave_out_the_site_name(site: SiteFolder, tmp_path: Path):
    matrix = matrix_yaml((prose(3), prose(4)), title="{product} {intent} for {market} | {site}")
    site.write(
        "content/pseo/export.yaml", matrix.replace("{en: Germany,", "{en: Federal Republic of Germany,")
    )
    out = build(site, tmp_path / "out")
    # 84 characters with the site's name: the landing page keeps its own words only.
    wholesale = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/")
    assert (
        wholesale.findtext(".//title")
        == "Two-piece ball valve DN50 wholesale for Federal Republic of Germany"
    )
    hub = out.page(f"{ORIGIN}/export-markets/germany/")
    assert hub.findtext(".//title") == "Federal Republic of Germany: ball valves for importers"
    arabic_hub = out.page(f"{ORIGIN}/ar/export-markets/almania/")
    assert arabic_hub.findtext(".//title") == "ألمانيا: صمامات كروية للمستوردين | Example Valves"
