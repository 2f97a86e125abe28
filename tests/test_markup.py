"""Truthful product markup on real builds: identifiers, packing, warranty, HS codes per
country, price validity, delivery times and the return policy, each shown on the page
and, where schema.org has an honest property, in the offer's JSON-LD (read with extruct)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lxml import html

from .conftest import CABLE_ORIGIN, DEMO_ORIGIN, build, fails_with, snapshot
from .output import BuiltSite, by_type

BV2 = f"{DEMO_ORIGIN}/products/2-piece-threaded-ball-valve-dn50/"
BV2_DE = f"{DEMO_ORIGIN}/de/produkte/zweiteiliger-kugelhahn-dn50/"
BV2_GERMANY = f"{DEMO_ORIGIN}/export-markets/germany/2-piece-threaded-ball-valve-dn50-wholesale/"
YJV_RU = f"{CABLE_ORIGIN}/ru/katalog/silovoy-kabel-yjv-3x95/"
GLAND_HE = f"{CABLE_ORIGIN}/he/mutzarim/cable-gland-m20/"


def terms(tree: html.HtmlElement, section: str = '//section[@aria-labelledby="terms"]') -> dict[str, str]:
    """The label → value rows of a page's trade terms."""
    rows = tree.xpath(f"{section}//dl/*")
    texts = [" ".join(row.text_content().split()) for row in rows]
    return dict(zip(texts[::2], texts[1::2], strict=True))


def offer_of(site: BuiltSite, url: str) -> dict:
    (product,) = by_type(site.jsonld(url), "Product")
    return product["offers"]


def test_identifiers_in_markup_and_on_the_page(demo):
    (product,) = by_type(demo.jsonld(BV2), "Product")
    assert (product["mpn"], product["gtin"]) == ("BV2-050-CF8M-RPTFE", "6934567010025")
    shown = terms(demo.page(BV2))
    assert shown["Manufacturer part number (MPN)"] == "BV2-050-CF8M-RPTFE"
    assert shown["GTIN (EAN/UPC)"] == "6934567010025"


def test_packaging_is_typed_and_formatted_per_language(demo):
    english, german = terms(demo.page(BV2)), terms(demo.page(BV2_DE))
    assert english["Quantity per package"] == "20 pieces"
    assert english["Package size (L × W × H)"] == "52 × 38 × 30 cm"
    assert english["Gross weight per package"] == "33.5 kg"
    assert english["Packages per pallet"] == "30"
    assert english["Packages per container"] == "20GP: 420 · 40HQ: 900"
    assert english["Packaging"].startswith("Each valve in a PE bag")
    assert german["Bruttogewicht pro Packstück"] == "33,5 kg"
    assert german["Verpackung"].startswith("Jede Armatur")


def test_warranty_is_a_warranty_promise_and_text(demo):
    assert offer_of(demo, BV2)["warranty"] == {
        "@type": "WarrantyPromise",
        "durationOfWarranty": {"@type": "QuantitativeValue", "value": 18, "unitCode": "MON"},
    }
    assert terms(demo.page(BV2))["Warranty"].startswith("18 months: Replacement of valves")
    assert terms(demo.page(BV2_DE))["Gewährleistung"].startswith("18 Monate: Ersatz")


def test_hs_codes_per_destination(demo):
    shown = terms(demo.page(BV2))
    assert shown["HS code"] == "8481.80"
    assert shown["HS code for Germany"] == "8481.80.81"
    assert shown["HS code for United States"] == "8481.80.5090"
    market = terms(demo.page(BV2_GERMANY), '//section[@aria-labelledby="pricing"]')
    assert market["HS code for Germany"] == "8481.80.81"
    assert "HS code" not in market and "HS code for United States" not in market


def test_sample_quantity_is_shown(demo):
    facts = " ".join(demo.page(BV2).xpath('string(//section[@class="buy"]//dl)').split())
    assert "Samples at $25.00, up to 2 pieces, ready in 5 days" in facts


def test_price_valid_until_counts_from_the_build_date(demo):
    valid_until = date.today() + timedelta(days=60)
    assert offer_of(demo, BV2)["priceValidUntil"] == valid_until.isoformat()
    assert (
        terms(demo.page(BV2))["Prices valid until"]
        == f"{valid_until:%B} {valid_until.day}, {valid_until.year}"
    )


def test_product_page_states_delivery_to_every_market_country(demo):
    details = offer_of(demo, BV2)["shippingDetails"]
    countries = [d["shippingDestination"]["addressCountry"] for d in details]
    assert countries == ["AE", "DE", "GB", "MX", "SA"]  # the markets of every matrix
    germany = details[countries.index("DE")]["deliveryTime"]
    assert (germany["handlingTime"]["minValue"], germany["handlingTime"]["maxValue"]) == (7, 20)
    assert (germany["transitTime"]["minValue"], germany["transitTime"]["maxValue"]) == (30, 38)
    assert all("shippingRate" not in d for d in details)  # freight is quoted per order, never invented
    assert terms(demo.page(BV2))["Transit time to Germany"] == "30–38 days"


def test_market_landing_offers_the_product_delivered_to_its_country(demo):
    nodes = demo.jsonld(BV2_GERMANY)
    assert not by_type(nodes, "Product")
    (offer,) = by_type(nodes, "Offer")
    assert offer["itemOffered"] == {"@id": f"{BV2}#product"}
    assert offer["url"] == BV2_GERMANY
    assert (offer["price"], offer["priceCurrency"]) == ("18.60", "USD")
    assert [d["shippingDestination"]["addressCountry"] for d in offer["shippingDetails"]] == ["DE"]
    tree = demo.page(BV2_GERMANY)
    assert tree.xpath('//section[@aria-labelledby="pricing"]//dd[@data-availability="InStock"]/text()') == [
        "In stock"
    ]
    lead = " ".join(tree.xpath('string(//section[@aria-labelledby="lead"])').split())
    assert "30–38" in lead


def test_return_policy_on_organization_and_offers(demo):
    expected = {
        "@type": "MerchantReturnPolicy",
        "@id": f"{DEMO_ORIGIN}/#return-policy",
        "applicableCountry": ["DE", "GB", "MX", "SA", "US"],
        "returnPolicyCountry": "CN",
        "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
        "merchantReturnDays": 30,
        "returnFees": "https://schema.org/ReturnFeesCustomerResponsibility",
        "returnMethod": "https://schema.org/ReturnByMail",
    }
    (organization,) = by_type(demo.jsonld(f"{DEMO_ORIGIN}/"), "Organization")
    assert organization["hasMerchantReturnPolicy"] == expected
    assert offer_of(demo, BV2)["hasMerchantReturnPolicy"] == expected
    assert terms(demo.page(BV2))["Returns"] == "Within 30 days of delivery; return shipping paid by the buyer"


def test_price_on_request_product_shows_packing_but_claims_no_offer(demo):
    url = f"{DEMO_ORIGIN}/products/cryogenic-ball-valve-dn50-extended-bonnet/"
    assert not by_type(demo.jsonld(url), "Product")
    shown = terms(demo.page(url))
    assert shown["Packaging"].startswith("Sealed in double PE bags")
    assert "Returns" not in shown and "Prices valid until" not in shown


def test_cable_catalog_in_metres_and_kilograms(cables):
    shown = terms(cables.page(YJV_RU))
    assert shown["Количество в упаковке"] == "500 метров"
    assert shown["Размеры упаковки (Д × Ш × В)"] == "1,4 × 1,4 × 0,9 м"
    assert shown["Вес брутто упаковки"] == "1 980 кг"  # CLDR groups with a no-break space; terms() folds it
    assert shown["Код ТН ВЭД для страны Россия"] == "8544.49.9108"
    assert shown["Цены действительны до"] == "30 июня 2030 г."
    assert shown["Возврат"] == "Возврат не принимается"
    offer = offer_of(cables, YJV_RU)
    assert offer["priceValidUntil"] == "2030-06-30"
    assert "shippingDetails" not in offer  # the catalog has no market with a country
    assert (
        offer["hasMerchantReturnPolicy"]["returnPolicyCategory"]
        == "https://schema.org/MerchantReturnNotPermitted"
    )
    assert "merchantReturnDays" not in offer["hasMerchantReturnPolicy"]


def test_cable_catalog_gtin_and_grams_right_to_left(cables):
    tree = cables.page(GLAND_HE)
    shown = terms(tree)
    assert shown["GTIN (EAN/UPC)"] == "6941123000123"
    assert tree.xpath('//section[@aria-labelledby="terms"]//dd/bdi[@dir="ltr"]/text()')[:2] == [
        "CG-M20-PA-IP68",
        "6941123000123",
    ]
    (product,) = by_type(cables.jsonld(GLAND_HE), "Product")
    assert product["gtin"] == "6941123000123"
    assert "warranty" in product["offers"]


def _epoch(day: date) -> str:
    return str(int(datetime.combine(day, datetime.min.time(), UTC).timestamp()))


def test_a_cached_build_still_finds_a_validity_date_that_lapsed_since(site, tmp_path, monkeypatch):
    """The day is not in the cache keys, so caches survive midnight; an entity whose
    validity date lapsed since it was cached is validated again and fails the build."""
    site.replace("content/products/ball-valve-dn50.yaml", "moq:", "price_valid_until: 2031-03-31\nmoq:")
    out = tmp_path / "public"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2031, 3, 30)))
    assert build(site, out).exit_code == 0
    before = snapshot(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2031, 4, 1)))
    fails_with(
        (site, out, before), "price_valid_until: 2031-03-31 has passed: update the prices and this date"
    )


def test_source_date_epoch_pins_the_offers_validity(site, tmp_path, monkeypatch):
    site.replace("site.yaml", "languages:", "pricing: {valid_days: 10}\nlanguages:")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2030, 1, 5)))
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0, build(site, out).output
    html = (out / "products/ball-valve-dn50/index.html").read_text(encoding="utf-8")
    assert '"priceValidUntil": "2030-01-15"' in html or '"priceValidUntil":"2030-01-15"' in html
