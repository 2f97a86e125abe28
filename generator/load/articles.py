"""Articles: read `content/articles/`, then check what they name against the library.

An article names authors and tags from site.yaml's registries and products by SKU;
each name that resolves to nothing is an error at the name, so a misspelt SKU never
silently drops the link between an article and its product.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ContentError, format_loc
from ..library import Article, Library
from ..models.article import ArticleFrontMatter, ArticleTranslationFrontMatter
from ..models.base import did_you_mean
from ..models.ids import EntityId
from .links import _image_problem, _source, _unknown
from .markdown import page_text, read_translated
from .source import Document


def load_articles(
    root: Path,
    paths: list[Path],
    context: dict[str, Any],
    errors: list[ContentError],
    documents: dict[str, Document],
) -> dict[str, Article]:
    """Every article whose default-language file is valid, with its valid translations."""
    models = (ArticleFrontMatter, ArticleTranslationFrontMatter)
    articles: dict[str, Article] = {}
    for key, versions in read_translated(root, paths, context, errors, documents, models, "article").items():
        meta: ArticleFrontMatter = next(iter(versions.values()))[0]
        articles[key] = Article(
            key=key,
            kind=meta.kind,
            published=meta.date,
            authors=tuple(meta.authors),
            tags=tuple(meta.tags),
            products=tuple(meta.products),
            image=meta.image,
            translations={
                lang: page_text(lang, key, version, meta.draft or version[0].draft)
                for lang, version in versions.items()
            },
        )
    return articles


def check_articles(
    library: Library,
    articles: dict[str, Article],
    documents: dict[str, Document],
    invalid: set[str],
    drafts: dict[str, str],
) -> list[ContentError]:
    """Add `articles` to `library` (with where each version is defined) and return every
    reference that resolves to nothing. SKUs in `invalid` (files that failed on their
    own) are not reported again; those in `drafts` say so."""
    errors: list[ContentError] = []
    site = library.site
    for key, article in articles.items():
        library.articles[key] = article
        for lang, text in article.translations.items():
            library.sources[EntityId.article(key, lang)] = _source(documents[text.source])
        document = documents[next(iter(article.translations.values())).source]

        def error(loc: tuple[str | int, ...], message: str, document: Document = document) -> None:
            errors.append(document.error(loc, format_loc(loc), message))

        for index, author in enumerate(article.authors):
            if author not in site.authors:
                error(
                    ("authors", index),
                    f"unknown author '{author}'{_in_registry('authors', author, site.authors)}",
                )
        for index, tag in enumerate(article.tags):
            if tag not in site.article_tags:
                error(
                    ("tags", index),
                    f"unknown tag '{tag}'{_in_registry('article_tags', tag, site.article_tags)}",
                )
        for index, sku in enumerate(article.products):
            if sku not in library.products.keys() | invalid:
                error(("products", index), _unknown("product", sku, library.products, drafts))
        if article.image is not None:
            problem = _image_problem(library.content_dir, article.image)
            if problem:
                error(("image",), problem)
    return errors


def _in_registry(field: str, name: str, known: dict[str, Any]) -> str:
    """Where the name should have been declared, with the nearest declared one."""
    hint = did_you_mean(name, known)
    return hint if hint else f" (declare it under `{field}:` in site.yaml)"
