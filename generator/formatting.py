"""Locale-aware formatting of money, numbers, quantities and dates (CLDR data via Babel)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit, get_unit_name

MEASURED_UNITS = {
    "KGM": "mass-kilogram",
    "TNE": "mass-tonne",
    "MTR": "length-meter",
    "MTK": "area-square-meter",
    "MTQ": "volume-cubic-meter",
    "LTR": "volume-liter",
}
"""UN/CEFACT codes that CLDR can name; counted units (pieces, sets…) come from the theme."""


@lru_cache(maxsize=64)
def locale_for(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


class Formats:
    """Formatting bound to one page language; exposed to templates as `fmt`."""

    def __init__(self, lang: str, unit_names: dict[str, dict[str, str]]) -> None:
        self.lang = lang
        self.locale = locale_for(lang)
        self.unit_names = unit_names

    def money(self, amount: Decimal, currency: str) -> str:
        return _money(amount, currency, self.lang)

    def number(self, value: int | Decimal) -> str:
        return _number(value, self.lang)

    def date(self, value: date) -> str:
        """A date as the language writes it in running text: "7 December 2026", "7. Dezember 2026"."""
        return format_date(value, format="long", locale=self.locale)

    def names(self, items: list[str]) -> str:
        """Names joined as the language lists them: "A, B and C", "A, B und C"."""
        return format_list(items, locale=self.locale)

    def country(self, code: str) -> str:
        """An ISO 3166 country code as the language names it: DE → "Germany", "Deutschland"."""
        return self.locale.territories.get(code, code)

    def area(self, square_metres: int) -> str:
        """A floor area with CLDR's short unit: "12,000 m²"."""
        return format_unit(square_metres, "area-square-meter", length="short", locale=self.locale)

    def quantity(self, amount: int, unit_code: str) -> str:
        """`1000 C62` → "1,000 pieces" in English, "1.000 Stück" in German."""
        if unit_code in MEASURED_UNITS:
            return format_unit(amount, MEASURED_UNITS[unit_code], length="long", locale=self.locale)
        return f"{self.number(amount)} {self.unit_name(amount, unit_code)}"

    def unit_name(self, amount: int, unit_code: str) -> str:
        """The unit as a reader names it ("pieces", "kg"), never the bare UN/CEFACT code:
        measured units take CLDR's short name, counted units the theme's plural forms."""
        if unit_code in MEASURED_UNITS:
            return _measured_unit_name(unit_code, self.lang)
        forms = self.unit_names.get(unit_code, {})
        plural = _plural(amount, self.lang)
        return forms.get(plural) or forms.get("other") or unit_code


@lru_cache(maxsize=256)
def _measured_unit_name(unit_code: str, lang: str) -> str:
    """The symbol CLDR's "per unit" pattern uses (`{0}/kg` → `kg`, `{0}/מ׳` → `מ׳`): the
    form a reader expects after "per", where display names may be plural ("metros")."""
    locale = locale_for(lang)
    per = locale._data["unit_patterns"].get(MEASURED_UNITS[unit_code], {}).get("short", {}).get("per", "")
    symbol = per.replace("{0}", "").strip(" /\u00a0\u202f\u200e\u200f\u061c")  # spaces, slash, bidi marks
    return symbol or get_unit_name(MEASURED_UNITS[unit_code], length="short", locale=locale) or unit_code


@lru_cache(maxsize=64)
def og_locale(lang: str) -> str:
    """Open Graph's `language_TERRITORY` form of a language tag; a tag without a region
    gets the one CLDR finds likely (he → he_IL, zh-Hans → zh_CN, es-MX → es_MX)."""
    locale = locale_for(lang)
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags")
        keys = [f"{locale.language}_{locale.script}"] if locale.script else []
        match = next((likely[key] for key in [*keys, locale.language] if key in likely), None)
        territory = Locale.parse(match).territory if match else None
    return f"{locale.language}_{territory}" if territory else locale.language


# Catalogs repeat the same prices and quantities on thousands of pages (cards, tier
# tables, pSEO pages); CLDR pattern formatting is costly enough to remember.
@lru_cache(maxsize=65536)
def _money(amount: Decimal, currency: str, lang: str) -> str:
    """At least the currency's decimals, and every further one the price has: cable at
    $17.125 a metre must not read $17.12 next to structured data that says 17.125."""
    return format_currency(amount, currency, locale=locale_for(lang), decimal_quantization=False)


@lru_cache(maxsize=65536)
def _number(value: int | Decimal, lang: str) -> str:
    return format_decimal(value, locale=locale_for(lang))


@lru_cache(maxsize=65536)
def _plural(amount: int, lang: str) -> str:
    return locale_for(lang).plural_form(amount)
