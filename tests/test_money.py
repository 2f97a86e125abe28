"""Converted prices: exact under every rounding mode, checked against rational arithmetic."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from generator.models.money import Rounding, RoundingMode, convert

INCREMENTS = ["0.01", "0.05", "0.1", "0.25", "0.5", "1", "5", "10", "100", "0.001", "0.3", "0.07"]


def reference(amount: Decimal, fx_rate: Decimal, increment: Decimal, mode: RoundingMode) -> Fraction:
    """The rounded price in exact rational arithmetic."""
    steps = Fraction(amount) * Fraction(fx_rate) / Fraction(increment)
    low = math.floor(steps)
    rest = steps - low
    if mode is RoundingMode.floor:
        count = low
    elif mode is RoundingMode.ceil:
        count = math.ceil(steps)
    elif rest != Fraction(1, 2):
        count = low + (rest > Fraction(1, 2))
    else:
        count = low + 1 if mode is RoundingMode.half_up or low % 2 else low
    return count * Fraction(increment)


def random_decimal(rng: random.Random, digits: int, places: int) -> Decimal:
    return Decimal(rng.randrange(1, 10**digits)).scaleb(-rng.randrange(0, places + 1))


@pytest.mark.parametrize("mode", list(RoundingMode))
def test_conversion_is_exact_for_random_prices_rates_and_increments(mode: RoundingMode):
    rng = random.Random(f"money-{mode}")
    for _ in range(3000):
        amount = random_decimal(rng, 12, 4)
        fx_rate = random_decimal(rng, 10, 9)
        increment = Decimal(rng.choice(INCREMENTS)) if rng.random() < 0.7 else random_decimal(rng, 4, 6)
        converted = convert(amount, fx_rate, Rounding(increment=increment, mode=mode))
        assert isinstance(converted, Decimal)
        assert Fraction(converted) == reference(amount, fx_rate, increment, mode), (
            amount,
            fx_rate,
            increment,
        )


def test_ties_follow_the_stated_mode():
    """80.685 is a tie between 80.68 and 80.69: only half_up and ceil go up."""
    tie = Decimal("80.685")
    expected = {"half_up": "80.69", "half_even": "80.68", "ceil": "80.69", "floor": "80.68"}
    for mode, price in expected.items():
        assert convert(tie, Decimal(1), Rounding(increment=Decimal("0.01"), mode=mode)) == Decimal(price)
    # a tie whose lower multiple is odd: half_even goes up
    assert convert(Decimal("80.675"), Decimal(1), Rounding(mode="half_even")) == Decimal("80.68")
    assert convert(Decimal("17.02"), Decimal(1), Rounding(increment=Decimal("0.05"))) == Decimal("17.00")
    assert convert(Decimal("17.025"), Decimal(1), Rounding(increment=Decimal("0.05"))) == Decimal("17.05")


def test_a_market_rounding_inherits_what_it_leaves_out_from_the_site():
    site = Rounding(increment=Decimal("0.01"), mode="ceil")
    assert Rounding.model_validate(0.05).over(site) == Rounding(increment=Decimal("0.05"), mode="ceil")
    assert Rounding.model_validate({"mode": "floor"}).over(site) == Rounding(
        increment=Decimal("0.01"), mode="floor"
    )
    assert Rounding().mode is RoundingMode.half_up
