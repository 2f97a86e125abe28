"""Every class of bad input: a positioned message, exit code 1, and untouched output."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SiteFolder, build, fails_with, snapshot


@pytest.fixture
def built(site: SiteFolder, tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    """A site with a previous good build in `out`."""
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    return site, out, snapshot(out)


def test_tier_below_previous_tier(built):
    site = built[0]
    site.replace(
        "content/products/ball-valve-dn50.yaml", "min_qty: 500, max_qty: 1999", "min_qty: 50, max_qty: 1999"
    )
    fails_with(
        built,
        "content/products/ball-valve-dn50.yaml:25:15: price_tiers[1].min_qty: "
        "must be greater than the previous tier's min_qty (100)",
    )


def test_overlapping_tiers(built):
    site = built[0]
    site.replace(
        "content/products/ball-valve-dn50.yaml", "min_qty: 500, max_qty: 1999", "min_qty: 400, max_qty: 1999"
    )
    fails_with(
        built,
        "ball-valve-dn50.yaml:25:15: price_tiers[1].min_qty: overlaps the previous tier, which ends at 499",
    )


def test_first_tier_below_moq(built):
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "moq: {quantity: 100", "moq: {quantity: 150")
    fails_with(
        built, "ball-valve-dn50.yaml:24:15: price_tiers[0].min_qty: the first tier starts below the MOQ (150)"
    )


def test_unknown_key_suggests_the_right_one(built):
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "lead_time:", "leadtime:")
    output = fails_with(
        built, "ball-valve-dn50.yaml:27:1: leadtime: unknown key 'leadtime' (did you mean 'lead_time'?)"
    )
    assert "ball-valve-dn50.yaml:1:1: lead_time: required field is missing" in output
    assert "unknown product" not in output, "an invalid product must not also be reported as unknown"


def test_unknown_nested_key(built):
    site = built[0]
    site.replace(
        "content/products/ball-valve-dn50.yaml",
        "moq: {quantity: 100, unit: C62}",
        "moq: {quantity: 100, units: C62}",
    )
    fails_with(built, "ball-valve-dn50.yaml:22:22: moq.units: unknown key 'units' (did you mean 'unit'?)")


def test_duplicate_sku(built):
    site = built[0]
    site.write(
        "content/products/copy.yaml",
        site.read("content/products/ball-valve-dn50.yaml").replace("slug: ball-valve-dn50", "slug: other"),
    )
    fails_with(
        built,
        "content/products/copy.yaml:1:6: sku: duplicate SKU (also in content/products/ball-valve-dn50.yaml)",
    )


def test_duplicate_output_url(built):
    site = built[0]
    site.replace("content/products/gate-valve-dn80.yaml", "slug: gate-valve-dn80", "slug: ball-valve-dn50")
    fails_with(
        built,
        "content/products/gate-valve-dn80.yaml:2:7: slug: URL /products/ball-valve-dn50/ is also produced by product:BV-DN50",
    )


def test_unknown_category_and_related_product(built):
    site = built[0]
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    site.replace("content/products/gate-valve-dn80.yaml", "related: [BV-DN50]", "related: [BV-DN5]")
    fails_with(
        built,
        "gate-valve-dn80.yaml:3:11: category: unknown category 'valve' (did you mean 'valves'?)",
        "gate-valve-dn80.yaml:10:11: related[0]: unknown product 'BV-DN5' (did you mean 'BV-DN50'?)",
    )


def test_missing_image_and_path_escaping_content(built):
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "src: images/valve.jpg", "src: images/nope.jpg")
    site.replace("site.yaml", "logo: images/logo.png", "logo: ../site.yaml")
    fails_with(
        built,
        "ball-valve-dn50.yaml:20:10: images[0].src: image file 'images/nope.jpg' not found in content/",
        "site.yaml:12:9: organization.logo: '../site.yaml' points outside the content folder",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("en_US", "'en_US' uses '_'; BCP 47 tags use '-' (did you mean 'en-US'?)"),
        ("en-UK", "'en-UK' is not a canonical language tag (did you mean 'en-GB'?)"),
        ("jp", "'jp' is not a known BCP 47 language tag"),
    ],
)
def test_invalid_language_code(built, code, message):
    site = built[0]
    site.replace("site.yaml", "{code: ar, name:", f"{{code: {code}, name:")
    fails_with(built, f"site.yaml:6:12: languages[1].code: {message}")


def test_malformed_yaml_has_position(built):
    site = built[0]
    site.replace("content/categories/valves.yaml", "slug: valves", "slug: [valves")
    fails_with(built, "content/categories/valves.yaml:2:5: malformed YAML:")


def test_duplicate_yaml_key(built):
    site = built[0]
    site.replace(
        "content/products/gate-valve-dn80.yaml", "price_on_request: true", "price_on_request: true\nsku: X"
    )
    fails_with(built, "gate-valve-dn80.yaml:9:1: sku: duplicate key")


def test_missing_translation_of_required_text(built):
    site = built[0]
    site.replace("content/categories/valves.yaml", ", ar: صمامات كروية وبوابية من الفولاذ المقاوم للصدأ.", "")
    fails_with(built, "content/categories/valves.yaml:3:10: summary: translated to 'ar' in name but not here")


def test_language_not_declared_by_the_site(built):
    site = built[0]
    site.write(
        "content/pages/about.fr.md", "---\ntitle: À propos\ndescription: Qui sommes-nous\n---\nTexte.\n"
    )
    fails_with(
        built, "content/pages/about.fr.md:1:1: file name: 'fr' is not one of the site's languages (en, ar)"
    )


def test_front_matter_error_line_is_in_the_file(built):
    site = built[0]
    site.replace("content/pages/about.md", "nav_order: 1", "nav_order: first")
    fails_with(built, "content/pages/about.md:4:12: nav_order: input should be a valid integer")


def test_all_errors_of_a_run_are_reported(built):
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "unit: C62", "unit: PCS")
    site.replace("content/products/gate-valve-dn80.yaml", "min_days: 30", "min_days: -1")
    site.replace("site.yaml", "currency: USD", "currency: usd")
    output = fails_with(
        built,
        "ball-valve-dn50.yaml:22:28: moq.unit: 'PCS' is not a supported UN/CEFACT unit code",
        "gate-valve-dn80.yaml:9:23: lead_time.min_days: input should be greater than or equal to 0",
        "site.yaml:8:11: currency: 'usd' is not an ISO 4217 currency code",
    )
    assert "3 errors" in output


def test_unknown_placeholder_in_title_template(built):
    site = built[0]
    site.replace(
        "site.yaml", 'product: {en: "{name} ({sku}) | {site}"', 'product: {en: "{nme} ({sku}) | {site}"'
    )
    fails_with(
        built,
        "site.yaml:31:19: seo.titles.product.en: unknown placeholder {nme} "
        "(available: {category}, {moq}, {name}, {site}, {sku}, {summary})",
    )
