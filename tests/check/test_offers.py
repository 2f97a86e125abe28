"""Offer rules (R6.4, R6.7, R6.9-R6.15): each planted in the clean site's ball-valve offer."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sites import BASE

from generator.check.rules import RULES

BALL = "products/ball-valve/index.html"
BALL_URL = f"{BASE}/products/ball-valve/"
SCRIPT = '<script type="application/ld+json">'


def plant(page: str, change) -> str:
    """`page` with `change(offer, product)` applied to its Product's offer."""
    start = page.index(SCRIPT) + len(SCRIPT)
    end = page.index("</script>", start)
    data = json.loads(page[start:end])
    product = data["@graph"][1]
    change(product["offers"], product)
    return page[:start] + json.dumps(data).replace("<", "\\u003c") + page[end:]


def messages(report, rule_id: str) -> list[str]:
    return sorted(f.message for f in report.findings if f.rule_id == rule_id and f.url_or_path == BALL_URL)


def tier(offer: dict, index: int) -> dict:
    return offer["priceSpecification"][index]


def test_every_offer_rule_has_its_rule_book_section_and_severity():
    expected = {
        "jsonld.aggregate-offer": "error", "jsonld.aggregate-offer-only": "warning",
        "jsonld.price-tiers": "error", "jsonld.price-tier-gap": "warning", "jsonld.price-tier-rise": "warning",
        "jsonld.offer-price": "error", "jsonld.moq": "error", "jsonld.unit-code": "error",
        "jsonld.shipping": "error", "jsonld.return-policy": "error", "jsonld.price-valid-until": "error",
        "jsonld.price-valid-soon": "warning", "jsonld.gtin": "error", "jsonld.price-visible": "error",
        "jsonld.availability-visible": "error",
    }  # fmt: skip
    for rule_id, severity in expected.items():
        assert RULES[rule_id].severity == severity, rule_id
        assert RULES[rule_id].doc.startswith("R6."), rule_id


def test_clean_offer_passes(run):
    report = run()
    assert not [f for f in report.findings if f.rule_id.startswith("jsonld.")]


def test_aggregate_offer_as_the_only_offer_and_its_inconsistencies(run, site):
    def aggregate(offer, product):
        product["offers"] = {
            "@type": "AggregateOffer", "lowPrice": "12.50", "highPrice": "11.00", "priceCurrency": "USD",
            "offerCount": 0, "offers": [{"@type": "Offer", "price": "12.50", "priceCurrency": "USD"}],
        }  # fmt: skip

    site[BALL] = plant(site[BALL], aggregate)
    report = run(site)
    assert messages(report, "jsonld.aggregate-offer-only") == [
        "Product 'Ball product EN' has only AggregateOffers"
    ]
    assert messages(report, "jsonld.aggregate-offer") == [
        "lowPrice 12.5 > highPrice 11",
        "lowPrice/highPrice differ from the listed offers' 12.5-12.5",
        "offerCount 0 is not an integer ≥ 1",
    ]


def test_overlapping_tiers_and_mixed_currencies(run, site):
    def overlap(offer, _):
        tier(offer, 1)["eligibleQuantity"]["minValue"] = 500
        tier(offer, 1)["priceCurrency"] = "EUR"

    site[BALL] = plant(site[BALL], overlap)
    assert messages(run(site), "jsonld.price-tiers") == [
        "tier 100-999 overlaps tier starting at 500",
        "tiers mix currencies ['EUR', 'USD']",
    ]


def test_min_above_max(run, site):
    site[BALL] = plant(site[BALL], lambda offer, _: tier(offer, 0)["eligibleQuantity"].update(maxValue=50))
    assert "tier minValue 100 > maxValue 50" in messages(run(site), "jsonld.price-tiers")


def test_gap_unsorted_tiers_and_rising_price_warn(run, site):
    def gap_and_rise(offer, _):
        tier(offer, 1)["eligibleQuantity"]["minValue"] = 2000
        tier(offer, 1)["price"] = "13.00"
        offer["priceSpecification"].reverse()

    site[BALL] = site[BALL].replace("US$11.00", "US$13.00")
    site[BALL] = plant(site[BALL], gap_and_rise)
    report = run(site)
    assert messages(report, "jsonld.price-tier-gap") == [
        "no tier covers 1000-1999",
        "tiers are not listed by minValue: ['2000', '100']",
    ]
    assert messages(report, "jsonld.price-tier-rise") == ["unit price rises from 12.5 to 13 at 2000"]
    assert report.error_count == 0


def test_offer_price_is_not_the_moq_tier(run, site):
    site[BALL] = plant(site[BALL], lambda offer, _: offer.update(price="11.00"))
    assert messages(run(site), "jsonld.offer-price") == ["Offer.price 11 but the tier for 100 costs 12.5"]


def test_moq_missing_differing_or_without_reference_quantity(run, site):
    def no_moq(offer, _):
        del offer["eligibleQuantity"]

    def other_moq(offer, _):
        offer["eligibleQuantity"]["minValue"] = 50
        for spec in offer["priceSpecification"]:
            del spec["referenceQuantity"]

    clean = site[BALL]
    site[BALL] = plant(clean, no_moq)
    assert messages(run(site), "jsonld.moq") == [
        "Offer with quantity tiers has no eligibleQuantity.minValue (the MOQ)"
    ]
    site[BALL] = plant(clean, other_moq)
    assert messages(run(site), "jsonld.moq") == [
        "MOQ 50 but no tier states the referenceQuantity its price is for",
        "MOQ 50 differs from the first tier's minValue 100",
    ]


@pytest.mark.parametrize("code", ["pcs", "KG", "units", "XYZ"])
def test_unit_code_outside_the_allow_list(run, site, code):
    site[BALL] = plant(site[BALL], lambda offer, _: offer["eligibleQuantity"].update(unitCode=code))
    assert messages(run(site), "jsonld.unit-code") == [f"unitCode '{code}'"]


def test_prefixed_unit_code_is_accepted(run, site):
    site[BALL] = plant(site[BALL], lambda offer, _: offer["eligibleQuantity"].update(unitCode="unece:XCT"))
    assert not messages(run(site), "jsonld.unit-code")


def test_shipping_details_shape(run, site):
    def shipping(offer, _):
        offer["shippingDetails"] = [{
            "@type": "OfferShippingDetails",
            "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "UK"},
            "deliveryTime": {
                "@type": "ShippingDeliveryTime",
                "handlingTime": {"@type": "QuantitativeValue", "minValue": 9, "maxValue": 3, "unitCode": "DAY"},
                "transitTime": {"@type": "QuantitativeValue", "minValue": 20, "maxValue": 30, "unitCode": "MON"},
            },
            "shippingRate": {"@type": "MonetaryAmount", "value": "40", "currency": "usd"},
        }]  # fmt: skip

    site[BALL] = plant(site[BALL], shipping)
    found = messages(run(site), "jsonld.shipping")
    assert "addressCountry 'UK' is not ISO 3166-1 alpha-2" in found
    assert "transitTime unitCode 'MON' is not DAY" in found
    assert any(m.startswith("handlingTime {") and m.endswith("needs minValue ≤ maxValue") for m in found)
    assert any(m.startswith("shippingRate {") for m in found)
    assert len(found) == 4


def test_return_policy_shape(run, site):
    def returns(offer, _):
        offer["hasMerchantReturnPolicy"] = {
            "@type": "MerchantReturnPolicy", "applicableCountry": ["DE", "EU"],
            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
        }  # fmt: skip

    site[BALL] = plant(site[BALL], returns)
    assert messages(run(site), "jsonld.return-policy") == [
        "a finite return window needs merchantReturnDays, not None",
        "applicableCountry ['DE', 'EU']: 1 to 25 ISO 3166-1 alpha-2 codes",
        "returnPolicyCountry None missing or invalid",
    ]


def test_return_policy_category_must_be_the_enumeration(run, site):
    def returns(offer, _):
        offer["hasMerchantReturnPolicy"] = {
            "@type": "MerchantReturnPolicy", "applicableCountry": "DE", "returnPolicyCountry": "CN",
            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteWindow",
        }  # fmt: skip

    site[BALL] = plant(site[BALL], returns)
    assert messages(run(site), "jsonld.return-policy") == [
        "returnPolicyCategory 'https://schema.org/MerchantReturnFiniteWindow' is not a MerchantReturnEnumeration"
    ]


def test_price_validity_past_soon_and_malformed(run, site):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    soon = (date.today() + timedelta(days=3)).isoformat()
    site[BALL] = plant(site[BALL], lambda offer, _: offer.update(priceValidUntil=yesterday))
    assert messages(run(site), "jsonld.price-valid-until") == [f"priceValidUntil {yesterday} has passed"]
    site[BALL] = plant(site[BALL], lambda offer, _: offer.update(priceValidUntil=soon))
    report = run(site)
    assert messages(report, "jsonld.price-valid-soon") == [f"priceValidUntil {soon} is less than 7 days away"]
    assert not messages(report, "jsonld.price-valid-until")
    site[BALL] = plant(site[BALL], lambda offer, _: offer.update(priceValidUntil="end of March"))
    assert messages(run(site), "jsonld.price-valid-until") == [
        "priceValidUntil 'end of March' is not an ISO 8601 date"
    ]


def test_gtin_check_digit(run, site):
    site[BALL] = plant(site[BALL], lambda _, product: product.update(gtin13="4006381333932", gtin="96385074"))
    assert messages(run(site), "jsonld.gtin") == ["gtin13 '4006381333932'"]


def test_marked_up_price_must_be_visible(run, site):
    site[BALL] = site[BALL].replace("US$11.00", "on request")
    assert messages(run(site), "jsonld.price-visible") == ["price 11.00 is not in the page's text"]


@pytest.mark.parametrize(
    "shown",
    ["12,50 US$ / 11,00 US$", "US$12.5 and US$11", "١٢٫٥٠ US$ · ١١٫٠٠ US$", "<span>US$</span>12.50 – 11.00"],
)
def test_prices_match_in_any_locale_format(run, site, shown):
    site[BALL] = site[BALL].replace("US$12.50", "").replace("US$11.00", shown)
    assert not messages(run(site), "jsonld.price-visible")


def test_price_only_in_a_hidden_element_is_not_visible(run, site):
    site[BALL] = site[BALL].replace("<td>US$11.00</td>", "<td hidden>US$11.00</td>")
    assert messages(run(site), "jsonld.price-visible") == ["price 11.00 is not in the page's text"]


def test_marked_up_availability_must_be_visible(run, site):
    site[BALL] = plant(site[BALL], lambda offer, _: offer.update(availability="https://schema.org/InStock"))
    assert messages(run(site), "jsonld.availability-visible") == [
        "availability https://schema.org/InStock is not shown on the page"
    ]
    shown = site[BALL].replace("</main>", '<p data-availability="InStock">Auf Lager</p></main>')
    assert not messages(run({**site, BALL: shown}), "jsonld.availability-visible")
    in_words = site[BALL].replace("</main>", "<p>Availability: in stock</p></main>")
    assert not messages(run({**site, BALL: in_words}), "jsonld.availability-visible")
