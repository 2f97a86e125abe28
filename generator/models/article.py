"""Articles: `content/articles/<key>.md` plus one `<key>.<lang>.md` per translation,
and the site's registry of the people who write them.

The default-language file holds what all language versions share (date, kind, authors,
tags, products, image); a translation file holds only its own texts, as with pages.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, HttpUrl, ValidationInfo, model_validator

from .base import (
    SLUG_PATTERN,
    Draft,
    Localized,
    Provenance,
    SeoTitle,
    Slug,
    StrictModel,
    coverage_gaps,
    field_error,
    localized_texts,
    require_coverage,
    site_languages,
)
from .dates import Updated
from .product import Sku
from .visible import Text

ArticleKind = Literal["news", "technical", "guide", "application-note"]
"""news is published as a schema.org BlogPosting, the other kinds as Article."""

AuthorKey = Annotated[str, Field(pattern=SLUG_PATTERN, description="Key in site.yaml `authors`")]


class Author(StrictModel):
    """A person named as an article's author (schema.org Person)."""

    name: Text = Field(min_length=1)
    url: HttpUrl = Field(description="Profile page of the person (about page, LinkedIn)")
    job_title: Localized | None = None


def _read_in_every_language(registry: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """Tag names and job titles label articles in every language, like the site's other
    texts: one missing would show the default language's under another `lang`."""
    texts = [item for key, entry in registry.items() for item in localized_texts(entry, (key,))]
    gaps = coverage_gaps(texts, site_languages(info) or ())
    require_coverage(gaps, "no translation to '{lang}' (a site language)")
    return registry


AuthorRegistry = Annotated[dict[AuthorKey, Author], AfterValidator(_read_in_every_language)]
TagRegistry = Annotated[dict[Slug, Localized], AfterValidator(_read_in_every_language)]


class ArticleTranslationFrontMatter(StrictModel):
    """Front matter of a translation file such as `pn16-vs-class-150.de.md`."""

    title: Text = Field(min_length=1, description="Headline and h1")
    description: Text = Field(min_length=1, description="Meta description and feed summary")
    seo_title: SeoTitle = None
    slug: Slug | None = Field(default=None, description="URL slug; defaults to the file's key")
    updated: Updated = Field(default=None, description="Last substantial revision (dateModified)")
    noindex: bool = False
    draft: Draft = False
    translation: Provenance = Field(
        default="reviewed", description="machine: unreviewed, published noindex (see machine_translations)"
    )


class ArticleFrontMatter(ArticleTranslationFrontMatter):
    """Front matter of an article's default-language file."""

    date: datetime.date = Field(description="Publication date (datePublished)")
    kind: ArticleKind
    authors: list[AuthorKey] = Field(min_length=1, description="Keys of site.yaml `authors`")
    tags: list[Slug] = Field(default_factory=list, description="Keys of site.yaml `article_tags`")
    products: list[Sku] = Field(
        default_factory=list, description="SKUs the article is about; their pages link back to it"
    )
    image: str | None = Field(default=None, description="Lead image, relative to content/")

    @model_validator(mode="after")
    def updated_after_date(self) -> ArticleFrontMatter:
        if self.updated is not None and self.updated < self.date:
            raise field_error(
                "must not be before the publication date ({date})", "updated", date=self.date.isoformat()
            )
        return self
