"""Products: `content/products/<name>.yaml`, one file per SKU."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..clock import build_date
from .aliases import UrlPath
from .base import (
    Count,
    CurrencyCode,
    Days,
    Draft,
    LanguageTag,
    Localized,
    Money,
    SiteLanguageKeys,
    Slug,
    StrictModel,
    TranslationMarks,
    field_error,
    require_translations,
)
from .commerce import CountryCode
from .dates import Updated
from .trade import Gtin, HsCode, Packaging, Quantity, Warranty
from .video import Video

Sku = Annotated[
    str, Field(pattern=r"^[A-Z0-9][A-Z0-9._-]{1,39}$", description="Stock keeping unit, uppercase")
]


class Incoterm(StrEnum):
    """Incoterms 2020."""

    EXW = "EXW"
    FCA = "FCA"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"


class Availability(StrEnum):
    """Stock situation; see `schema_org` for the ItemAvailability it maps to."""

    in_stock = "in_stock"
    made_to_order = "made_to_order"
    pre_order = "pre_order"
    out_of_stock = "out_of_stock"
    discontinued = "discontinued"

    @property
    def schema_org(self) -> str:
        return "".join(part.capitalize() for part in self.value.split("_"))


class PriceTier(StrictModel):
    min_qty: Annotated[Count, Field(description="Smallest order quantity this price applies to")]
    max_qty: Annotated[Count | None, Field(description="Largest quantity; omit on the last tier")] = None
    unit_price: Money

    @model_validator(mode="after")
    def max_not_below_min(self) -> PriceTier:
        if self.max_qty is not None and self.max_qty < self.min_qty:
            raise field_error("must not be below min_qty ({min_qty})", "max_qty", min_qty=self.min_qty)
        return self


class LeadTime(StrictModel):
    min_days: Annotated[int, Field(ge=0, le=3650)]
    max_days: Days

    @model_validator(mode="after")
    def max_not_below_min(self) -> LeadTime:
        if self.max_days < self.min_days:
            raise field_error("must not be below min_days ({min_days})", "max_days", min_days=self.min_days)
        return self


class Sample(StrictModel):
    available: bool = True
    quantity: Quantity | None = Field(default=None, description="Largest sample quantity per buyer")
    price: Money | None = Field(default=None, description="Omit for free samples")
    lead_days: Days | None = None


class Customization(StrictModel):
    oem: bool = False
    odm: bool = False
    notes: Localized | None = None


class Spec(StrictModel):
    name: Localized
    value: Localized
    unit: str | None = Field(default=None, description="Display unit, e.g. mm, bar, °C")


class Image(StrictModel):
    src: str = Field(description="Image file relative to content/, e.g. images/ball-valve.jpg")
    alt: Localized = Field(description="Alternative text per language")


class Faq(StrictModel):
    question: str
    answer: str = Field(description="Markdown")


class Product(StrictModel):
    """One product (SKU) of the catalog, in every language it is translated to."""

    sku: Sku
    slug: Slug
    slugs: Annotated[dict[LanguageTag, Slug], SiteLanguageKeys] = Field(
        default_factory=dict, description="Per-language slug overrides"
    )
    category: Slug = Field(description="Slug of the product's category")
    name: Localized = Field(description="Product name; its languages are the product's translations")
    summary: Localized = Field(description="One or two sentences shown in listings and descriptions")
    description: Localized = Field(description="Markdown body per language")
    brand: str | None = None
    mpn: Annotated[str | None, Field(min_length=1, max_length=70, description="Manufacturer part number")] = (
        None
    )
    gtin: Gtin | None = None
    specs: list[Spec] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    videos: list[Video] = Field(
        default_factory=list, description="Product videos, shown behind a click-to-load poster"
    )
    moq: Quantity = Field(description="Minimum order quantity")
    currency: CurrencyCode | None = Field(
        default=None, description="Currency of price_tiers (site currency if unset)"
    )
    price_tiers: list[PriceTier] = Field(default_factory=list)
    price_on_request: bool = False
    price_valid_until: date | None = Field(
        default=None, description="Last day the price tiers hold (site default: pricing.valid_days)"
    )
    availability: Availability | None = Field(
        default=None,
        description="Stock situation, shown on the product page and in its offer; omit it to claim none",
    )
    lead_time: LeadTime
    sample: Sample | None = None
    customization: Customization = Field(default_factory=Customization)
    certifications: list[str] = Field(default_factory=list)
    incoterms: list[Incoterm] = Field(default_factory=list)
    port_of_loading: Localized | None = Field(
        default=None, description="Port the goods leave from: a name, or a map of language → name"
    )
    packaging: Packaging | None = None
    warranty: Warranty | None = None
    payment_terms: list[Localized] = Field(
        default_factory=list,
        description="Payment terms, each a text or a map of language → text, e.g. {en: L/C at sight, de: …}",
    )
    hs_code: HsCode | None = None
    hs_codes: dict[CountryCode, HsCode] = Field(
        default_factory=dict,
        description="Tariff codes per destination country where they differ, e.g. {US: 8481.80.1030}",
    )
    faqs: Annotated[dict[LanguageTag, list[Faq]], SiteLanguageKeys] = Field(
        default_factory=dict, description="FAQs per language"
    )
    related: list[Sku] = Field(default_factory=list, description="SKUs of related products")
    applications: list[Localized] = Field(default_factory=list)
    updated: Updated = Field(default=None, description="Last content change (sitemap lastmod)")
    noindex: bool = False
    draft: Draft = False
    translation: TranslationMarks = Field(default_factory=dict)
    aliases: list[UrlPath] = Field(
        default_factory=list,
        description="Former URL paths (e.g. before a slug change); each becomes a 301 redirect here",
    )

    @field_validator("price_tiers")
    @classmethod
    def tiers_ascend_without_overlap(cls, tiers: list[PriceTier]) -> list[PriceTier]:
        for index in range(1, len(tiers)):
            previous, tier = tiers[index - 1], tiers[index]
            if tier.min_qty <= previous.min_qty:
                raise field_error(
                    "must be greater than the previous tier's min_qty ({previous})",
                    index,
                    "min_qty",
                    previous=previous.min_qty,
                )
            if previous.max_qty is None:
                raise field_error("only the last tier may leave max_qty open", index - 1, "max_qty")
            if tier.min_qty <= previous.max_qty:
                raise field_error(
                    "overlaps the previous tier, which ends at {previous}",
                    index,
                    "min_qty",
                    previous=previous.max_qty,
                )
        return tiers

    @model_validator(mode="after")
    def priced_or_on_request(self) -> Product:
        if self.price_tiers and self.price_on_request:
            raise field_error("set either price_tiers or price_on_request, not both", "price_on_request")
        if not self.price_tiers and not self.price_on_request:
            raise field_error("give price_tiers or set price_on_request: true", "price_tiers")
        if self.price_tiers and self.price_tiers[0].min_qty < self.moq.quantity:
            raise field_error(
                "the first tier starts below the MOQ ({moq})",
                "price_tiers",
                0,
                "min_qty",
                moq=self.moq.quantity,
            )
        return self

    @field_validator("price_valid_until")
    @classmethod
    def price_still_valid(cls, day: date | None) -> date | None:
        """A lapsed validity date would publish prices the seller no longer honours."""
        if day is not None and day < build_date():
            raise field_error("{day} has passed: update the prices and this date", day=day.isoformat())
        return day

    @model_validator(mode="after")
    def translations_are_complete(self, info: ValidationInfo) -> Product:
        return require_translations(self, info)

    def languages(self, site_languages: tuple[str, ...]) -> frozenset[str]:
        """Languages the product is published in: those its name is translated to."""
        return frozenset(site_languages) if self.name.is_neutral else self.name.languages

    def slug_for(self, lang: str) -> str:
        return self.slugs.get(lang, self.slug)

    def hs_code_for(self, country: str | None) -> str | None:
        """The tariff code declared for shipments to `country`."""
        return self.hs_codes.get(country, self.hs_code) if country else self.hs_code

    @property
    def lowest_price(self) -> Decimal | None:
        return min((tier.unit_price for tier in self.price_tiers), default=None)
