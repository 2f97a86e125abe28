"""Drafts: products, categories, pages and matrices marked `draft: true`.

A production build leaves drafts out before anything is linked, so they cannot reach
a sitemap, a navigation menu, a hub, a related-products list or a matrix; a published
entity that still names one is an error at the reference (see `links.check_links`),
because dropping the link silently would publish a page that differs from what its
file says. A preview (`pseo serve`) keeps drafts and remembers which they are, so the
theme can mark their pages with a banner.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..library import Page
from ..models.ids import EntityId
from .source import Document

Entities = list[tuple[Any, Document]]


@dataclass
class Drafts:
    """The loaded entities with drafts sorted out."""

    categories: Entities
    products: Entities
    matrices: Entities
    pages: dict[str, Page]
    files: dict[EntityId, str] = field(default_factory=dict)
    """File of every draft by entity id (a page without a language for a whole page)."""


def sort_out_drafts(
    categories: Entities, products: Entities, matrices: Entities, pages: dict[str, Page], *, keep: bool
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
    published: dict[str, Page] = {}
    for key, page in pages.items():
        for lang, text in page.translations.items():
            if text.draft:
                files[EntityId.page(key, lang)] = text.source
        texts = {lang: text for lang, text in page.translations.items() if not text.draft}
        if not texts:  # a draft default-language file makes every translation a draft
            files[EntityId("page", key)] = next(iter(page.translations.values())).source
        if keep:
            published[key] = page
        elif texts:
            published[key] = replace(page, translations=texts)
    return Drafts(*kept, pages=published, files=files)
