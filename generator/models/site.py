"""`site.yaml`: the site-wide configuration every page is built from."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, HttpUrl, ValidationInfo, field_validator, model_validator

from .article import AuthorRegistry, TagRegistry
from .base import (
    SLUG_PATTERN,
    Count,
    CurrencyCode,
    LanguageTag,
    Localized,
    StrictModel,
    check_placeholders,
    coverage_gaps,
    did_you_mean,
    field_error,
    language_chain,
    language_key,
    listing,
    localized_texts,
    printable,
    require_coverage,
    site_languages,
)
from .build import BuildSettings
from .checks import CheckSettings
from .commerce import Pricing, ReturnPolicy, Shipping
from .contact import Contacts
from .deploy import DeploySettings
from .documents import DocumentSettings
from .ids import EntityId
from .indexnow import IndexNowSettings
from .inquiry import Inquiry
from .languages import Language, MachineTranslations, MissingTranslations, ThemeStrings
from .listings import Listings
from .money import Rounding
from .origins import Security, split_url
from .paths import CategoryPaths
from .search import Search
from .sections import check_sections
from .tracking import Tracking
from .trust import Showcase

PageType = Literal["home", "category", "product", "page"]

TEMPLATE_FIELDS: dict[str, frozenset[str]] = {
    "home": frozenset({"site", "tagline"}),
    "category": frozenset({"site", "name", "parent", "summary"}),
    "product": frozenset({"site", "name", "sku", "category", "summary", "moq"}),
    "page": frozenset({"site", "title"}),
}
"""Placeholders each page type offers to the title/description templates."""


SHOWN_ON_EVERY_PAGE = ("name", "tagline", "navigation", "inquiry", "seo")
"""Site fields whose texts pages show; `sections` are URL segments and may fall back."""


class Address(StrictModel):
    street: str
    city: str
    region: str | None = None
    postal_code: str | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]


class Organization(StrictModel):
    name: str = Field(description="Trading name shown on the site")
    legal_name: str
    logo: str = Field(description="Logo image, relative to content/ (at least 112×112 px)")
    address: Address
    phone: Annotated[str, Field(pattern=r"^\+[0-9 ()-]{6,20}$", description="International format")]
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]
    founding_year: Annotated[int, Field(ge=1800, le=9999)]
    employees: Count
    certifications: list[str] = Field(default_factory=list)
    social_profiles: list[HttpUrl] = Field(default_factory=list)
    vat_id: str | None = None

    @field_validator("founding_year")
    @classmethod
    def founding_year_not_in_future(cls, year: int) -> int:
        if year > date.today().year:
            raise ValueError("must not be in the future")
        return year


class NavItem(StrictModel):
    label: Localized
    target: Annotated[
        str,
        Field(
            pattern=r"^(home|products|articles|certificates|factory|cases|page:[a-z0-9-]+"
            r"|category:[a-z0-9-]+|product:[A-Za-z0-9._-]+)$",
            description="home, products (the products index), articles (the articles index), "
            "certificates, factory, cases (the trust pages), page:KEY, category:SLUG or product:SKU",
        ),
    ]

    @property
    def entity(self) -> EntityId | None:
        """What the item links to (user syntax `kind:key`, read here only); None for home."""
        kind, _, key = self.target.partition(":")
        return EntityId(kind, key) if key else None  # type: ignore[arg-type]


class TextTemplates(StrictModel):
    """Per-language templates with {placeholders}, one per page type."""

    home: Localized
    category: Localized
    product: Localized
    page: Localized

    @model_validator(mode="after")
    def placeholders_exist(self) -> TextTemplates:
        for page_type, allowed in TEMPLATE_FIELDS.items():
            check_placeholders(getattr(self, page_type), allowed, page_type)
        return self


class Seo(StrictModel):
    titles: TextTemplates
    descriptions: TextTemplates
    checks: CheckSettings = Field(default_factory=CheckSettings)


class ImageQuality(StrictModel):
    """Encoder quality per output format (1 to 100); lower means smaller files."""

    avif: Annotated[int, Field(ge=1, le=100)] = 50
    webp: Annotated[int, Field(ge=1, le=100)] = 75
    jpeg: Annotated[int, Field(ge=1, le=100)] = 80


class ImageSettings(StrictModel):
    """How content images are re-encoded: responsive widths and encoder settings."""

    widths: list[Annotated[int, Field(ge=16, le=8192)]] = Field(
        default_factory=lambda: [320, 640, 960, 1280, 1920],
        min_length=1,
        description="Rendition widths in px; images are never upscaled past their own width",
    )
    quality: ImageQuality = Field(default_factory=ImageQuality)
    avif_speed: Annotated[int, Field(ge=0, le=10)] = Field(
        default=7,
        description="AVIF encoder speed: 0 is slowest with the smallest files, 10 fastest "
        "(7 is about 2.5x faster than 6 for files a few percent larger)",
    )
    social_cards: bool = Field(
        default=True, description="Draw a 1200×630 Open Graph card per product (og:image)"
    )

    @field_validator("widths")
    @classmethod
    def widths_are_sorted_and_unique(cls, widths: list[int]) -> list[int]:
        return sorted(set(widths))


class Site(StrictModel):
    """The whole of `site.yaml`."""

    base_url: HttpUrl = Field(description="Public https origin of the site, e.g. https://www.example.com")
    name: Localized = Field(description="Site name, used in titles and the WebSite structured data")
    tagline: Localized
    languages: list[Language] = Field(min_length=1)
    default_language: LanguageTag
    default_language_in_root: bool = Field(
        default=True, description="Serve the default language at / (else at /<lang>/)"
    )
    x_default: LanguageTag | None = Field(
        default=None, description="Language that hreflang x-default points to (default language if unset)"
    )
    missing_translations: MissingTranslations = MissingTranslations.skip
    machine_translations: MachineTranslations = Field(
        default=MachineTranslations.noindex,
        description="noindex: machine-translated pages are built but kept out of search, sitemaps and "
        "hreflang until reviewed; publish: treated like reviewed ones",
    )
    currency: CurrencyCode = Field(description="Default currency of prices")
    rounding: Rounding = Field(
        default_factory=Rounding,
        description="How prices converted to a market's currency are rounded, unless the market says",
    )
    organization: Organization
    pricing: Pricing = Field(default_factory=Pricing)
    shipping: Shipping = Field(default_factory=Shipping)
    returns: ReturnPolicy | None = Field(
        default=None, description="Standard return policy, on the Organization and every offer"
    )
    inquiry: Inquiry
    contacts: Contacts | None = Field(default=None, description="Click-to-contact links in the page header")
    tracking: Tracking | None = Field(
        default=None, description="Analytics vendors, loaded only after the visitor's consent"
    )
    search: Search = Field(
        default_factory=Search, description="Site search (Pagefind) and the catalog page's spec filters"
    )
    showcase: Showcase = Field(
        default_factory=Showcase, description="The home page's hero and trust bar (see content/certificates/)"
    )
    navigation: list[NavItem] = Field(default_factory=list)
    seo: Seo
    sections: dict[Literal["products", "categories", "articles", "tags"], Localized] = Field(
        default_factory=dict,
        description="URL segment of product, category and article pages and of tag pages (below the "
        "articles segment) per language",
    )
    category_paths: CategoryPaths = Field(
        default_factory=CategoryPaths, description="Flat or nested category and product URLs"
    )
    authors: AuthorRegistry = Field(
        default_factory=dict, description="People who write the articles, by the key articles name them with"
    )
    article_tags: TagRegistry = Field(
        default_factory=dict, description="Tags articles may carry: URL slug → name per language"
    )
    listings: Listings = Field(
        default_factory=Listings, description="Which tag and archive pages are indexed; listing intros"
    )
    images: ImageSettings = Field(default_factory=ImageSettings)
    security: Security = Field(
        default_factory=Security, description="Additions to the security headers of `_headers`"
    )
    deploy: DeploySettings = Field(
        default_factory=DeploySettings, description="Object storage and CDN of `pseo deploy` (no credentials)"
    )
    indexnow: IndexNowSettings | None = Field(
        default=None, description="Key of `pseo ping`, which tells search engines what changed (IndexNow)"
    )
    build: BuildSettings = Field(
        default_factory=BuildSettings, description="Where `pseo build` runs its tasks (see --engine)"
    )
    documents: DocumentSettings | None = Field(
        default=None, description="Catalog and datasheet PDFs made at build time (none when omitted)"
    )

    @field_validator("base_url")
    @classmethod
    def base_url_is_https_origin(cls, url: HttpUrl) -> HttpUrl:
        """Checked like the policy's origins: every canonical URL starts with it."""
        _, rest = split_url(str(url))
        if rest != "/":
            raise ValueError(
                "must be an origin without path, query or fragment, e.g. https://www.example.com"
            )
        return url

    @field_validator("sections")
    @classmethod
    def sections_are_slugs(cls, sections: dict[str, Localized]) -> dict[str, Localized]:
        """Each segment starts URL paths that `_headers` and `_redirects` list line by line."""
        for name, segments in sections.items():
            for lang, segment in segments.items():
                if not re.fullmatch(SLUG_PATTERN, segment):
                    raise field_error(
                        "'{segment}' is not a lowercase ASCII slug",
                        name,
                        *language_key(lang),
                        segment=printable(segment),
                    )
        return sections

    @field_validator("languages")
    @classmethod
    def languages_are_unique(cls, languages: list[Language]) -> list[Language]:
        seen: set[str] = set()
        for index, language in enumerate(languages):
            if language.code in seen:
                raise field_error("language '{code}' is listed twice", index, "code", code=language.code)
            seen.add(language.code)
        for index, language in enumerate(languages):
            primary = language.code.split("-")[0]
            for position, tag in enumerate(language.also_serves):
                if tag in seen:
                    raise field_error(
                        "'{tag}' is already a site language or served by another one",
                        index,
                        "also_serves",
                        position,
                        tag=tag,
                    )
                if tag.split("-")[0] != primary:
                    raise field_error(
                        "'{tag}' is not a variant of '{code}'",
                        index,
                        "also_serves",
                        position,
                        tag=tag,
                        code=language.code,
                    )
                seen.add(tag)
        return languages

    @field_validator("languages")
    @classmethod
    def theme_speaks_every_language(cls, languages: list[Language], info: ValidationInfo) -> list[Language]:
        """The theme's catalogs must translate every UI message into every language (its
        own catalog or a broader one: `es` serves `es-MX`), or pages in it would show the
        theme's English; a declared `fallback` language stands in, marked with its lang."""
        theme: ThemeStrings | None = (info.context or {}).get("theme")
        if theme is None:
            return languages
        problems = [
            (index, theme.problem(language.code, language.fallback))
            for index, language in enumerate(languages)
        ]
        found = [(index, problem) for index, problem in problems if problem]
        if found:
            (index, problem), others = found[0], found[1:]
            if others:
                problem += "; the same for " + listing([languages[other].code for other, _ in others])
            raise field_error(problem, index, "code")
        return languages

    @field_validator(*SHOWN_ON_EVERY_PAGE)
    @classmethod
    def texts_read_in_every_language(cls, value: Any, info: ValidationInfo) -> Any:
        """Site-wide texts (name, tagline, menu, form, title and description patterns)
        appear on pages in every language, so each must exist in every language.
        Checked per field, so that one run reports every field with a gap."""
        within = (info.field_name or "",)
        gaps = coverage_gaps(localized_texts(value, within), site_languages(info) or ())
        require_coverage(gaps, "no translation to '{lang}' (a site language)", within)
        return value

    @model_validator(mode="after")
    def defaults_are_declared(self) -> Site:
        codes = [language.code for language in self.languages]
        if self.default_language not in codes:
            raise field_error("'{code}' is not in languages", "default_language", code=self.default_language)
        if self.x_default and self.x_default not in codes:
            raise field_error("'{code}' is not in languages", "x_default", code=self.x_default)
        for tag in self.listings.intro.tags:
            if tag not in self.article_tags:
                message = "unknown tag '{tag}'" + did_you_mean(tag, self.article_tags)
                raise field_error(message, "listings", "intro", "tags", tag, tag=tag)
        return self

    @model_validator(mode="after")
    def sections_are_free(self) -> Site:
        """A segment another page or folder takes would put two pages at one URL."""
        check_sections(self)
        return self

    @property
    def origin(self) -> str:
        return str(self.base_url).rstrip("/")

    @cached_property
    def language_codes(self) -> tuple[str, ...]:
        """Kept once made: routing and listing ask for it for every page of every product."""
        return tuple(language.code for language in self.languages)

    def ui_fallback(self, code: str) -> str | None:
        """The declared language whose theme UI strings stand in for missing ones of `code`."""
        return next((language.fallback for language in self.languages if language.code == code), None)

    def fallback_chain(self, code: str) -> tuple[str, ...]:
        """Languages whose text may stand in for `code`: zh-Hans-CN → zh-Hans → zh →
        default language. Validation sees to it that no displayed text needs the last step."""
        chain = list(language_chain(code))
        if self.default_language not in chain:
            chain.append(self.default_language)
        return tuple(chain)
