"""Leave broken entities out of a library, so the later stages can still run over the
rest and one build reports every independent problem.

An entity with an error is removed, and so is every entity that needs it (a product
in a removed category, a subcategory of a removed category), without reporting those
again: their own files are fine. A product merely relating to a removed product keeps
its page (without that link), and so does an article naming it, so the rest of the
run still renders, and checks, it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..library import TRUST_TABLES, Library
from ..models.ids import EntityId


def _tables(library: Library) -> dict[str, dict[str, Any]]:
    """Entity kind → the library's table of that kind, by name."""
    return {
        "category": library.categories,
        "product": library.products,
        "page": library.pages,
        "matrix": library.matrices,
        "article": library.articles,
        **{kind: getattr(library, table) for kind, table in TRUST_TABLES.items()},
    }


def entities_in(library: Library, paths: Iterable[str]) -> set[EntityId]:
    """Ids of the entities defined in the files `paths`; a page or article is named as a whole
    (without a language) whichever of its files is listed."""
    wanted, kinds = set(paths), _tables(library)
    return {
        EntityId(entity.kind, entity.key)
        for entity, source in library.sources.items()
        if entity.kind in kinds and source.path in wanted
    }


def leave_out(library: Library, entities: set[EntityId]) -> None:
    """Remove `entities` and, transitively, the entities that depend on them."""
    tables = _tables(library)
    for entity in entities:
        tables[entity.kind].pop(entity.key, None)
    changed = True
    while changed:
        orphans = [
            slug
            for slug, category in library.categories.items()
            if category.parent is not None and category.parent not in library.categories
        ]
        stranded = [
            sku for sku, product in library.products.items() if product.category not in library.categories
        ]
        for slug in orphans:
            del library.categories[slug]
        for sku in stranded:
            del library.products[sku]
        changed = bool(orphans or stranded)
    for sku, product in library.products.items():
        related = [other for other in product.related if other in library.products]
        if related != product.related:
            library.products[sku] = product.model_copy(update={"related": related})
    for key, article in library.articles.items():
        named = tuple(sku for sku in article.products if sku in library.products)
        if named != article.products:
            library.articles[key] = replace(article, products=named)
    for slug, case in library.cases.items():
        used = [sku for sku in case.products if sku in library.products]
        if used != case.products:
            library.cases[slug] = case.model_copy(update={"products": used})
    _forget_sources(library)


def _forget_sources(library: Library) -> None:
    """Drop the sources of removed entities, and the aliases their files declared."""
    kept = _tables(library)
    removed_files: set[str] = set()
    for entity, source in list(library.sources.items()):
        if entity.kind in kept and entity.key not in kept[entity.kind]:
            removed_files.add(source.path)
            del library.sources[entity]
    for entity, source in list(library.sources.items()):
        if entity.kind == "alias" and source.path in removed_files:
            del library.sources[entity]
