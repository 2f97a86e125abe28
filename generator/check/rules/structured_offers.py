"""Offer rules of the structured-data family (R6.4, R6.7, R6.9-R6.15): B2B tiers and MOQ,
AggregateOffer use, shipping details, return policy, price validity, GTINs, and that every
marked-up price and availability is visible on the page.

`structured.check_page` parses the JSON-LD once and hands every node of the page here.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.models.base import UNIT_CODES
from generator.models.commerce import is_country
from generator.models.trade import gtin_check_digit_ok

from ..facts import Doc, PageEmit
from ..registry import ERROR, WARNING, Rule, catalogue
from .jsonld_values import as_list, currency_ok, number, types

SCHEMA = "https://schema.org/"
MERCHANT_DOC = "https://developers.google.com/search/docs/appearance/structured-data/merchant-listing"
PRODUCT_DOC = "https://developers.google.com/search/docs/appearance/structured-data/product-snippet"
POLICIES_DOC = "https://developers.google.com/search/docs/appearance/structured-data/sd-policies"

RULES = catalogue(
    Rule("jsonld.aggregate-offer", ERROR,
         "AggregateOffer with missing, non-positive or inconsistent lowPrice/highPrice/offerCount",
         "Emit lowPrice ≤ highPrice (both > 0), priceCurrency and an offerCount ≥ 1 matching its offers",
         f"R6.10: https://schema.org/AggregateOffer ; {PRODUCT_DOC}"),
    Rule("jsonld.aggregate-offer-only", WARNING, "a Product's only offer is an AggregateOffer",
         "For one seller's price range use one Offer with UnitPriceSpecification tiers",
         f"R6.10/D18: AggregateOffer is for several offers of one product ; {MERCHANT_DOC}"),
    Rule("jsonld.price-tiers", ERROR, "volume price tiers overlap, have min > max or mix currencies",
         "Make eligibleQuantity ranges disjoint and use one currency",
         "R6.13: https://schema.org/eligibleQuantity ; https://schema.org/UnitPriceSpecification"),
    Rule("jsonld.price-tier-gap", WARNING, "volume price tiers out of order or with a gap between them",
         "List tiers by minValue; let each start one above the previous maxValue",
         "R6.13 (policy): https://schema.org/eligibleQuantity"),
    Rule("jsonld.price-tier-rise", WARNING, "unit price rises with a larger order quantity",
         "Check the tier prices: volume tiers normally fall as quantity grows",
         "R6.13 (policy): https://schema.org/UnitPriceSpecification"),
    Rule("jsonld.offer-price", ERROR, "Offer.price is not the price of the tier for the minimum order",
         "Set Offer.price to the price of the tier that contains eligibleQuantity.minValue",
         "R6.13/R6.14: https://support.google.com/merchants/answer/6324371"),
    Rule("jsonld.moq", ERROR, "MOQ not stated as the Offer's eligibleQuantity.minValue, or per-unit price "
         "without a referenceQuantity",
         "Give the Offer eligibleQuantity.minValue = the first tier's minValue and tiers a referenceQuantity",
         "R6.14: https://schema.org/eligibleQuantity ; https://support.google.com/merchants/answer/6324371"),
    Rule("jsonld.unit-code", ERROR, "unitCode is not a UN/CEFACT common code",
         "Use a UN/CEFACT Rec 20 code such as C62, KGM, MTR, DAY, or prefix:code",
         "R6.15: https://schema.org/unitCode ; https://unece.org/trade/uncefact/cl-recommendations"),
    Rule("jsonld.shipping", ERROR, "OfferShippingDetails with a bad destination, delivery time or rate",
         "Give shippingDestination.addressCountry (ISO 3166-1), handling/transit minValue ≤ maxValue in DAY",
         "R6.11: https://developers.google.com/search/docs/appearance/structured-data/shipping-policy"),
    Rule("jsonld.return-policy", ERROR, "MerchantReturnPolicy without its required properties",
         "Give applicableCountry, returnPolicyCountry, returnPolicyCategory (and merchantReturnDays for a "
         "finite window)",
         "R6.12/D16: https://developers.google.com/search/docs/appearance/structured-data/return-policy"),
    Rule("jsonld.price-valid-until", ERROR, "priceValidUntil is not an ISO date or has passed",
         "Update the prices and their validity date", f"R6.9: {PRODUCT_DOC}"),
    Rule("jsonld.price-valid-soon", WARNING, "priceValidUntil ends within 7 days",
         "Review the prices before the offer lapses", "R6.9 (policy)"),
    Rule("jsonld.gtin", ERROR, "GTIN is not 8, 12, 13 or 14 digits with a valid GS1 check digit",
         "Copy the GTIN from the GS1 registration", f"R6.7: {MERCHANT_DOC}"),
    Rule("jsonld.price-visible", ERROR, "a marked-up price does not appear in the page's visible text",
         "Show every Offer and tier price in the page's price table", f"R6.4: {POLICIES_DOC}"),
    Rule("jsonld.availability-visible", ERROR, "a marked-up availability is not shown on the page",
         "Show the availability next to the price, or drop it from the offer", f"R6.4: {POLICIES_DOC}"),
)  # fmt: skip

UNIT_ALLOW = frozenset(UNIT_CODES) | {
    "H87", "GRM", "LBR", "CMT", "MMT", "MTK", "MTQ", "DAY", "HUR", "MON", "ANN", "d",
}  # fmt: skip
"""R6.15's allow-list: the catalog codes the models accept plus the rule book's units of time and size."""
PREFIXED_OR_URL = re.compile(r"^[A-Za-z][\w.-]*:\S+$")
RETURN_CATEGORIES = {
    f"{SCHEMA}MerchantReturn{kind}" for kind in ("FiniteReturnWindow", "NotPermitted", "UnlimitedWindow")
}
NUMBER_TOKEN = re.compile(r"\d(?:[\d.,'\u00a0\u202f\u066b\u066c\u2019]*\d)?")
GTIN_KEYS = ("gtin", "gtin8", "gtin12", "gtin13", "gtin14")


def check_nodes(doc: Doc, nodes: list[dict[str, Any]], emit: PageEmit) -> None:
    """Every offer rule on the JSON-LD nodes of one page."""
    visible: _VisibleText | None = None
    for node in nodes:
        kinds = types(node)
        if "unitCode" in node and not _unit_ok(node["unitCode"]):
            emit("jsonld.unit-code", f"unitCode {node['unitCode']!r}")
        for key in GTIN_KEYS:
            if key in node and not _gtin_ok(node[key]):
                emit("jsonld.gtin", f"{key} {node[key]!r}")
        if "Product" in kinds:
            offers = [o for o in as_list(node.get("offers")) if isinstance(o, dict)]
            if offers and all("AggregateOffer" in types(o) for o in offers):
                emit(
                    "jsonld.aggregate-offer-only",
                    f"Product '{node.get('name', '?')}' has only AggregateOffers",
                )
        if "AggregateOffer" in kinds:
            _check_aggregate(node, emit)
        if "Offer" in kinds:
            _check_offer(node, emit)
        if "OfferShippingDetails" in kinds:
            _check_shipping(node, emit)
        if "MerchantReturnPolicy" in kinds:
            _check_return_policy(node, emit)
        if kinds & {"Offer", "AggregateOffer"}:
            visible = visible or _VisibleText(doc)
            _check_visible(node, visible, emit)


def _check_offer(node: dict[str, Any], emit: PageEmit) -> None:
    if "priceValidUntil" in node:
        _check_valid_until(node["priceValidUntil"], emit)
    tiers = [
        s
        for s in as_list(node.get("priceSpecification"))
        if isinstance(s, dict) and isinstance(s.get("eligibleQuantity"), dict)
    ]
    if not tiers:
        return
    ranges = _check_tiers(tiers, emit)
    moq_node = node.get("eligibleQuantity")
    moq = number(moq_node.get("minValue")) if isinstance(moq_node, dict) else None
    first = min((low for low, _, _ in ranges), default=None)
    if moq is None:
        emit("jsonld.moq", "Offer with quantity tiers has no eligibleQuantity.minValue (the MOQ)")
    elif first is not None and first != moq:
        emit("jsonld.moq", f"MOQ {moq:g} differs from the first tier's minValue {first:g}")
    if moq is not None and moq > 1 and not any(isinstance(t.get("referenceQuantity"), dict) for t in tiers):
        emit("jsonld.moq", f"MOQ {moq:g} but no tier states the referenceQuantity its price is for")
    price = number(node.get("price"))
    at_moq = [tier_price for low, high, tier_price in ranges if moq is not None and low <= moq <= high]
    if price is not None and at_moq and at_moq[0] is not None and at_moq[0] != price:
        emit("jsonld.offer-price", f"Offer.price {price:g} but the tier for {moq:g} costs {at_moq[0]:g}")


def _check_tiers(tiers: list[dict[str, Any]], emit: PageEmit) -> list[tuple[float, float, float | None]]:
    """R6.13 on one offer's tiers; returns (min, max, price) per readable tier, in listed order."""
    currencies = {str(t.get("priceCurrency")) for t in tiers if t.get("priceCurrency")}
    if len(currencies) > 1:
        emit("jsonld.price-tiers", f"tiers mix currencies {sorted(currencies)}")
    ranges: list[tuple[float, float, float | None]] = []
    for tier in tiers:
        quantity = tier["eligibleQuantity"]
        low = number(quantity.get("minValue"))
        high = number(quantity.get("maxValue")) if "maxValue" in quantity else float("inf")
        if high is None:
            emit("jsonld.price-tiers", f"maxValue {quantity.get('maxValue')!r} is not numeric")
            continue
        low = 0.0 if low is None else low
        if low > high:
            emit("jsonld.price-tiers", f"tier minValue {low:g} > maxValue {high:g}")
        ranges.append((low, high, number(tier.get("price"))))
    if [r[0] for r in ranges] != sorted(r[0] for r in ranges):
        emit("jsonld.price-tier-gap", f"tiers are not listed by minValue: {[f'{r[0]:g}' for r in ranges]}")
    ordered = sorted(ranges)
    for (low_a, high_a, price_a), (low_b, _, price_b) in itertools.pairwise(ordered):
        if low_b <= high_a:
            emit("jsonld.price-tiers", f"tier {low_a:g}-{high_a:g} overlaps tier starting at {low_b:g}")
        elif low_b > high_a + 1:
            emit("jsonld.price-tier-gap", f"no tier covers {high_a + 1:g}-{low_b - 1:g}")
        if price_a is not None and price_b is not None and price_b > price_a:
            emit("jsonld.price-tier-rise", f"unit price rises from {price_a:g} to {price_b:g} at {low_b:g}")
    return ranges


def _check_aggregate(node: dict[str, Any], emit: PageEmit) -> None:
    low, high = number(node.get("lowPrice")), number(node.get("highPrice"))
    if low is None or low <= 0:
        emit("jsonld.aggregate-offer", f"lowPrice {node.get('lowPrice')!r} missing or not a positive number")
    if "highPrice" in node and (high is None or high <= 0):
        emit("jsonld.aggregate-offer", f"highPrice {node.get('highPrice')!r} is not a positive number")
    if not currency_ok(node.get("priceCurrency")):
        emit("jsonld.aggregate-offer", f"priceCurrency {node.get('priceCurrency')!r} is not ISO 4217")
    if low is not None and high is not None and low > high:
        emit("jsonld.aggregate-offer", f"lowPrice {low:g} > highPrice {high:g}")
    count = node.get("offerCount")
    if count is not None and not (isinstance(count, int) and not isinstance(count, bool) and count >= 1):
        emit("jsonld.aggregate-offer", f"offerCount {count!r} is not an integer ≥ 1")
    prices = [p for o in as_list(node.get("offers")) if isinstance(o, dict) and (p := number(o.get("price")))]
    if prices and (low, high) != (min(prices), max(prices) if "highPrice" in node else high):
        emit(
            "jsonld.aggregate-offer",
            f"lowPrice/highPrice differ from the listed offers' {min(prices):g}-{max(prices):g}",
        )


def _check_shipping(node: dict[str, Any], emit: PageEmit) -> None:
    destinations = [d for d in as_list(node.get("shippingDestination")) if isinstance(d, dict)]
    if not destinations:
        emit("jsonld.shipping", "OfferShippingDetails has no shippingDestination")
    for destination in destinations:
        for country in as_list(destination.get("addressCountry")) or [None]:
            if not is_country(country):
                emit("jsonld.shipping", f"addressCountry {country!r} is not ISO 3166-1 alpha-2")
    delivery = node.get("deliveryTime")
    for part in ("handlingTime", "transitTime"):
        value = delivery.get(part) if isinstance(delivery, dict) else None
        if value is None:
            continue
        low = number(value.get("minValue")) if isinstance(value, dict) else None
        high = number(value.get("maxValue")) if isinstance(value, dict) else None
        if low is None or high is None or low > high or low < 0:
            emit("jsonld.shipping", f"{part} {value!r} needs minValue ≤ maxValue")
        elif value.get("unitCode") not in ("DAY", "d"):
            emit("jsonld.shipping", f"{part} unitCode {value.get('unitCode')!r} is not DAY")
    for rate in as_list(node.get("shippingRate")):
        amount = number(rate.get("value", rate.get("maxValue"))) if isinstance(rate, dict) else None
        if amount is None or not currency_ok(rate.get("currency")):
            emit(
                "jsonld.shipping",
                f"shippingRate {rate!r} needs a value (or maxValue) and an ISO 4217 currency",
            )


def _check_return_policy(node: dict[str, Any], emit: PageEmit) -> None:
    countries = as_list(node.get("applicableCountry"))
    if not countries or len(countries) > 25 or not all(is_country(c) for c in countries):
        emit("jsonld.return-policy", f"applicableCountry {countries!r}: 1 to 25 ISO 3166-1 alpha-2 codes")
    if not is_country(node.get("returnPolicyCountry")):
        emit(
            "jsonld.return-policy",
            f"returnPolicyCountry {node.get('returnPolicyCountry')!r} missing or invalid",
        )
    category = node.get("returnPolicyCategory")
    if category not in RETURN_CATEGORIES | {c.replace("https:", "http:") for c in RETURN_CATEGORIES}:
        emit("jsonld.return-policy", f"returnPolicyCategory {category!r} is not a MerchantReturnEnumeration")
    elif str(category).endswith("FiniteReturnWindow"):
        days = node.get("merchantReturnDays")
        if not (isinstance(days, int) and not isinstance(days, bool) and days > 0):
            emit("jsonld.return-policy", f"a finite return window needs merchantReturnDays, not {days!r}")


def _check_valid_until(value: Any, emit: PageEmit) -> None:
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        emit("jsonld.price-valid-until", f"priceValidUntil {value!r} is not an ISO 8601 date")
        return
    today = date.today()
    if day < today:
        emit("jsonld.price-valid-until", f"priceValidUntil {day.isoformat()} has passed")
    elif day < today + timedelta(days=7):
        emit("jsonld.price-valid-soon", f"priceValidUntil {day.isoformat()} is less than 7 days away")


def _check_visible(node: dict[str, Any], visible: _VisibleText, emit: PageEmit) -> None:
    prices = [node.get(key) for key in ("price", "lowPrice", "highPrice") if key in node]
    prices += [s.get("price") for s in as_list(node.get("priceSpecification")) if isinstance(s, dict)]
    for price in dict.fromkeys(p for p in prices if isinstance(p, str | int | float)):
        if number(price) is not None and not visible.shows_amount(str(price)):
            emit("jsonld.price-visible", f"price {price} is not in the page's text")
    availability = node.get("availability")
    if isinstance(availability, str) and availability and not visible.shows_availability(availability):
        emit("jsonld.availability-visible", f"availability {availability} is not shown on the page")


class _VisibleText:
    """What a reader sees of a page: body text outside scripts, styles and hidden elements."""

    def __init__(self, doc: Doc) -> None:
        texts = doc.root.xpath(
            "//body//text()[not(ancestor::script or ancestor::style or ancestor::template"
            " or ancestor::*[@hidden] or ancestor::*[@aria-hidden='true'])]"
        )
        self.text = " ".join("".join(_ascii_digit(c) for c in str(t)) for t in texts)
        self.amounts = {token.lstrip("0") for token in _digit_runs(self.text)}
        self.markers = {
            str(e.get("data-availability")).rpartition("/")[2]
            for e in doc.root.xpath("//body//*[@data-availability]")
            if " ".join(e.text_content().split())
        }

    def shows_amount(self, price: str) -> bool:
        """Loosely: the amount's digits (with two decimals, or as written) appear as one number."""
        try:
            amount = Decimal(price)
        except InvalidOperation:
            return True
        forms = {f"{amount:.2f}", format(amount.normalize(), "f")}
        if amount == amount.to_integral_value():
            forms.add(str(int(amount)))
        return any(form.replace(".", "").lstrip("0") in self.amounts for form in forms)

    def shows_availability(self, availability: str) -> bool:
        name = availability.rstrip("/").rpartition("/")[2]
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).casefold()
        return name in self.markers or words in self.text.casefold()


def _ascii_digit(char: str) -> str:
    """Arabic-Indic and other decimal digits read as 0-9, so any locale's numbers compare."""
    return str(unicodedata.digit(char)) if char.isdigit() and not char.isascii() else char


def _digit_runs(text: str) -> Iterable[str]:
    for token in NUMBER_TOKEN.findall(text):
        yield "".join(c for c in token if c.isdigit())


def _unit_ok(code: Any) -> bool:
    return isinstance(code, str) and (code in UNIT_ALLOW or bool(PREFIXED_OR_URL.match(code)))


def _gtin_ok(code: Any) -> bool:
    text = str(code) if isinstance(code, str | int) and not isinstance(code, bool) else ""
    return text.isdigit() and len(text) in (8, 12, 13, 14) and gtin_check_digit_ok(text)
