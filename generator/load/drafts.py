"""Drafts: products, categories, pages, articles and matrices marked `draft: true`.

A production build leaves drafts out before anything is linked, so they cannot reach
a sitemap, a navigation menu, a hub, a related-products list or a matrix; a published
entity that still names one is an error at the reference (see `links.check_links`),
because dropping the link silently would publish a page that differs from what its
file says. A preview (`pseo serve`) keeps drafts and remembers which they are, so the
theme can mark their pages with a banner.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from ..library import Article, Page
from ..models.ids import EntityId
from .source import Document

Entities = list[tuple[Any, Document]]
Translated = TypeVar("Translated", Page, Article)


@dataclass
class Drafts:
    """The loaded entities with drafts sorted out."""

    categories: Entities
    products: Entities
    matrices: Entities
    pages: dict[str, Page]
    articles: dict[str, Article]
    files: dict[EntityId, str] = field(default_factory=dict)
    """File of every draft by entity id (a page or article without a language for a whole one)."""


def sort_out_drafts(
    categories: Entities,
    products: Entities,
    matrices: Entities,
    pages: dict[str, Page],
    articles: dict[str, Article],
    *,
    keep: bool,
) -> Drafts:
    """Drafts found among the entities; unless `keep` (a preview), they are left out."""
    files: dict[EntityId, str] = {}
    kept: list[Entities] = []
    for kind, name, entities in (
        ("category", "slug", categories),
        ("product", "sku", products),
        ("matrix", "id", matrices),
    ):
        for entity, document in entities:
            if entity.draft:
                files[EntityId(kind, getattr(entity, name))] = document.path
        kept.append([item for item in entities if keep or not item[0].draft])
    published_pages = _published("page", pages, files, keep)
    return Drafts(
        *kept, pages=published_pages, articles=_published("article", articles, files, keep), files=files
    )


def _published(
    kind: Literal["page", "article"], items: dict[str, Translated], files: dict[EntityId, str], keep: bool
) -> dict[str, Translated]:
    """Pages or articles without their draft language versions (all kept when `keep`);
    each draft is recorded in `files`."""
    published: dict[str, Translated] = {}
    for key, item in items.items():
        for lang, text in item.translations.items():
            if text.draft:
                files[EntityId(kind, key, lang=lang)] = text.source
        texts = {lang: text for lang, text in item.translations.items() if not text.draft}
        if not texts:  # a draft default-language file makes every translation a draft
            files[EntityId(kind, key)] = next(iter(item.translations.values())).source
        if keep:
            published[key] = item
        elif texts:
            published[key] = replace(item, translations=texts)
    return published
