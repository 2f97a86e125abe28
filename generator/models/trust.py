"""Trust content: certificates, factories, customer cases and testimonials.

Each lives in its own folder of `content/` (`certificates/`, `factory/`, `cases/`,
`testimonials/`), one YAML file per item. A certificate whose `valid_until` has passed
is an error, like a lapsed price: a buyer must never see an expired certificate
presented as valid, so the build stops until it is renewed or removed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, HttpUrl, ValidationInfo, field_validator, model_validator

from ..clock import build_date
from .base import (
    MAX_COUNT,
    Count,
    Draft,
    Localized,
    Slug,
    StrictModel,
    TranslationMarks,
    UnitCode,
    field_error,
    require_translations,
)
from .commerce import CountryCode
from .dates import Updated
from .product import Image, Sku
from .video import Video
from .visible import Text


class Certificate(StrictModel):
    """A certificate the company holds, shown with its scan on the certificates page."""

    slug: Slug = Field(description="Anchor of the certificate on the certificates page")
    standard: str = Field(
        min_length=1,
        description="Standard as products name it in `certifications` (e.g. ISO 9001:2015); "
        "their pages link here",
    )
    also_named: list[str] = Field(
        default_factory=list, description="Other names products give it (e.g. ISO 9001 for ISO 9001:2015)"
    )
    title: Localized = Field(
        description="What is certified, e.g. Quality management system; its languages are those the "
        "certificate is listed in"
    )
    number: Text = Field(min_length=1, description="Certificate number as printed")
    issuer: Text = Field(min_length=1, description="Certification body, e.g. TÜV SÜD")
    scope: Localized = Field(description="Scope as stated on the certificate")
    issued: date | None = Field(default=None, description="Date of issue")
    valid_until: date | None = Field(
        default=None, description="Expiry date; a date that has passed is an error. Omit if it never expires"
    )
    scan: Image = Field(description="Scan or photo of the certificate (relative to content/)")
    document: HttpUrl | None = Field(
        default=None, description="Full certificate as a PDF, where it is hosted"
    )
    verify_url: HttpUrl | None = Field(default=None, description="The issuer's public register entry")
    order: int = Field(default=0, description="Position on the certificates page and trust bar (lower first)")
    draft: Draft = False

    @field_validator("valid_until")
    @classmethod
    def still_valid(cls, day: date | None) -> date | None:
        if day is not None and day < build_date():
            raise field_error(
                "the certificate expired on {day}: add the renewed certificate or delete this file",
                day=day.isoformat(),
            )
        return day

    @model_validator(mode="after")
    def issued_before_expiry(self) -> Certificate:
        if self.issued and self.valid_until and self.issued > self.valid_until:
            raise field_error("issued after valid_until", "issued")
        return self

    @model_validator(mode="after")
    def translations_are_complete(self, info: ValidationInfo) -> Certificate:
        return require_translations(self, info)

    def languages(self, site_languages: tuple[str, ...]) -> frozenset[str]:
        """A certificate is listed in the languages of its `title`: no page shows its scope
        in another language than the page's."""
        return frozenset(site_languages) if self.title.is_neutral else self.title.languages


class Capacity(StrictModel):
    """What the factory can make in a month."""

    product: Localized = Field(description="What is made, e.g. Ball valves DN15–DN300")
    quantity: Count
    unit: UnitCode = "C62"


class Equipment(StrictModel):
    name: Localized = Field(description="Machine or test rig, e.g. CNC turning centre")
    count: Count = 1


class Factory(StrictModel):
    """A production site, with the figures a buyer's audit asks for first."""

    slug: Slug = Field(description="Anchor of the site on the factory page")
    name: Localized
    summary: Localized = Field(description="One or two sentences on what the site makes")
    description: Localized | None = Field(
        default=None, description="Markdown per language: processes, testing, what a visitor sees"
    )
    location: Text = Field(min_length=1, description="City and country, as on the address")
    area_m2: Count = Field(description="Floor area in square metres")
    production_lines: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    staff: Count
    monthly_capacity: list[Capacity] = Field(default_factory=list)
    equipment: list[Equipment] = Field(default_factory=list)
    photos: list[Image] = Field(default_factory=list)
    videos: list[Video] = Field(
        default_factory=list, description="Factory tours and process films behind a click-to-load poster"
    )
    order: int = 0
    updated: Updated = Field(default=None, description="Last revision (default: the file's last commit)")
    draft: Draft = False
    translation: TranslationMarks = Field(default_factory=dict)

    @model_validator(mode="after")
    def translations_are_complete(self, info: ValidationInfo) -> Factory:
        return require_translations(self, info)

    def languages(self, site_languages: tuple[str, ...]) -> frozenset[str]:
        return frozenset(site_languages) if self.name.is_neutral else self.name.languages


class Case(StrictModel):
    """A customer case: one page per language it is translated to."""

    slug: Slug
    name: Localized = Field(description="Case title; its languages are the case's translations")
    seo_title: Localized | None = Field(
        default=None,
        description="Title for search results, filled into seo.titles.page instead of `name` when the "
        "headline is too long for one (Google shows about 60 characters)",
    )
    summary: Localized = Field(description="One sentence for the cases list and meta description")
    country: CountryCode = Field(description="The customer's country")
    industry: Localized
    customer: str | None = Field(default=None, description="Customer name, only with their consent")
    year: Annotated[int, Field(ge=1900)] | None = None
    updated: Updated = Field(default=None, description="Last revision (default: the file's last commit)")
    problem: Localized = Field(description="Markdown: what the customer needed")
    result: Localized = Field(description="Markdown: what was delivered and what it achieved")
    outcome: Localized | None = Field(
        default=None,
        description="The measured result in one or two plain sentences, shown on the cases list's card",
    )
    products: list[Sku] = Field(default_factory=list, description="SKUs used; their pages are linked")
    photos: list[Image] = Field(default_factory=list)
    order: int = Field(default=0, description="Position in lists (lower first)")
    draft: Draft = False
    translation: TranslationMarks = Field(default_factory=dict)

    @model_validator(mode="after")
    def translations_are_complete(self, info: ValidationInfo) -> Case:
        return require_translations(self, info)

    def languages(self, site_languages: tuple[str, ...]) -> frozenset[str]:
        return frozenset(site_languages) if self.name.is_neutral else self.name.languages


class Testimonial(StrictModel):
    """A buyer's own words, shown as plain text: never as a rating of the company."""

    slug: Slug
    quote: Localized = Field(description="The buyer's words; shown only in the languages given")
    author: Text = Field(min_length=1)
    role: Localized | None = Field(default=None, description="Job title, e.g. Purchasing manager")
    company: Text = Field(min_length=1)
    country: CountryCode
    case: Slug | None = Field(default=None, description="Slug of the case it belongs to")
    order: int = 0
    draft: Draft = False


class Showcase(StrictModel):
    """`showcase:` of site.yaml: what the home page's hero and trust bar say."""

    value_proposition: Localized | None = Field(
        default=None, description="Hero headline: why buy from you, in one sentence (default: tagline)"
    )
    hero_image: Image | None = Field(default=None, description="Large photo beside the hero text")
    export_countries: list[CountryCode] = Field(
        default_factory=list, description="Countries you have shipped to; the trust bar counts them"
    )
    featured_products: list[Sku] = Field(
        default_factory=list, description="SKUs shown first on the home page (default: priced products)"
    )
