"""Markdown pages: `content/pages/<key>.md` plus one `<key>.<lang>.md` per translation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .aliases import UrlPath
from .base import Draft, Provenance, SeoTitle, Slug, StrictModel
from .dates import Updated
from .visible import Text


class PageTranslationFrontMatter(StrictModel):
    """Front matter of a translation file such as `about.de.md`."""

    title: Text = Field(min_length=1, description="Page title and h1")
    description: Text = Field(min_length=1, description="Meta description")
    seo_title: SeoTitle = None
    slug: Slug | None = Field(default=None, description="URL slug; defaults to the file's key")
    updated: Updated = None
    noindex: bool = False
    draft: Draft = False
    translation: Provenance = Field(
        default="reviewed", description="machine: unreviewed, published noindex (see machine_translations)"
    )
    aliases: list[UrlPath] = Field(
        default_factory=list,
        description="Former URL paths of this language version; each becomes a 301 redirect here",
    )


class PageFrontMatter(PageTranslationFrontMatter):
    """Front matter of a page's default-language file such as `about.md`."""

    layout: Literal["home", "page", "contact"] = Field(
        default="page", description="home is served at the language root; contact adds the inquiry form"
    )
    nav_order: int | None = Field(
        default=None, description="Footer position; omit to leave out of the footer"
    )
