"""The pattern language of matrices: page data per locale, grammatical forms per
language, pages of products on price request, and positioned errors for bad names."""

from __future__ import annotations

from pathlib import Path

from generator.load import load_site

from .conftest import SiteFolder
from .test_pseo import ORIGIN, build, matrix_yaml, prose

FORMS_AND_DATA = {
    # 15.20 × 0.9375 = 14.25, a tie between 14.0 and 14.5: half_even keeps 14.0
    "fx_rate: 0.92": "fx_rate: 0.9375",
    "rounding: {increment: 0.05, mode: half_up}": "rounding: {increment: 0.5, mode: half_even}",
    "name: {en: Germany, ar: ألمانيا}": "name: {en: Germany, ar: {nominative: ألمانيا, locative: في ألمانيا}}",
    'ar: "{product} {intent} إلى {market}"}': 'ar: "{product} {intent} {market.locative}"}',
    'description: {en: "Buy {product} {intent} for {market} from the factory."': (
        'description: {en: "{product} {intent} for {market}: from {price_from}, MOQ {moq}, made in'
        ' {lead_time} days, {transit_min}–{transit_max} days to {port}; {brand} {sku}."'
    ),
    'ar: "اشترِ {product} {intent} إلى {market} من المصنع."': 'ar: "{product} {intent}: من {price_from}، الحد الأدنى {moq}."',
}


def with_changes(text: str, changes: dict[str, str]) -> str:
    """`text` with the first occurrence of each key replaced."""
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def meta_description(tree) -> str:
    return tree.xpath("string(//meta[@name='description']/@content)")


def load_errors(site: SiteFolder, matrix: str) -> list[str]:
    site.write("content/pseo/export.yaml", matrix)
    return [str(error) for error in load_site(site.root).errors]


def test_patterns_fill_page_data_per_locale_and_forms_per_language(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", with_changes(matrix_yaml((prose(3), prose(4))), FORMS_AND_DATA))
    out = build(site, tmp_path / "out")
    english = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/")
    assert meta_description(english) == (
        "Two-piece ball valve DN50 wholesale for Germany: from €14.00, MOQ 100 pieces, made in 15–25 days, "
        "28–35 days to Hamburg; Example Valves BV-DN50."
    )
    assert english.findtext(".//title") == "Two-piece ball valve DN50 wholesale for Germany"  # the nominative
    # the tier table converts with the same rounding: 18.50 × 0.9375 = 17.34375 → 17.5
    assert english.xpath("//table[@class='tiers']/tbody/tr[1]/td/text()")[2] == "€17.50"
    arabic = out.page(f"{ORIGIN}/ar/tasdir/almania/wholesale-ball-valve-dn50/")
    assert arabic.findtext(".//title") == "صمام كروي من قطعتين DN50 بالجملة في ألمانيا"
    assert arabic.findtext(".//h1") == "صمام كروي من قطعتين DN50 بالجملة إلى ألمانيا"
    assert (
        meta_description(arabic)
        == "صمام كروي من قطعتين DN50 بالجملة: من \u200f14.00 €، الحد الأدنى 100 قطعة."
    )
    # headings and links show the name itself
    assert out.page(f"{ORIGIN}/ar/export-markets/almania/").findtext(".//h1") == "ألمانيا"


def test_products_on_price_request_use_their_own_patterns(site: SiteFolder, tmp_path: Path):
    changes = {
        **FORMS_AND_DATA,
        "rules: {priced_only: true}\n": "",
        "  keyword:": '  on_request:\n    description: {en: "{product} {intent} for {market}: price on request, MOQ {moq}.", '
        'ar: "{product} {intent}: السعر عند الطلب."}\n  keyword:',
    }
    site.write("content/pseo/export.yaml", with_changes(matrix_yaml((prose(3), prose(4))), changes))
    out = build(site, tmp_path / "out")
    on_request = out.page(f"{ORIGIN}/export/germany/gate-valve-dn80-wholesale/")
    assert (
        meta_description(on_request)
        == "Flanged gate valve DN80 wholesale for Germany: price on request, MOQ 20 pieces."
    )
    priced = out.page(f"{ORIGIN}/export/germany/ball-valve-dn50-wholesale/")
    assert "from €14.00" in meta_description(priced)


def test_price_from_needs_a_pattern_for_products_on_price_request(site: SiteFolder):
    matrix = with_changes(
        matrix_yaml((prose(3), prose(4))), {**FORMS_AND_DATA, "rules: {priced_only: true}\n": ""}
    )
    assert load_errors(site, matrix) == [
        "content/pseo/export.yaml:35:21: patterns.description.en: {price_from} has no value for products on "
        "price request: give patterns.on_request.description in this language, or set rules.priced_only: true"
    ]


def test_unknown_placeholder_is_an_error_at_the_pattern(site: SiteFolder):
    matrix = with_changes(matrix_yaml((prose(3), prose(4))), FORMS_AND_DATA).replace("MOQ {moq}", "MOQ {mqo}")
    (error,) = load_errors(site, matrix)
    assert error.startswith(
        "content/pseo/export.yaml:36:21: patterns.description.en: unknown placeholder {mqo} (available: "
    )
    assert "{market}" in error and "{price_from}" in error and "{transit_max}" in error


def test_unknown_form_is_an_error_at_the_pattern_with_a_suggestion(site: SiteFolder):
    matrix = with_changes(matrix_yaml((prose(3), prose(4))), FORMS_AND_DATA).replace(
        "{market.locative}", "{market.locativ}"
    )
    assert load_errors(site, matrix) == [
        "content/pseo/export.yaml:35:54: patterns.title.ar: {market.locativ}: no 'locativ' form in the name of "
        "germany (ar) (did you mean 'locative'?)"
    ]


def test_a_form_missing_in_a_language_names_the_value(site: SiteFolder):
    matrix = with_changes(matrix_yaml((prose(3), prose(4))), FORMS_AND_DATA)
    matrix = matrix.replace(
        'title: {en: "{product} {intent} for {market}"', 'title: {en: "{product} {intent} {market.locative}"'
    )
    (error,) = load_errors(site, matrix)
    assert error == (
        "content/pseo/export.yaml:35:15: patterns.title.en: {market.locative}: no 'locative' form in the name of "
        "germany (en)"
    )


def test_forms_of_catalog_names_and_data_without_its_dimension_are_errors(site: SiteFolder):
    matrix = matrix_yaml((prose(3), prose(4)), title="{product.locative} {intent} for {market}")
    (error,) = load_errors(site, matrix)
    assert error.endswith(
        "patterns.title.en: {product.locative}: products have no grammatical forms; give forms to inline values or markets"
    )
    no_market = """\
id: plain
hub: {dimension: intent, name: {en: Intents}, slug: {en: intents}, title: {en: "{name}"}, description: {en: "{name}"}, intro: {en: "x"}}
dimensions:
  - {name: product, source: products}
  - {name: intent, values: [{key: oem, name: {en: OEM}}]}
patterns: {path: {en: "{product}-{intent}"}, title: {en: "{product} {intent} via {port}"}, description: {en: "{moq}"}, h1: {en: "{product}"}, keyword: {en: "{intent}"}}
"""
    assert load_errors(site, no_market) == [
        "content/pseo/export.yaml:6:58: patterns.title.en: {port} needs a markets dimension"
    ]


def test_forms_need_the_nominative_and_patterns_take_plain_names(site: SiteFolder):
    no_nominative = with_changes(
        matrix_yaml((prose(3), prose(4))),
        {"name: {en: Germany, ar: ألمانيا}": "name: {en: Germany, ar: {locative: في ألمانيا}}"},
    )
    assert load_errors(site, no_nominative) == [
        "content/pseo/export.yaml:16:33: dimensions[1].markets[0].name.ar: forms need the 'nominative' one, the name itself"
    ]
    spec = matrix_yaml((prose(3), prose(4)), title="{product:>20} {intent} for {market}")
    (error,) = load_errors(site, spec)
    assert error.endswith(
        "patterns.title.en: '{product}' takes no format spec or conversion: write it as {product}"
    )


def test_every_page_datum_has_a_value_on_a_priced_product_market_page(site: SiteFolder):
    from generator.expand import page_data
    from generator.formatting import Formats
    from generator.models.patterns import PAGE_DATA

    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    library = load_site(site.root).library
    market = library.matrices["export"].dimension("market").markets[0]
    data = page_data(library, library.products["BV-DN50"], market, Formats("en", {}))
    assert data.keys() == PAGE_DATA.keys()
    assert page_data(library, library.products["GV-DN80"], None, Formats("en", {})).keys() == {
        name for name, needs in PAGE_DATA.items() if needs == "products"
    } - {"price_from"}
