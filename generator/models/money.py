"""Money policy: how prices converted to a market's currency are rounded.

Prices are exact decimals from the catalog; a converted price is the exact product of
price and exchange rate, rounded once to the market's increment in the market's stated
mode. Everything is `Decimal` with the context's rounding trapped, so no step can
round silently (a float, or a context of too few digits, would shift a price by one
increment on a tie).
"""

from __future__ import annotations

from decimal import Decimal, Inexact, Rounded, localcontext
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, GetJsonSchemaHandler, model_validator

from .base import StrictModel


class RoundingMode(StrEnum):
    half_up = "half_up"
    """To the nearest multiple; a tie goes away from zero (commercial rounding)."""
    half_even = "half_even"
    """To the nearest multiple; a tie goes to the even multiple (banker's rounding)."""
    ceil = "ceil"
    """Up to the next multiple."""
    floor = "floor"
    """Down to the previous multiple."""


class Rounding(StrictModel):
    """`{increment: 0.05, mode: half_up}`; a plain number is the increment."""

    increment: Annotated[
        Decimal, Field(gt=0, max_digits=12, decimal_places=6, description="Round to a multiple of this")
    ] = Decimal("0.01")
    mode: RoundingMode = Field(default=RoundingMode.half_up, description="half_up, half_even, ceil or floor")

    @model_validator(mode="before")
    @classmethod
    def number_is_increment(cls, value: Any) -> Any:
        if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
            return {"increment": value}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        number = {"type": "number", "exclusiveMinimum": 0, "description": "The increment; mode from the site"}
        return {"anyOf": [number, handler(schema)]}

    def over(self, default: Rounding) -> Rounding:
        """This rounding, with what it leaves out taken from `default` (the site's)."""
        return default.model_copy(update={name: getattr(self, name) for name in self.model_fields_set})

    def apply(self, amount: Decimal) -> Decimal:
        """`amount` rounded to a multiple of the increment, exactly."""
        increment = self.increment
        with localcontext() as context:
            context.traps[Inexact] = context.traps[Rounded] = True
            context.prec = _span(amount, increment)
            steps, rest = divmod(abs(amount), increment)
            magnitude = (steps + 1 if rest and self._away(steps, rest, amount < 0) else steps) * increment
            return magnitude if amount >= 0 else -magnitude

    def _away(self, steps: Decimal, rest: Decimal, negative: bool) -> bool:
        """Whether a magnitude of `steps` increments and a `rest` rounds away from zero."""
        if self.mode == RoundingMode.ceil:
            return not negative
        if self.mode == RoundingMode.floor:
            return negative
        twice = 2 * rest
        if twice == self.increment:
            return self.mode == RoundingMode.half_up or steps % 2 == 1
        return twice > self.increment


def convert(amount: Decimal, fx_rate: Decimal, rounding: Rounding) -> Decimal:
    """`amount` in another currency at `fx_rate`, rounded per `rounding`: the one place
    where a converted price is computed, so every page shows the same number."""
    with localcontext() as context:
        context.traps[Inexact] = context.traps[Rounded] = True
        context.prec = _digits(amount) + _digits(fx_rate) + 1
        exact = amount * fx_rate
    return rounding.apply(exact)


def _digits(number: Decimal) -> int:
    return len(number.as_tuple().digits)


def _span(*numbers: Decimal) -> int:
    """Digits enough to hold every intermediate of rounding `numbers[0]` to `numbers[1]`:
    from the largest magnitude down to the finest exponent among them, and a little more."""
    top = max(number.adjusted() for number in numbers)
    bottom = min(int(number.as_tuple().exponent) for number in numbers)
    return max(top - bottom + 3, 1)
