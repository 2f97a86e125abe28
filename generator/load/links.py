"""Cross-file checks: references between content files, uniqueness, files on disk."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..errors import ContentError, Loc, format_loc
from ..library import Library, Page, Source
from ..models import Category, Product
from ..models.aliases import alias_output_file
from ..models.base import did_you_mean, language_chain, listing
from ..models.ids import EntityId
from ..models.matrix import Matrix
from .source import Document


def check_links(
    library: Library,
    categories: list[tuple[Category, Document]],
    products: list[tuple[Product, Document]],
    pages: dict[str, Page],
    documents: dict[str, Document],
    invalid: set[str],
    drafts: dict[EntityId, str],
    images: Collection[str] = frozenset(),
) -> list[ContentError]:
    """Fill `library` with the validated entities and return every cross-file error.

    References to `invalid` names (entities whose own file failed validation) are
    not reported, so one mistake does not show up as several; references to `drafts`
    (entity id → file, left out of this build) say so. Image paths in `images` (see
    `ContentFiles.images`) are known to exist.
    """
    errors: list[ContentError] = []

    def error(document: Document, loc: Loc, message: str) -> None:
        errors.append(document.error(loc, format_loc(loc), message))

    category_docs: dict[str, Document] = {}
    for category, document in categories:
        if category.slug in category_docs:
            error(
                document, ("slug",), f"duplicate category slug (also in {category_docs[category.slug].path})"
            )
            continue
        category_docs[category.slug] = document
        library.categories[category.slug] = category
        library.sources[EntityId.category(category.slug)] = _source(document)
    known_categories = library.categories.keys() | invalid
    for slug, category in library.categories.items():
        if category.parent is not None and category.parent not in known_categories:
            message = _unknown("category", category.parent, library.categories, drafts)
            error(category_docs[slug], ("parent",), message)
    errors += _category_cycles(library, category_docs)

    product_docs: dict[str, Document] = {}
    for product, document in products:
        if product.sku in product_docs:
            error(document, ("sku",), f"duplicate SKU (also in {product_docs[product.sku].path})")
            continue
        product_docs[product.sku] = document
        library.products[product.sku] = product
        library.sources[EntityId.product(product.sku)] = _source(document)
    known_products = library.products.keys() | invalid
    content_dir = library.content_dir
    for sku, product in library.products.items():
        document = product_docs[sku]
        if product.category not in known_categories:
            error(document, ("category",), _unknown("category", product.category, library.categories, drafts))
        for index, related in enumerate(product.related):
            if related == sku:
                error(document, ("related", index), "a product cannot be related to itself")
            elif related not in known_products:
                error(document, ("related", index), _unknown("product", related, library.products, drafts))
        for index, image in enumerate(product.images):
            problem = _image_problem(content_dir, image.src, images)
            if problem:
                error(document, ("images", index, "src"), problem)
        for index, video in enumerate(product.videos):
            problem = _image_problem(content_dir, video.poster, images)
            if problem:
                error(document, ("videos", index, "poster"), problem)

    errors += _untranslated_ancestors(library, category_docs)

    library.pages.update(pages)
    for key, page in pages.items():
        for lang, text in page.translations.items():
            library.sources[EntityId.page(key, lang)] = _source(documents[text.source])
    for layout in ("home", "contact"):
        keys = [key for key, page in pages.items() if page.layout == layout]
        for key in keys[1:]:
            document = documents[pages[key].translations[library.site.default_language].source]
            error(document, ("layout",), f"only one page may use layout '{layout}' (also: {keys[0]})")

    site_document = documents.get("site.yaml")
    logo_problem = _image_problem(library.content_dir, library.site.organization.logo)
    if logo_problem and site_document:
        error(site_document, ("organization", "logo"), logo_problem)
    hero = library.site.showcase.hero_image
    hero_problem = hero and _image_problem(library.content_dir, hero.src)
    if hero_problem and site_document:
        error(site_document, ("showcase", "hero_image", "src"), hero_problem)
    for index, sku in enumerate(library.site.showcase.featured_products):
        if sku not in library.products.keys() | invalid and site_document:
            message = _unknown("product", sku, library.products, drafts)
            error(site_document, ("showcase", "featured_products", index), message)
    errors += _check_navigation(library, site_document, invalid, drafts)
    if site_document is not None and not invalid and not drafts:
        errors += _check_search_filters(library, site_document)
    errors += _register_aliases(library, documents)
    return errors


def _register_aliases(library: Library, documents: dict[str, Document]) -> list[ContentError]:
    """Record where each alias (old URL path) is declared, as an alias entity in
    `library.sources`, so that the redirects written later can report an alias that
    turns out to be a live page's URL at the alias itself. Two aliases naming the same
    old URL are an error here: the URL can redirect to one page only."""
    errors: list[ContentError] = []
    claimed: dict[str, Source] = {}
    for entity, source in list(library.sources.items()):
        if entity.kind not in ("product", "category", "page"):
            continue
        document = documents[source.path]
        for index, alias in enumerate(_declared_aliases(library, entity, document)):
            loc: Loc = ("aliases", index)
            path = str(alias).strip()
            other = claimed.get(alias_output_file(path))
            if other is not None:
                message = f"alias {path} is also claimed in {other.path}:{other.line}:{other.column}"
                errors.append(document.error(loc, format_loc(loc), message))
                continue
            claimed[alias_output_file(path)] = library.sources[EntityId.alias(path)] = _source(document, loc)
    return errors


def _declared_aliases(library: Library, entity: EntityId, document: Document) -> list[str]:
    """Aliases from the validated model; page translations keep theirs in front matter.
    (Documents validated in worker processes come back without their raw data.)"""
    if entity.kind == "product":
        return list(library.products[entity.key].aliases)
    if entity.kind == "category":
        return list(library.categories[entity.key].aliases)
    return list((document.data or {}).get("aliases") or ())


def _source(document: Document, loc: Loc = ("slug",)) -> Source:
    line, column = document.position(loc)
    return Source(document.path, line, column)


def _unknown(
    kind: Literal["product", "category", "page"],
    name: str,
    known: dict[str, Any],
    drafts: dict[EntityId, str] | None = None,
) -> str:
    draft = (drafts or {}).get(EntityId(kind, name))
    if draft is not None:
        return f"{kind} '{name}' is a draft ({draft}): publish it or remove this reference"
    message = f"unknown {kind} '{name}'"
    match = difflib.get_close_matches(name, list(known), n=1)
    return message + (f" (did you mean '{match[0]}'?)" if match else "")


MAX_CATEGORY_DEPTH = 10
"""Levels of categories: breadcrumbs, nested URLs and the catalog PDF's sections follow
every level, and a tree a thousand levels deep exhausted the build's recursion."""


def _category_cycles(library: Library, documents: dict[str, Document]) -> list[ContentError]:
    """Categories whose parents lead back to them, and the first level too deep (one
    error per branch)."""
    errors = []
    for slug in library.categories:
        seen = {slug}
        current = library.categories[slug].parent
        while current in library.categories:
            if current in seen:
                errors.append(documents[slug].error(("parent",), "parent", "categories form a cycle"))
                break
            seen.add(current)
            current = library.categories[current].parent
        else:
            if len(seen) == MAX_CATEGORY_DEPTH + 1:
                message = (
                    f"this category is level {len(seen)}; categories nest at most {MAX_CATEGORY_DEPTH} levels"
                )
                errors.append(documents[slug].error(("parent",), "parent", message))
    return errors


def _untranslated_ancestors(library: Library, documents: dict[str, Document]) -> list[ContentError]:
    """A category must be translated to every language that a product or category below
    it is published in: those pages show its name (breadcrumbs, titles), and in a
    language it lacks that name would be English under another `lang`."""
    shown_on: dict[tuple[str, str], list[str]] = {}
    entities: list[tuple[str, str | None, list[str]]] = [
        (f"product {sku}", product.category, library.languages_of(product))
        for sku, product in library.products.items()
    ]
    entities += [
        (f"category '{slug}'", category.parent, library.languages_of(category))
        for slug, category in library.categories.items()
    ]
    for label, ancestor, languages in entities:
        seen: set[str] = set()
        while ancestor in library.categories and ancestor not in seen:
            seen.add(ancestor)
            category = library.categories[ancestor]
            published = set(library.languages_of(category))
            for lang in languages:
                if lang not in published:
                    shown_on.setdefault((ancestor, lang), []).append(label)
            ancestor = category.parent
    errors = []
    for (slug, lang), labels in sorted(shown_on.items()):
        message = f"no translation to '{lang}', but {listing(labels)} {'is' if len(labels) == 1 else 'are'} "
        message += f"published in '{lang}' and show{'s' if len(labels) == 1 else ''} this name"
        errors.append(documents[slug].error(("name",), "name", message))
    return errors


def _image_problem(content_dir: Path, src: str, found: Collection[str] = frozenset()) -> str | None:
    """Why `src` cannot be used as an image file inside content/, or None. A path among
    the files `found` by the walk of content/ (exactly as written) needs no look on disk."""
    if src in found:
        return None
    if Path(src).is_absolute():
        return f"'{src}' must be relative to content/"
    try:
        path = (content_dir / src).resolve()
        if not path.is_relative_to(content_dir.resolve()):
            return f"'{src}' points outside the content folder"
        if not path.is_file():
            return f"image file '{src}' not found in content/"
    except (OSError, ValueError) as exc:  # a name too long for the file system, a NUL byte
        return f"'{src}' is not a usable file name ({getattr(exc, 'strerror', None) or exc})"
    return None


def _check_navigation(
    library: Library, document: Document | None, invalid: set[str], drafts: dict[EntityId, str]
) -> list[ContentError]:
    errors = []
    targets = {
        "page": library.pages,
        "category": library.categories,
        "product": library.products,
    }
    for index, item in enumerate(library.site.navigation):
        target = item.entity
        if target is None or target.kind not in targets or document is None:
            continue
        if target.key not in targets[target.kind].keys() | invalid:
            loc = ("navigation", index, "target")
            message = _unknown(target.kind, target.key, targets[target.kind], drafts)  # type: ignore[arg-type]
            errors.append(document.error(loc, format_loc(loc), message))
    return errors


def _check_search_filters(library: Library, document: Document) -> list[ContentError]:
    """Each spec named in `search.filters` is a spec of some product, in the default language."""
    chain = language_chain(library.site.default_language)
    specs = (spec for product in library.products.values() for spec in product.specs)
    known = {name for spec in specs if (name := spec.name.for_language(chain))}
    errors = []
    for index, name in enumerate(library.site.search.filters or ()):
        if name not in known:
            loc = ("search", "filters", index)
            message = f"no product has a spec named '{name}'{did_you_mean(name, known)}"
            errors.append(document.error(loc, format_loc(loc), message))
    return errors


def names_left_out(left_out: dict[EntityId, str]) -> set[str]:
    """SKUs and category slugs of drafts left out of the build (entity → file)."""
    return {entity.key for entity in left_out if entity.kind in ("product", "category")}


def check_matrices(
    library: Library,
    matrices: list[tuple[Matrix, Document]],
    unchecked: set[str] | frozenset[str] = frozenset(),
) -> list[ContentError]:
    """Matrix ids are unique, `where` filters name real fields of the catalog models and
    rule values name real entities; `unchecked` names (drafts, invalid files) pass, since
    their own file explains why they are not in the catalog."""
    errors: list[ContentError] = []
    models = {"products": Product, "categories": Category}
    for matrix, document in matrices:
        if matrix.id in library.matrices:
            errors.append(document.error(("id",), "id", f"duplicate matrix id '{matrix.id}'"))
            continue
        library.matrices[matrix.id] = matrix
        library.sources[EntityId.of_matrix(matrix.id)] = _source(document, ("id",))
        for index, dimension in enumerate(matrix.dimensions):
            if dimension.source is None:
                continue
            fields = models[dimension.source].model_fields
            for name in dimension.where:
                if name not in fields:
                    loc = ("dimensions", index, "where", name)
                    message = f"unknown {dimension.source[:-1]} field '{name}'"
                    match = difflib.get_close_matches(name, list(fields), n=1)
                    message += f" (did you mean '{match[0]}'?)" if match else ""
                    errors.append(document.error(loc, format_loc(loc), message, key=True))
            errors += _where_values(library, dimension.where, ("dimensions", index), document, unchecked)
        errors += _rule_values(library, matrix, document, unchecked)
        errors += _markets_keep_prices(library, matrix, document)
    return errors


def _markets_keep_prices(library: Library, matrix: Matrix, document: Document) -> list[ContentError]:
    """A market whose rate and rounding turn the catalog's cheapest price into 0 would
    show "from 0.00" on its pages: a rate typed with a zero too many, usually."""
    if not any(dimension.markets for dimension in matrix.dimensions):
        return []
    site = library.site
    cheapest: dict[str, tuple[Decimal, str]] = {}  # by the currency the prices are in
    for sku, product in sorted(library.products.items()):
        currency = product.currency or site.currency
        for tier in product.price_tiers:
            cheapest[currency] = min(cheapest.get(currency, (tier.unit_price, sku)), (tier.unit_price, sku))
    errors = []
    for index, dimension in enumerate(matrix.dimensions):
        for position, market in enumerate(dimension.markets):
            for currency, (price, sku) in sorted(cheapest.items()):
                if not market.converts(currency, site.currency) or market.price(price, site.rounding) > 0:
                    continue
                loc = ("dimensions", index, "markets", position, "fx_rate")
                message = f"converts {sku}'s {price} {currency} to 0 {market.currency} (with its rounding)"
                message += ": check the rate"
                errors.append(document.error(loc, format_loc(loc), message))
                break
    return errors


WHERE_REFERENCES = {
    "category": ("categories", "category"),
    "parent": ("categories", "category"),
    "sku": ("products", "product"),
    "related": ("products", "product"),
}
"""`where` fields whose values name a category or a product: a misspelt one matches nothing."""


def _where_values(
    library: Library, where: dict[str, list[Any]], loc: Loc, document: Document, unchecked: Collection[str]
) -> list[ContentError]:
    errors = []
    for name, allowed in where.items():
        if name not in WHERE_REFERENCES:
            continue
        pool_name, noun = WHERE_REFERENCES[name]
        pool = getattr(library, pool_name)
        for index, value in enumerate(allowed):
            if str(value) not in pool and str(value) not in unchecked:
                at = (*loc, "where", name, index)
                message = f"unknown {noun} '{value}'{did_you_mean(str(value), pool)}: it would match nothing"
                errors.append(document.error(at, format_loc(at), message))
    return errors


def _rule_values(
    library: Library, matrix: Matrix, document: Document, unchecked: set[str] | frozenset[str]
) -> list[ContentError]:
    """Values in `rules.include`/`rules.exclude` name a SKU, category or value key of their
    dimension: a misspelt one would silently match nothing."""
    errors = []
    for field in ("include", "exclude"):
        for index, combo in enumerate(getattr(matrix.rules, field)):
            for name, value in combo.items():
                dimensions = [d for d in matrix.dimensions if d.name == name]
                if not dimensions:
                    continue  # the model reported the unknown dimension
                dimension = dimensions[0]
                pool = getattr(library, dimension.source) if dimension.source else None
                known = list(pool) if pool is not None else [v.key for v in dimension.inline]
                if value not in known and (pool is None or value not in unchecked):
                    loc = ("rules", field, index, name)
                    message = f"'{value}' is no value of dimension '{name}'{did_you_mean(value, known)}"
                    errors.append(document.error(loc, format_loc(loc), message))
    return errors
