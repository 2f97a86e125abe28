"""The in-memory library: the whole site, loaded and cross-checked once, then only read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from .clock import build_date
from .models import Category, Product, Site
from .models.ids import EntityId
from .models.matrix import Matrix
from .models.trust import Case, Certificate, Factory, Testimonial
from .models.video import Video

TRUST_TABLES: dict[str, str] = {
    "certificate": "certificates",
    "factory": "factories",
    "case": "cases",
    "testimonial": "testimonials",
}
"""Entity kind of the trust content → the library's table of it."""


@dataclass(frozen=True)
class PageText:
    """One language version of a Markdown page."""

    lang: str
    title: str
    description: str
    slug: str
    body: str
    noindex: bool
    updated: date | None
    source: str
    draft: bool = False
    """Set in the file or in the page's default-language file."""
    machine: bool = False
    """A machine translation nobody has reviewed yet."""
    seo_title: str | None = None
    """What the title pattern gets instead of `title`, when the headline is too long for it."""
    warning: str = ""
    """What of the body the page leaves out (raw HTML), with its position, for the build to say."""

    @property
    def title_text(self) -> str:
        """The text filled into the site's page title pattern."""
        return self.seo_title or self.title


@dataclass(frozen=True)
class Page:
    key: str
    layout: str
    nav_order: int | None
    translations: dict[str, PageText]


@dataclass(frozen=True)
class Article:
    """An article: what its language versions share, and each version's texts."""

    key: str
    kind: str
    published: date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    products: tuple[str, ...]
    """SKUs the article names; their product pages link back to it."""
    image: str | None
    translations: dict[str, PageText]


@dataclass(frozen=True)
class Source:
    """Where an entity was defined, for errors raised after loading (e.g. URL collisions)."""

    path: str
    line: int = 1
    column: int = 1


@dataclass
class Library:
    root: Path
    site: Site
    categories: dict[str, Category] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    matrices: dict[str, Matrix] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)
    factories: dict[str, Factory] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    testimonials: dict[str, Testimonial] = field(default_factory=dict)
    """Trust content (see models/trust.py), by slug, in file order."""
    lastmod: dict[EntityId, date] = field(default_factory=dict)
    """Last content change of each product, category, matrix, page file and article file."""
    sources: dict[EntityId, Source] = field(default_factory=dict)
    today: date = field(default_factory=build_date)
    """The build's date, read once in the main process so every worker dates offers alike."""
    drafts: frozenset[EntityId] = frozenset()
    """Entity ids (as in `lastmod`) of drafts, present only in a preview (`pseo serve`):
    production builds leave drafts out of the library altogether."""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def videos(self) -> list[Video]:
        """Every video the site shows: the products' and the factories'."""
        return [
            video for item in (*self.products.values(), *self.factories.values()) for video in item.videos
        ]

    def trust_images(self) -> set[str]:
        """Image files the trust content and the home page's hero show."""
        hero = self.site.showcase.hero_image
        srcs = {hero.src} if hero else set()
        srcs |= {c.scan.src for c in self.certificates.values()}
        for item in (*self.factories.values(), *self.cases.values()):
            srcs |= {photo.src for photo in item.photos}
        return srcs

    def languages_of(self, entity: Product | Category | Certificate | Factory | Case) -> list[str]:
        """Site languages the entity is published in, in site order."""
        codes = self.site.language_codes
        published = entity.languages(codes)
        return [code for code in codes if code in published]

    def children(self, parent: str | None) -> list[Category]:
        return sorted(
            (c for c in self.categories.values() if c.parent == parent), key=lambda c: (c.order, c.slug)
        )

    def category_trail(self, slug: str) -> list[Category]:
        """The category and its ancestors, root first."""
        trail: list[Category] = []
        current: str | None = slug
        while current is not None:
            category = self.categories[current]
            trail.insert(0, category)
            current = category.parent
        return trail

    def products_in(self, slug: str) -> list[Product]:
        """Products of a category and of all its descendants, by SKU."""
        return self._category_index.get(slug, [])

    @cached_property
    def _category_index(self) -> dict[str, list[Product]]:
        index: dict[str, list[Product]] = {}
        for product in self.products.values():
            for category in self.category_trail(product.category):
                index.setdefault(category.slug, []).append(product)
        return index
