"""Locale formatting of quantities and units: readers see unit names, never UN/CEFACT codes."""

from __future__ import annotations

import pytest

from generator.formatting import MEASURED_UNITS, Formats
from generator.models.base import UNIT_CODES
from generator.render.theme import load_theme
from generator.theme_layers import theme_layers

from .conftest import REPO


@pytest.mark.parametrize(
    ("lang", "code", "expected"),
    [
        ("en", "KGM", "kg"),
        ("de", "KGM", "kg"),
        ("ru", "MTR", "м"),
        ("es-MX", "MTR", "m"),
        ("ar", "KGM", "كغم"),
        ("pt-PT", "MTR", "m"),
        ("fa", "KGM", "kg"),
    ],
)
def test_measured_units_are_named_by_cldr(lang: str, code: str, expected: str):
    assert Formats(lang, {}).unit_name(1, code) == expected


@pytest.mark.parametrize("lang", ["en", "de", "es", "ar"])
def test_no_accepted_unit_code_is_shown_raw(lang: str):
    """Every code the models accept has a readable name in every shipped theme language."""
    strings = load_theme(theme_layers(REPO, "default")).strings(lang)
    formats = Formats(lang, strings.units)
    for code in UNIT_CODES:
        for amount in (1, 2, 5, 1000):
            name = formats.unit_name(amount, code)
            assert name and name != code, (lang, code, amount)
        if code in MEASURED_UNITS:
            assert code not in formats.quantity(200, code)
