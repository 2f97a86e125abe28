"""Trade data of a product: identifiers, packing, warranty and customs codes.

Each field is typed with its unit (UN/CEFACT codes, like quantities), so pages format it
per language and structured data states it only where schema.org has an honest property.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .base import Count, Localized, Measure, StrictModel, UnitCode

HsCode = Annotated[
    str,
    Field(
        pattern=r"^\d{4}\.\d{2}(\.\d{2,4}){0,2}$",
        description="Harmonized System code, e.g. 8481.80, or a national tariff line, e.g. 8481.80.1030",
    ),
]


def gtin_check_digit_ok(code: str) -> bool:
    """GS1 check digit: weights 3 and 1 alternate from the right, the sum is a multiple of 10."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(reversed(code)))
    return total % 10 == 0


def _check_gtin(code: str) -> str:
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        raise PydanticCustomError(
            "gtin", "'{code}' is not a GTIN-8, -12, -13 or -14 (digits only)", {"code": code}
        )
    if not gtin_check_digit_ok(code):
        raise PydanticCustomError("gtin", "'{code}' has a wrong GS1 check digit", {"code": code})
    return code


Gtin = Annotated[str, AfterValidator(_check_gtin), Field(description="GTIN-8/12/13/14 with its check digit")]

LengthUnit = Literal["MMT", "CMT", "MTR"]
WeightUnit = Literal["GRM", "KGM"]


class Quantity(StrictModel):
    quantity: Count
    unit: UnitCode = "C62"


class Dimensions(StrictModel):
    length: Measure
    width: Measure
    height: Measure
    unit: LengthUnit = Field(description="UN/CEFACT code: MMT (mm), CMT (cm) or MTR (m)")


class Weight(StrictModel):
    value: Measure
    unit: WeightUnit = Field(default="KGM", description="UN/CEFACT code: GRM (g) or KGM (kg)")


class Container(StrEnum):
    """ISO 6346 size-type groups buyers quote by."""

    gp20 = "20GP"
    gp40 = "40GP"
    hq40 = "40HQ"


class Packaging(StrictModel):
    """One shipping package (carton, case, drum…) and how many fit a pallet or container."""

    per_package: Quantity | None = Field(default=None, description="Product quantity in one package")
    dimensions: Dimensions | None = Field(default=None, description="Outer size of one package")
    gross_weight: Weight | None = Field(default=None, description="Gross weight of one full package")
    per_pallet: Annotated[Count | None, Field(description="Packages per pallet")] = None
    per_container: dict[Container, Count] = Field(
        default_factory=dict, description="Packages per container, e.g. {20GP: 280, 40HQ: 660}"
    )
    note: Localized | None = Field(default=None, description="Packing details in words, per language")


class Warranty(StrictModel):
    months: Annotated[int, Field(gt=0, le=600, description="Warranty period in months")]
    terms: Localized | None = Field(default=None, description="What the warranty covers, per language")
