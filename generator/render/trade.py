"""Rows of a product's trade terms (identifiers, packing, warranty, customs, returns,
price validity, delivery times) in the page's language.

Everything the offer's structured data claims beyond the price table is listed here, so
the markup always matches what a buyer reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.units import format_unit
from markupsafe import Markup

from ..models import Product
from ..models.commerce import ReturnCategory, ReturnFees, ReturnPolicy
from ..models.matrix import Market
from ..models.product import Availability
from ..models.trade import Dimensions, Packaging
from .strings import Strings
from .views import PageBuilder

CLDR_UNITS = {
    "MMT": "length-millimeter",
    "CMT": "length-centimeter",
    "MTR": "length-meter",
    "GRM": "mass-gram",
    "KGM": "mass-kilogram",
}


@dataclass(frozen=True)
class TermRow:
    label: str
    value: str
    neutral: bool = False
    """Language-neutral data (codes, part numbers) that right-to-left pages keep left to right."""
    marker: str = ""
    """schema.org value the row shows (an availability), for checks that markup is visible."""


def identifier_rows(b: PageBuilder, item: Product) -> list[TermRow]:
    rows = [TermRow(b.t("Manufacturer part number (MPN)"), item.mpn, neutral=True)] if item.mpn else []
    if item.gtin:
        rows.append(TermRow(b.t("GTIN (EAN/UPC)"), item.gtin, neutral=True))
    return rows


def term_rows(
    b: PageBuilder, item: Product, valid_until: str | None, country: str | None = None
) -> list[TermRow]:
    """Packing, warranty, customs code(s), price validity and returns. A market's page
    (`country`) shows the tariff code for that country only."""
    t = b.t
    rows = packaging_rows(b, item.packaging) if item.packaging else []
    if item.warranty is not None:
        period = format_unit(item.warranty.months, "duration-month", length="long", locale=b.fmt.locale)
        terms = b.text(item.warranty.terms)
        rows.append(TermRow(t("Warranty"), f"{period}: {terms}" if terms else period))
    if country is not None:
        code = item.hs_code_for(country)
        if code:
            rows.append(
                TermRow(t("HS code for %(country)s", country=_country(b, country)), code, neutral=True)
            )
    else:
        if item.hs_code:
            rows.append(TermRow(t("HS code"), item.hs_code, neutral=True))
        for code_country, code in sorted(item.hs_codes.items()):
            rows.append(
                TermRow(t("HS code for %(country)s", country=_country(b, code_country)), code, neutral=True)
            )
    if valid_until:
        day = format_date(date.fromisoformat(valid_until), "long", locale=b.fmt.locale)
        rows.append(TermRow(t("Prices valid until"), day))
    if b.site.returns is not None and item.price_tiers:
        rows.append(TermRow(t("Returns"), _returns(b, b.site.returns)))
    return rows


def transit_rows(b: PageBuilder, markets: Sequence[Market]) -> list[TermRow]:
    """Freight days to each destination an offer states shipping details for."""
    return [
        TermRow(
            b.t("Transit time to %(country)s", country=_country(b, market.country)),
            b.t.ngettext(
                "%(min)s–%(max)s days",
                "%(min)s–%(max)s days",
                market.transit.max_days,
                min=market.transit.min_days,
                max=market.transit.max_days,
            ),
        )
        for market in markets
        if market.country
    ]


def packaging_rows(b: PageBuilder, packaging: Packaging) -> list[TermRow]:
    t, fmt = b.t, b.fmt
    rows = []
    if packaging.per_package is not None:
        per = packaging.per_package
        rows.append(TermRow(t("Quantity per package"), fmt.quantity(per.quantity, per.unit)))
    if packaging.dimensions is not None:
        rows.append(TermRow(t("Package size (L × W × H)"), _dimensions(b, packaging.dimensions)))
    if packaging.gross_weight is not None:
        weight = packaging.gross_weight
        rows.append(TermRow(t("Gross weight per package"), _measure(b, weight.value, weight.unit)))
    if packaging.per_pallet is not None:
        rows.append(TermRow(t("Packages per pallet"), fmt.number(packaging.per_pallet)))
    if packaging.per_container:
        loads = " · ".join(
            f"{kind.value}: {fmt.number(count)}" for kind, count in packaging.per_container.items()
        )
        rows.append(TermRow(t("Packages per container"), loads))
    if packaging.note is not None:
        rows.append(TermRow(t("Packaging"), b.text(packaging.note)))
    return rows


def availability(t: Strings, availability: Availability) -> Markup:
    """The state in words; each message written out, so that `pybabel extract` finds it."""
    texts = {
        Availability.in_stock: t("In stock"),
        Availability.made_to_order: t("Made to order"),
        Availability.pre_order: t("Pre-order"),
        Availability.out_of_stock: t("Out of stock"),
        Availability.discontinued: t("Discontinued"),
    }
    return texts[availability]


def shipping_markets(b: PageBuilder) -> list[Market]:
    """Markets with a country across all matrices, one per country, in country order."""
    markets: dict[str, Market] = {}
    for matrix in b.library.matrices.values():
        for dimension in matrix.dimensions:
            for market in dimension.markets:
                if market.country:
                    markets.setdefault(market.country, market)
    return [markets[country] for country in sorted(markets)]


def _dimensions(b: PageBuilder, size: Dimensions) -> str:
    sides = " × ".join(b.fmt.number(side) for side in (size.length, size.width))
    return f"{sides} × {_measure(b, size.height, size.unit)}"


def _measure(b: PageBuilder, value: Decimal, unit: str) -> str:
    return format_unit(value, CLDR_UNITS[unit], length="short", locale=b.fmt.locale)


def _country(b: PageBuilder, code: str | None) -> str:
    return b.fmt.locale.territories.get(code or "", code or "")


def _returns(b: PageBuilder, policy: ReturnPolicy) -> str:
    """The policy in words, as its MerchantReturnPolicy states it: window, then who pays."""
    if policy.category is ReturnCategory.finite_window:
        days = policy.days
        parts = [
            b.t.ngettext(
                "Within %(days)s day of delivery", "Within %(days)s days of delivery", days, days=days
            )
        ]
    elif policy.category is ReturnCategory.unlimited_window:
        parts = [b.t("Returns accepted without time limit")]
    else:
        parts = [b.t("Returns not accepted")]
    if policy.fees is ReturnFees.free:
        parts.append(b.t("free of charge"))
    elif policy.fees is not None:
        parts.append(b.t("return shipping paid by the buyer"))
    return Markup("; ").join(parts)
