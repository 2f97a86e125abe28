"""The matrix states the SEO plan: which pages are compared for near-duplicates, how the
languages of one landing page share a verdict, and which combinations the rules name.
Assertions read the built HTML (robots, hreflang) and the matrix report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html

from generator.cli import main

from .conftest import CATEGORY_YAML, PAGE_MD, PRODUCT_YAML, SITE_YAML, SiteFolder, write_site
from .output import hreflangs
from .test_pseo import ORIGIN, matrix_yaml, prose


def _with_french(node: object) -> object:
    """Every English-and-Arabic text of the site file, also in French (the English words)."""
    if isinstance(node, dict):
        copy = {key: _with_french(value) for key, value in node.items()}
        if "en" in copy and "ar" in copy:
            copy["fr"] = copy["en"]
        return copy
    if isinstance(node, list):
        return [_with_french(value) for value in node]
    return node


def three_language_matrix(texts: dict[str, tuple[int, int]], quality: str = "") -> str:
    """Market × intent in en, ar and fr; `texts` gives, per language, the prose seeds of the
    wholesale and OEM intent texts (equal seeds make the OEM page a near-duplicate)."""

    def per_language(index: int) -> str:
        return ", ".join(f'{lang}: "{prose(seeds[index])}"' for lang, seeds in texts.items())

    return f"""\
id: m
hub:
  dimension: market
  name: {{en: Markets, ar: الأسواق, fr: Marchés}}
  slug: {{en: markets, ar: aswaq, fr: marches}}
  title: {{en: "{{name}} | {{site}}", ar: "{{name}} | {{site}}", fr: "{{name}} | {{site}}"}}
  description: {{en: "Valves for {{name}}.", ar: "صمامات {{name}}.", fr: "Vannes pour {{name}}."}}
  intro: {{en: "{prose(5)}", ar: "{prose(7)}", fr: "{prose(8)}"}}
dimensions:
  - name: market
    values:
      - key: germany
        name: {{en: Germany, ar: ألمانيا, fr: Allemagne}}
        text: {{en: "{prose(1)}", ar: "{prose(2)}", fr: "{prose(10)}"}}
  - name: intent
    values:
      - key: wholesale
        name: {{en: wholesale, ar: بالجملة, fr: en gros}}
        text: {{{per_language(0)}}}
      - key: oem
        name: {{en: OEM, ar: تصنيع, fr: OEM fabricant}}
        text: {{{per_language(1)}}}
patterns:
  path: {{en: "m/{{market}}/{{intent}}", ar: "m/{{market}}/{{intent}}", fr: "m/{{market}}/{{intent}}"}}
  title: {{en: "Valves {{intent}} for {{market}}", ar: "صمامات {{intent}} {{market}}", fr: "Vannes {{intent}} pour {{market}}"}}
  description: {{en: "Buy valves {{intent}} for {{market}}.", ar: "اشترِ {{intent}} {{market}}.", fr: "Achetez {{intent}} pour {{market}}."}}
  h1: {{en: "Valves {{intent}} for {{market}}", ar: "صمامات {{intent}} {{market}}", fr: "Vannes {{intent}} pour {{market}}"}}
  keyword: {{en: "valves {{intent}} {{market}}", ar: "صمامات {{intent}} {{market}}", fr: "vannes {{intent}} {{market}}"}}
quality: {{min_unique_words: 0, min_unique_share: 0{quality}}}
"""


ENGLISH_TWIN = {"en": (3, 3), "ar": (3, 4), "fr": (3, 6)}
"""Only the English OEM page repeats the wholesale page."""
FRENCH_TWIN = {"en": (3, 4), "ar": (3, 6), "fr": (3, 3)}


@pytest.fixture
def trilingual(tmp_path: Path) -> SiteFolder:
    site_file = _with_french(yaml.safe_load(SITE_YAML))
    site_file["languages"].append({"code": "fr", "name": "Français"})
    return write_site(
        tmp_path / "site",
        {
            "site.yaml": yaml.safe_dump(site_file, allow_unicode=True),
            "content/categories/valves.yaml": CATEGORY_YAML,
            "content/products/ball-valve-dn50.yaml": PRODUCT_YAML,
            "content/pages/about.md": PAGE_MD,
        },
    )


def build(site: SiteFolder, out: Path) -> tuple[dict[str, html.HtmlElement], dict[tuple[str, str], dict]]:
    """Pages of `m:germany.oem` by language, and report rows by (key, language)."""
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])
    assert result.exit_code == 0, result.output
    pages = {
        lang: html.fromstring((out / prefix / "m/germany/oem/index.html").read_bytes())
        for lang, prefix in (("en", ""), ("ar", "ar"), ("fr", "fr"))
    }
    with (site.root / "pseo-report/matrix-report.csv").open(encoding="utf-8") as stream:
        rows = {(row["key"], row["language"]): row for row in csv.DictReader(stream)}
    return pages, rows


def robots(tree: html.HtmlElement) -> str:
    return tree.xpath("string(//meta[@name='robots']/@content)")


def oem_url(lang: str) -> str:
    return f"{ORIGIN}{'' if lang == 'en' else '/' + lang}/m/germany/oem/"


def test_a_cluster_follows_its_x_default_page(trilingual: SiteFolder, tmp_path: Path):
    trilingual.write("content/pseo/m.yaml", three_language_matrix(ENGLISH_TWIN))
    pages, rows = build(trilingual, tmp_path / "out")
    assert [rows["germany.oem", lang]["rule"] for lang in ("en", "ar", "fr")] == [
        "near-duplicate",
        "cluster",
        "cluster",
    ]
    assert all(rows["germany.oem", lang]["verdict"] == "noindex" for lang in ("en", "ar", "fr"))
    assert rows["germany.oem", "fr"]["reason"] == (
        "held back with its [en] version (near-duplicate), policy follow_x_default"
    )
    for page in pages.values():
        assert "noindex" in robots(page)
        assert hreflangs(page) == {}


def test_a_translation_held_back_alone_leaves_the_cluster_complete(trilingual: SiteFolder, tmp_path: Path):
    trilingual.write("content/pseo/m.yaml", three_language_matrix(FRENCH_TWIN))
    pages, rows = build(trilingual, tmp_path / "out")
    assert [rows["germany.oem", lang]["verdict"] for lang in ("en", "ar", "fr")] == [
        "publish",
        "publish",
        "noindex",
    ]
    assert hreflangs(pages["en"]) == {"en": oem_url("en"), "ar": oem_url("ar"), "x-default": oem_url("en")}
    assert hreflangs(pages["ar"]) == hreflangs(pages["en"])


def test_together_holds_back_every_language(trilingual: SiteFolder, tmp_path: Path):
    trilingual.write("content/pseo/m.yaml", three_language_matrix(FRENCH_TWIN, ", cluster: together"))
    pages, rows = build(trilingual, tmp_path / "out")
    assert [rows["germany.oem", lang]["rule"] for lang in ("en", "ar", "fr")] == [
        "cluster",
        "cluster",
        "near-duplicate",
    ]
    assert all("noindex" in robots(page) for page in pages.values())


def test_per_language_keeps_the_rest_of_the_cluster_without_x_default(trilingual: SiteFolder, tmp_path: Path):
    trilingual.write("content/pseo/m.yaml", three_language_matrix(ENGLISH_TWIN, ", cluster: per_language"))
    pages, rows = build(trilingual, tmp_path / "out")
    assert [rows["germany.oem", lang]["verdict"] for lang in ("en", "ar", "fr")] == [
        "noindex",
        "publish",
        "publish",
    ]
    assert "noindex" in robots(pages["en"]) and hreflangs(pages["en"]) == {}
    assert hreflangs(pages["ar"]) == {"ar": oem_url("ar"), "fr": oem_url("fr")}
    assert hreflangs(pages["fr"]) == hreflangs(pages["ar"])


def test_the_reason_says_what_is_shared_and_what_would_set_the_page_apart(
    trilingual: SiteFolder, tmp_path: Path
):
    trilingual.write("content/pseo/m.yaml", three_language_matrix(ENGLISH_TWIN))
    _, rows = build(trilingual, tmp_path / "out")
    reason = rows["germany.oem", "en"]["reason"]
    assert reason.startswith("near-duplicate of m:germany.wholesale (Jaccard 0.98")
    assert "% of its 5-word phrases are on that page too; both are for market=germany; " in reason
    assert reason.endswith("give each intent its own text, FAQs or data to make the page unique")


def test_compare_within_judges_pages_only_inside_their_group(trilingual: SiteFolder, tmp_path: Path):
    quality = ", near_duplicates: {compare_within: [intent]}"
    trilingual.write("content/pseo/m.yaml", three_language_matrix(ENGLISH_TWIN, quality))
    pages, rows = build(trilingual, tmp_path / "out")
    assert {row["verdict"] for row in rows.values()} == {"publish"}
    assert set(hreflangs(pages["en"])) == {"en", "ar", "fr", "x-default"}


def position(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:col` of the `occurrence`-th `needle` in `text` (1-based, as errors print it)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - text.rfind(chr(10), 0, index)}"


def failed_build(site: SiteFolder, tmp_path: Path) -> str:
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_compare_within_names_dimensions(site: SiteFolder, tmp_path: Path):
    text = matrix_yaml((prose(3), prose(4))).replace(
        "min_unique_words: 60}", "min_unique_words: 60, near_duplicates: {compare_within: [product, markte]}}"
    )
    site.write("content/pseo/export.yaml", text)
    path = "content/pseo/export.yaml"
    output = failed_build(site, tmp_path)
    expected = (
        f"{path}:{position(text, 'markte')}: quality.near_duplicates.compare_within[1]: "
        "'markte' is not a dimension (did you mean 'market'?)"
    )
    assert expected in output


@pytest.mark.parametrize(
    ("exclude", "needle", "message"),
    [
        (
            "{product: BV-DN5O}, {intent: oem}",
            "BV-DN5O",
            "rules.exclude[0].product: 'BV-DN5O' is no value of dimension 'product' (did you mean 'BV-DN50'?)",
        ),
        (
            "{intent: oem, markt: germany}",
            "markt",
            "rules.exclude[0].markt: 'markt' is not a dimension (did you mean 'market'?)",
        ),
    ],
)
def test_rule_values_name_real_skus_and_dimensions(
    site: SiteFolder, tmp_path: Path, exclude: str, needle: str, message: str
):
    rules = f"rules: {{priced_only: true, exclude: [{exclude}]}}"
    text = matrix_yaml((prose(3), prose(4))).replace("rules: {priced_only: true}", rules)
    site.write("content/pseo/export.yaml", text)
    output = failed_build(site, tmp_path)
    assert f"content/pseo/export.yaml:{position(text, needle)}: {message}" in output, output


def test_inline_rule_values_are_checked_too(site: SiteFolder, tmp_path: Path):
    rules = "rules: {priced_only: true, include: [{intent: whole-sale}]}"
    text = matrix_yaml((prose(3), prose(4))).replace("rules: {priced_only: true}", rules)
    site.write("content/pseo/export.yaml", text)
    path = "content/pseo/export.yaml"
    output = failed_build(site, tmp_path)
    assert (
        f"{path}:{position(text, 'whole-sale')}: rules.include[0].intent: "
        "'whole-sale' is no value of dimension 'intent' (did you mean 'wholesale'?)"
    ) in output


def test_a_matrix_sharing_a_description_pattern_builds_with_a_warning(trilingual: SiteFolder, tmp_path: Path):
    text = three_language_matrix(FRENCH_TWIN, ", below_threshold: drop")
    text = text.replace('"Buy valves {intent} for {market}."', '"Buy valves for {market}."')
    trilingual.write("content/pseo/m.yaml", text)
    result = CliRunner().invoke(
        main, ["build", "--site", str(trilingual.root), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "WARNING description.duplicate-in-matrix ×2" in result.output
    assert f"{ORIGIN}/m/germany/oem/" in result.output
    assert "description.duplicate " not in result.output


THIN_WHEN = "{all: [missing_required_certification, {market: {local_content: null}}]}"


def plan_matrix(thin_when: str, market_attributes: str = "") -> str:
    """The two-language test matrix with Germany requiring CE (which no product has) and
    the plan's thin rule."""
    text = matrix_yaml((prose(3), prose(4))).replace(
        "        ports: [Hamburg]\n",
        f"        ports: [Hamburg]\n        required_certifications: [CE]\n{market_attributes}",
    )
    text = text.replace("  - name: market\n", "  - name: market\n    attributes: [local_content]\n")
    return text.replace("rules: {priced_only: true}", f"rules: {{priced_only: true, thin_when: {thin_when}}}")


def report_rows(site: SiteFolder, tmp_path: Path) -> dict[tuple[str, str], dict]:
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"]
    )
    assert result.exit_code == 0, result.output
    with (site.root / "pseo-report/matrix-report.csv").open(encoding="utf-8") as stream:
        return {(row["key"], row["language"]): row for row in csv.DictReader(stream)}


def test_the_plans_thin_rule_holds_back_pages_it_names(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", plan_matrix(THIN_WHEN))
    rows = report_rows(site, tmp_path)
    assert len(rows) == 4
    for row in rows.values():
        assert (row["verdict"], row["rule"]) == ("noindex", "thin_when")
        assert row["reason"] == (
            "thin by the plan's rule: all of (missing_required_certification, market.local_content is empty)"
        )
    out = tmp_path / "out/export/germany/ball-valve-dn50-oem/index.html"
    assert "noindex" in robots(html.fromstring(out.read_bytes()))


def test_local_content_keeps_the_pages_the_certification_alone_would_hold_back(
    site: SiteFolder, tmp_path: Path
):
    site.write(
        "content/pseo/export.yaml", plan_matrix(THIN_WHEN, "        attributes: {local_content: true}\n")
    )
    rows = report_rows(site, tmp_path)
    assert {row["verdict"] for row in rows.values()} == {"publish"}
    strict = plan_matrix("{not: missing_required_certification}").replace(
        "priced_only: true,", "priced_only: true, certified_for_market: true,"
    )
    site.write("content/pseo/export.yaml", strict)
    assert report_rows(site, tmp_path) == {}  # the strict form drops every uncertified pair from the plan


@pytest.mark.parametrize(
    ("thin_when", "needle", "message"),
    [
        (
            "{all: [missing_required_certificaton]}",
            "missing_required_certificaton",
            "rules.thin_when.all[0]: unknown fact 'missing_required_certificaton' "
            "(did you mean 'missing_required_certification'?)",
        ),
        (
            "{all: [missing_required_certification, {market: {local_contnt: null}}]}",
            "local_contnt",
            "rules.thin_when.all[1].market.local_contnt: dimension 'market' has no attribute 'local_contnt' "
            "(did you mean 'local_content'?)",
        ),
        (
            "{any: [{markt: {text: null}}]}",
            "markt",
            "rules.thin_when.any[0].markt: 'markt' is neither all, any, not nor a dimension (did you mean 'market'?)",
        ),
        (
            "{all: []}",
            "[]}",
            "rules.thin_when.all: 'all' takes a list of conditions",
        ),
    ],
)
def test_thin_when_names_facts_dimensions_and_attributes(
    site: SiteFolder, tmp_path: Path, thin_when: str, needle: str, message: str
):
    text = plan_matrix(thin_when)
    site.write("content/pseo/export.yaml", text)
    output = failed_build(site, tmp_path)
    assert f"content/pseo/export.yaml:{position(text, needle)}: {message}" in output, output


def test_every_fact_a_condition_may_name_is_decided():
    from generator.expand import FACTS as decided
    from generator.models.conditions import FACTS as named

    assert set(decided) == set(named)


def test_a_rule_may_name_a_draft_product(site: SiteFolder, tmp_path: Path):
    draft = PRODUCT_YAML.replace("sku: BV-DN50", "sku: BV-DN65").replace(
        "slug: ball-valve-dn50", "slug: ball-valve-dn65"
    )
    site.write("content/products/ball-valve-dn65.yaml", draft + "draft: true\n")
    rules = "rules: {priced_only: true, exclude: [{product: BV-DN65}]}"
    site.write(
        "content/pseo/export.yaml",
        matrix_yaml((prose(3), prose(4))).replace("rules: {priced_only: true}", rules),
    )
    assert len(report_rows(site, tmp_path)) == 4
