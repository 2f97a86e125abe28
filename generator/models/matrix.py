"""Keyword matrices: `content/pseo/<id>.yaml`, expanded into landing pages.

A matrix crosses dimensions (products or categories from the catalog, and inline
values such as markets, applications and buyer intents). Every pattern is written
per language because word order and grammar differ; every value brings its own
data and text, so that the pages say something specific instead of repeating a
template with the keyword swapped.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .base import (
    CurrencyCode,
    Draft,
    LanguageTag,
    Localized,
    SiteLanguageKeys,
    Slug,
    StrictModel,
    check_placeholders,
    coverage_gaps,
    did_you_mean,
    field_error,
    localized_texts,
    require_coverage,
    site_languages,
)
from .category import Category
from .commerce import CountryCode
from .conditions import COMBINATIONS, Condition, attributes_of, check_condition
from .money import Rounding, convert
from .patterns import PAGE_DATA, Names, Patterns
from .product import Faq, LeadTime, Product

Block = Literal["intro", "specs", "prices", "lead_time", "certifications", "products", "faqs", "inquiry"]


class Value(StrictModel):
    """An inline dimension value: an application, a buyer intent, a market…"""

    key: Slug = Field(description="Stable identifier, also the default URL slug")
    slugs: Annotated[dict[LanguageTag, Slug], SiteLanguageKeys] = Field(
        default_factory=dict, description="Per-language URL slugs"
    )
    name: Names = Field(
        description="Name as it reads inside titles and headings; per language a text or its "
        "grammatical forms, e.g. {nominative: Германия, locative: в Германии}"
    )
    text: Localized | None = Field(default=None, description="Markdown paragraph about this value")
    faqs: Annotated[dict[LanguageTag, list[Faq]], SiteLanguageKeys] = Field(default_factory=dict)
    languages: list[LanguageTag] = Field(
        default_factory=list,
        description="Publish pages with this value only in these languages (e.g. a market's languages)",
    )
    attributes: dict[str, str | int | float | bool] = Field(
        default_factory=dict,
        description="Facts about this value that `rules.thin_when` can test, e.g. {local_content: true}",
    )

    def slug_for(self, lang: str) -> str:
        return self.slugs.get(lang, self.key)


class Market(Value):
    """A target market: where buyers are, what they pay in and what they require."""

    country: CountryCode | None = Field(
        default=None, description="Destination country of the market's offers (shipping details, HS code)"
    )
    currency: CurrencyCode
    fx_rate: Annotated[Decimal, Field(gt=0, description="Units of `currency` per unit of the site currency")]
    rounding: Rounding | None = Field(
        default=None,
        description="Rounding of converted prices, e.g. {increment: 0.05, mode: half_up}; what it leaves "
        "out comes from the site's `rounding`",
    )
    transit: LeadTime = Field(description="Typical sea or air freight days from the port of loading")
    ports: list[Localized] = Field(
        min_length=1, description="Usual ports of discharge, each a name or a map of language → name"
    )
    required_certifications: list[str] = Field(
        default_factory=list, description="Certifications buyers in this market require, e.g. CE, UKCA"
    )
    contact: Localized | None = Field(default=None, description="Local contact or agent")

    def converts(self, currency: str, site_currency: str) -> bool:
        """Whether prices in `currency` are shown converted on this market's pages: only
        prices in the site currency, the one `fx_rate` is stated against. A product priced
        in a third currency shows its own prices only; no rate for it is known."""
        return currency == site_currency != self.currency

    def price(self, amount: Decimal, site_rounding: Rounding) -> Decimal:
        """`amount` (in the site's currency) in this market's currency, rounded per its policy."""
        rounding = self.rounding.over(site_rounding) if self.rounding else site_rounding
        return convert(amount, self.fx_rate, rounding)


class Dimension(StrictModel):
    """One axis of the matrix: catalog entities (`source`), inline `values`, or `markets`."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$", description="Placeholder name in patterns")]
    source: Literal["products", "categories"] | None = None
    where: dict[str, Annotated[list[str | bool | int], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="With source: field → allowed values; list fields (certifications) match on any overlap",
    )
    values: list[Value] = Field(default_factory=list)
    markets: list[Market] = Field(default_factory=list)
    attributes: list[str] = Field(
        default_factory=list,
        description="Attributes its values may give (`attributes` of a value), so `rules.thin_when` can "
        "test them even when no value has one yet, e.g. [local_content]",
    )

    @model_validator(mode="after")
    def exactly_one_kind(self) -> Dimension:
        for empty in ("values", "markets"):
            if empty in self.model_fields_set and not getattr(self, empty):
                raise field_error("an empty list gives the matrix no pages: list at least one", empty)
        given = [k for k in ("source", "values", "markets") if getattr(self, k)]
        if len(given) != 1:
            raise field_error("give exactly one of source, values or markets", "name")
        if self.where and not self.source:
            raise field_error("where filters catalog dimensions only (with source)", "where")
        return self

    @model_validator(mode="after")
    def values_are_told_apart(self) -> Dimension:
        """Two values with one key, or one URL slug in a language, would make their pages at
        the same URLs: the error belongs at the second value, not at the matrix."""
        kind = "markets" if self.markets else "values"
        languages = sorted({lang for value in self.inline for lang in value.slugs})
        for lang in (None, *languages):
            seen: dict[str, int] = {}
            for index, value in enumerate(self.inline):
                slug = value.key if lang is None else value.slug_for(lang)
                if slug in seen:
                    at = ("slugs", lang) if lang in value.slugs else ("key",)
                    what = "key" if lang is None else f"URL slug in '{lang}'"
                    message = "'{slug}' is already the {what} of {kind}[{first}]"
                    raise field_error(
                        message, kind, index, *at, slug=slug, what=what, kind=kind, first=seen[slug]
                    )
                seen[slug] = index
        return self

    @property
    def inline(self) -> list[Value]:
        return [*self.values, *self.markets]

    def attribute_names(self) -> list[str]:
        """What `rules.thin_when` may test on this dimension's values."""
        if self.source:
            return attributes_of(Product if self.source == "products" else Category)
        declared = sorted({*self.attributes, *(name for value in self.inline for name in value.attributes)})
        return attributes_of(Market if self.markets else Value, declared)


class BelowThreshold(StrEnum):
    drop = "drop"
    noindex = "noindex"


class ClusterPolicy(StrEnum):
    """How the languages of one landing page (its hreflang cluster) share a verdict."""

    follow_x_default = "follow_x_default"
    together = "together"
    per_language = "per_language"


class NearDuplicates(StrictModel):
    compare_within: list[str] = Field(
        default_factory=list,
        description="Compare only pages that share the values of these dimensions, e.g. [product, market]: "
        "intents of one product and market are judged against each other, not against other groups "
        "or matrices. Empty: every page of a language is compared with every other",
    )


class Quality(StrictModel):
    max_pages: Annotated[int, Field(gt=0, description="Hard cap: the build fails above it")] = 10_000
    min_unique_words: Annotated[int, Field(ge=0, description="Words a page shares with no template")] = 60
    min_unique_share: Annotated[float, Field(ge=0, le=1)] = 0.2
    near_duplicate_threshold: Annotated[
        float, Field(gt=0, le=1, description="Exact Jaccard similarity of word 5-shingles")
    ] = 0.9
    below_threshold: BelowThreshold = BelowThreshold.noindex
    near_duplicates: NearDuplicates = Field(default_factory=NearDuplicates)
    cluster: ClusterPolicy = Field(
        default=ClusterPolicy.follow_x_default,
        description="follow_x_default: when the x-default language's page is held back, its other "
        "languages are held back with it, so no indexable page loses its x-default; together: one held-"
        "back language holds back all; per_language: each alone (x-default is then left out)",
    )


class Rules(StrictModel):
    certified_for_market: bool = Field(
        default=False,
        description="Strict form: skip every product lacking a certification the market requires "
        "(`thin_when` states a narrower rule)",
    )
    thin_when: Condition | None = Field(
        default=None,
        description="Pages are thin (noindex or dropped per quality.below_threshold) when this holds, e.g. "
        "{all: [missing_required_certification, {market: {local_content: null}}]}",
    )
    min_specs: Annotated[int, Field(ge=0, description="Skip products with fewer specs")] = 0
    priced_only: bool = Field(default=False, description="Skip price-on-request products")
    include: list[dict[str, str]] = Field(
        default_factory=list, description="If given, only combinations matching one of these"
    )
    exclude: list[dict[str, str]] = Field(
        default_factory=list, description="Skip combinations matching any of these, e.g. {market: usa}"
    )


class Hub(StrictModel):
    """The matrix's hub section: an index page and one page per value of `dimension`,
    linking every landing page within three clicks of the home page."""

    dimension: str = Field(description="Dimension whose values get hub pages")
    name: Localized = Field(description="Name of the section, e.g. {en: Export markets}")
    slug: Localized = Field(description="URL segment of the section per language (ASCII)")
    title: Localized = Field(description="Title pattern of hub pages; {name} is the value (or section) name")
    description: Localized = Field(description="Meta description pattern of hub pages, with {name}")
    intro: Localized = Field(description="Markdown introduction of the section's index page")

    @model_validator(mode="after")
    def patterns_use_known_placeholders(self) -> Hub:
        for field in ("title", "description"):
            check_placeholders(getattr(self, field), {"name", "site"}, field)
        for lang, slug in self.slug.items():
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
                raise field_error("'{slug}' is not a lowercase ASCII slug", "slug", lang, slug=slug)
        return self


class Matrix(StrictModel):
    id: Slug
    hub: Hub
    dimensions: list[Dimension] = Field(min_length=1, max_length=4)
    rules: Rules = Field(default_factory=Rules)
    patterns: Patterns
    body: list[Block] = Field(
        default_factory=lambda: ["intro", "specs", "prices", "lead_time", "certifications", "faqs", "inquiry"]
    )
    quality: Quality = Field(default_factory=Quality)
    languages: list[LanguageTag] = Field(default_factory=list, description="Subset of site languages")
    draft: Draft = False

    @field_validator("dimensions")
    @classmethod
    def dimension_names_unique(cls, dimensions: list[Dimension]) -> list[Dimension]:
        seen: set[str] = set()
        for index, dimension in enumerate(dimensions):
            taken = dimension.name in seen or dimension.name in ("site", *COMBINATIONS, *PAGE_DATA)
            if taken:
                raise field_error("dimension name '{name}' is taken", index, "name", name=dimension.name)
            seen.add(dimension.name)
        return dimensions

    @model_validator(mode="after")
    def references_are_dimensions(self, info: ValidationInfo) -> Matrix:
        names = {d.name for d in self.dimensions}
        if self.hub.dimension not in names:
            raise field_error("'{name}' is not a dimension", "hub", "dimension", name=self.hub.dimension)
        for field in ("include", "exclude"):
            for index, combo in enumerate(getattr(self.rules, field)):
                for key in combo:
                    if key not in names:
                        loc = ("rules", field, index, key)
                        message = "'{key}' is not a dimension{hint}"
                        raise field_error(message, *loc, key=key, hint=did_you_mean(key, names), at_key=True)
        if self.rules.thin_when is not None:
            attributes = {d.name: d.attribute_names() for d in self.dimensions}
            check_condition(self.rules.thin_when, attributes, ("rules", "thin_when"))
        for index, name in enumerate(self.quality.near_duplicates.compare_within):
            if name not in names:
                loc = ("quality", "near_duplicates", "compare_within", index)
                hint = did_you_mean(name, names)
                raise field_error("'{name}' is not a dimension{hint}", *loc, name=name, hint=hint)
        known = site_languages(info) or ()
        self.patterns.check(self.dimensions, self.rules.priced_only, self.languages or known)
        for index, lang in enumerate(self.languages):
            if known and lang not in known:
                raise field_error(
                    "'{lang}' is not one of the site's languages", "languages", index, lang=lang
                )
        return self

    @model_validator(mode="after")
    def texts_read_in_every_published_language(self, info: ValidationInfo) -> Matrix:
        """Landing pages exist in the languages every pattern has (and, per value, its name
        has); the texts they show there (value paragraphs, market contacts, the hub) must
        exist in those languages too, or they would read in another one."""
        candidates = self.languages or list(site_languages(info) or ())
        published = [lang for lang in candidates if self.patterns.covers(lang)]
        gaps = coverage_gaps(localized_texts(self.hub, ("hub",)), published)
        for index, dimension in enumerate(self.dimensions):
            for kind in ("values", "markets"):
                for position, value in enumerate(getattr(dimension, kind)):
                    loc = ("dimensions", index, kind, position)
                    languages = [
                        lang
                        for lang in published
                        if value.name.covers(lang) and (not value.languages or lang in value.languages)
                    ]
                    texts = (text for text in localized_texts(value, loc) if text[0] != (*loc, "name"))
                    gaps += coverage_gaps(texts, languages)
        require_coverage(gaps, "pages of this matrix are published in '{lang}', but this text is not")
        return self

    def dimension(self, name: str) -> Dimension:
        return next(d for d in self.dimensions if d.name == name)
