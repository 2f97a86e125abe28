"""`listings` in site.yaml: which article listings search engines may index, and the
texts that introduce listing pages.

A tag or yearly archive page with a handful of articles is a thin page of links, and
one that lists exactly the articles of another listing is a duplicate of it. Both are
still built (article pages link them, and their URLs stay stable while articles come
and go) but as `noindex, follow`, outside the sitemaps and hreflang clusters.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from .article import TagRegistry
from .base import Localized, StrictModel, coverage_gaps, localized_texts, require_coverage, site_languages

MIN_ARTICLES = 5
"""Five article cards (title, kind, date, summary) make about 150 words of their own:
a page worth a search result. Fewer make a page of links."""


class ListingIntros(StrictModel):
    """Markdown shown under the heading of a listing, per language."""

    articles: Localized | None = Field(
        default=None, description="Introduces the articles index (its first page)"
    )
    tags: TagRegistry = Field(
        default_factory=dict, description="Introduces a tag's page: tag slug (of `article_tags`) → text"
    )

    @field_validator("articles")
    @classmethod
    def reads_in_every_language(cls, text: Localized | None, info: ValidationInfo) -> Localized | None:
        """The index exists in every language with articles; no text stands in for another."""
        gaps = coverage_gaps(localized_texts(text), site_languages(info) or ())
        require_coverage(gaps, "no translation to '{lang}' (a site language)")
        return text


class Listings(StrictModel):
    """How the article collection's listing pages are published."""

    min_articles: Annotated[int, Field(ge=1)] = Field(
        default=MIN_ARTICLES,
        description="Tag and yearly archive pages listing fewer indexable articles in their language are "
        "noindex, follow and left out of sitemaps and hreflang; so is one listing the same articles as the "
        "articles index, an earlier tag or a newer year",
    )
    intro: ListingIntros = Field(default_factory=ListingIntros)
