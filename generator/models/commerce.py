"""Site-wide selling terms of `site.yaml`: price validity, shipping markup and returns.

They feed the offers' structured data, so each one is stated once here and shown on the
pages it is claimed for; an export seller who quotes freight per order states no shipping
rate at all rather than an invented one.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from babel import Locale
from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import StrictModel, field_error

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
"""Two-letter CLDR regions that are groupings or pseudo-regions, not ISO 3166-1 countries."""


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    codes = (code for code in Locale("en").territories if len(code) == 2 and code.isalpha())
    return frozenset(codes) - NOT_COUNTRIES


def is_country(code: object) -> bool:
    """An ISO 3166-1 alpha-2 code CLDR knows (DE, US…)."""
    return isinstance(code, str) and code in _territories()


def _check_country(code: str) -> str:
    if not is_country(code):
        raise PydanticCustomError(
            "country", "'{code}' is not an ISO 3166-1 alpha-2 country code, e.g. DE or US", {"code": code}
        )
    return code


CountryCode = Annotated[str, AfterValidator(_check_country), Field(description="ISO 3166-1 alpha-2, e.g. DE")]


class Pricing(StrictModel):
    valid_days: Annotated[int | None, Field(gt=0)] = Field(
        default=None,
        description="Offers state prices valid for this many days from the build (priceValidUntil), "
        "unless a product gives its own price_valid_until",
    )


class Shipping(StrictModel):
    product_pages: bool = Field(
        default=False,
        description="Also state delivery times to every market with a country on product pages "
        "(market landing pages always do)",
    )


class ReturnCategory(StrEnum):
    finite_window = "finite_window"
    not_permitted = "not_permitted"
    unlimited_window = "unlimited_window"

    @property
    def schema_org(self) -> str:
        return {
            "finite_window": "MerchantReturnFiniteReturnWindow",
            "not_permitted": "MerchantReturnNotPermitted",
            "unlimited_window": "MerchantReturnUnlimitedWindow",
        }[self.value]


class ReturnFees(StrEnum):
    free = "free"
    buyer_pays = "buyer_pays"

    @property
    def schema_org(self) -> str:
        return {"free": "FreeReturn", "buyer_pays": "ReturnFeesCustomerResponsibility"}[self.value]


class ReturnMethod(StrEnum):
    by_mail = "by_mail"
    in_store = "in_store"
    at_kiosk = "at_kiosk"

    @property
    def schema_org(self) -> str:
        return "Return" + "".join(part.capitalize() for part in self.value.split("_"))


class ReturnPolicy(StrictModel):
    """The standard return policy (schema.org MerchantReturnPolicy), shown on product pages."""

    applicable_countries: list[CountryCode] = Field(
        min_length=1, max_length=25, description="Countries the policy applies to (Google reads up to 25)"
    )
    return_country: CountryCode = Field(description="Country goods are sent back to (returnPolicyCountry)")
    category: ReturnCategory
    days: Annotated[int | None, Field(gt=0, description="Return window; required for finite_window")] = None
    fees: ReturnFees | None = None
    method: ReturnMethod | None = None

    @model_validator(mode="after")
    def window_has_days(self) -> ReturnPolicy:
        if self.category is ReturnCategory.finite_window and self.days is None:
            raise field_error("a finite_window policy needs days", "days")
        if self.category is not ReturnCategory.finite_window and self.days is not None:
            raise field_error("days apply to a finite_window policy only", "days")
        if self.category is ReturnCategory.not_permitted and (self.fees or self.method):
            raise field_error("a policy that permits no returns has no fees or method", "category")
        return self
