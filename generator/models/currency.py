"""Currency codes: ISO 4217, and only those some country pays in on the day of the build."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Annotated

from babel.core import get_global
from babel.numbers import get_territory_currencies, is_currency
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ..clock import build_date


def _check_currency(code: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", code) or not is_currency(code):
        raise PydanticCustomError("currency", "'{code}' is not an ISO 4217 currency code", {"code": code})
    if code not in currencies_in_use(build_date()):
        raise PydanticCustomError(
            "currency",
            "'{code}' is an ISO 4217 code but no country's money today (a former currency, or a "
            "code for testing, gold or no currency); buyers cannot pay in it",
            {"code": code},
        )
    return code


@lru_cache(maxsize=2)
def currencies_in_use(day: date) -> frozenset[str]:
    """Currencies that are legal tender in some territory on `day`, from CLDR."""
    territories = get_global("territory_currencies")
    return frozenset(code for t in territories for code in get_territory_currencies(t, day, tender=True))


CurrencyCode = Annotated[
    str, AfterValidator(_check_currency), Field(description="ISO 4217 currency code, e.g. USD")
]
