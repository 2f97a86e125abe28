"""Categories: `content/categories/<slug>.yaml`, optionally nested through `parent`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, model_validator

from .aliases import UrlPath
from .base import (
    Draft,
    LanguageTag,
    Localized,
    SiteLanguageKeys,
    Slug,
    StrictModel,
    TranslationMarks,
    require_translations,
)
from .dates import Updated


class Category(StrictModel):
    slug: Slug
    slugs: Annotated[dict[LanguageTag, Slug], SiteLanguageKeys] = Field(
        default_factory=dict, description="Per-language slug overrides"
    )
    parent: Slug | None = Field(default=None, description="Slug of the parent category")
    name: Localized = Field(description="Category name; its languages are the category's translations")
    summary: Localized
    description: Localized | None = Field(default=None, description="Markdown intro per language")
    order: int = Field(default=0, description="Position among its siblings (lower first)")
    updated: Updated = None
    draft: Draft = False
    translation: TranslationMarks = Field(default_factory=dict)
    aliases: list[UrlPath] = Field(
        default_factory=list,
        description="Former URL paths (e.g. before a slug change); each becomes a 301 redirect here",
    )

    @model_validator(mode="after")
    def translations_are_complete(self, info: ValidationInfo) -> Category:
        return require_translations(self, info)

    def languages(self, site_languages: tuple[str, ...]) -> frozenset[str]:
        return frozenset(site_languages) if self.name.is_neutral else self.name.languages

    def slug_for(self, lang: str) -> str:
        return self.slugs.get(lang, self.slug)
