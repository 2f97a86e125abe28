"""Listing pages: what the products index, the articles index, tag pages and yearly
archives of each language show, in which order, and how a long listing is split.

The router and the renderer both ask here, so a listing page never exists without
items and never shows an item the router left without a page.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import TypeVar

from .library import Article, Library, PageText
from .models import Product

COLLECTION_KINDS = ("products", "article", "articles", "tag", "archive")
"""Route kinds of listing pages and articles, each with its own sitemap."""
INDEXES = ("products", "articles")
"""Listings the menu may name (`navigation` target `products`, `articles`): it links page 1."""
PRODUCTS_PAGE_SIZE = 48
"""Cards per products index page: a few screens of cards on a phone, one crawlable page
for most catalogs; larger catalogs get numbered pages, each linked from the others."""
ARTICLES_PAGE_SIZE = 20
"""Articles per articles index page; tag and archive pages list all of theirs."""
FEEDS = {"feed.xml": ("application/rss+xml", "RSS"), "atom.xml": ("application/atom+xml", "Atom")}
"""Feed file in the articles section → its media type and format name."""
FEED_SIZE = 30
"""Newest articles per feed: feed readers poll often, so older ones need not repeat."""

Item = TypeVar("Item")


def paged(section: str, count: int, size: int) -> Iterator[tuple[str, str]]:
    """(route key, path) of each page of a listing of `count` items: page 1 at
    `section`, page n at `section` + `n/`; the key is the page number."""
    for page in range(1, -(-count // size) + 1):
        yield str(page), section if page == 1 else f"{section}{page}/"


def page_slice(items: list[Item], key: str, size: int) -> list[Item]:
    """The items shown on the page with route key `key`."""
    start = (int(key) - 1) * size
    return items[start : start + size]


def listed_products(library: Library, lang: str) -> list[Product]:
    """Products published in `lang`, grouped by category in catalog order, then by SKU.
    Every page of a large index shows a slice of this list, so a process sorts it once
    per library and language."""
    known = _ORDERED.get(lang)
    if known is not None and known[0] is library:
        return known[1]

    trails: dict[str, tuple[tuple[int, str], ...]] = {}  # thousands of products share a category

    def position(product: Product) -> tuple[tuple[tuple[int, str], ...], str]:
        trail = trails.get(product.category)
        if trail is None:
            trail = trails[product.category] = tuple(
                (c.order, c.slug) for c in library.category_trail(product.category)
            )
        return trail, product.sku

    published = (p for p in library.products.values() if lang in library.languages_of(p))
    ordered = sorted(published, key=position)
    if known is not None:
        _ORDERED.clear()  # another library: a later build in this process
    _ORDERED[lang] = (library, ordered)
    return ordered


_ORDERED: dict[str, tuple[Library, list[Product]]] = {}
"""Language → the library last ordered and its products index, in this process."""


def listed_articles(
    library: Library, lang: str, tag: str | None = None, year: int | None = None
) -> list[tuple[Article, PageText]]:
    """Articles with a version in `lang` (optionally with `tag` or from `year`), newest
    first; articles of one day by key, so the order never depends on file order."""
    found = [
        (article, article.translations[lang])
        for article in library.articles.values()
        if lang in article.translations
        and (tag is None or tag in article.tags)
        and (year is None or article.published.year == year)
    ]
    return sorted(found, key=lambda item: (-item[0].published.toordinal(), item[0].key))


def unindexed_listings(library: Library, lang: str, indexable: Collection[str]) -> set[tuple[str, str]]:
    """(kind, route key) of the tag and yearly archive pages of `lang` kept out of search:
    those listing fewer than `listings.min_articles` indexable articles (keys in
    `indexable`), and those listing the same ones as a listing before them (the articles
    index, then tags by slug, then years, newest first): the topic stays indexed, the
    year that happens to hold the same articles does not."""
    minimum = library.site.listings.min_articles
    articles = listed_articles(library, lang)
    indexed = {frozenset(article.key for article, _ in articles if article.key in indexable)}
    candidates = [
        *(("tag", tag, listed_articles(library, lang, tag=tag)) for tag in tags_of(articles)),
        *(("archive", str(year), listed_articles(library, lang, year=year)) for year in years_of(articles)),
    ]
    unindexed: set[tuple[str, str]] = set()
    for kind, key, listed in candidates:
        keys = frozenset(article.key for article, _ in listed if article.key in indexable)
        if len(keys) < minimum or keys in indexed:
            unindexed.add((kind, key))
        else:
            indexed.add(keys)
    return unindexed


def tags_of(articles: list[tuple[Article, PageText]]) -> list[str]:
    return sorted({tag for article, _ in articles for tag in article.tags})


def years_of(articles: list[tuple[Article, PageText]]) -> list[int]:
    return sorted({article.published.year for article, _ in articles}, reverse=True)


def articles_naming(library: Library, sku: str, lang: str) -> list[tuple[Article, PageText]]:
    """Articles in `lang` that name the product: its page links back to each."""
    return [(article, text) for article, text in listed_articles(library, lang) if sku in article.products]


def modified(article: Article, text: PageText) -> date:
    """When a language version last changed in substance (its own `updated`)."""
    return text.updated or article.published
