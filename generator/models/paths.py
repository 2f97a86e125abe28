"""`site.yaml` → `category_paths`: where category and product pages sit in the URL tree.

Flat paths (`/categories/led-strips/`, `/products/strip-5050/`) are the default; nested
ones put a category under its parent (`/categories/lighting/led-strips/`) and may put a
product under its category. Each option is one flag for every language or a flag per
language, since URL segments are configured per language too (`sections`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import LanguageTag, SiteLanguageKeys, StrictModel

PerLanguageFlag = bool | Annotated[dict[LanguageTag, bool], SiteLanguageKeys]


class CategoryPaths(StrictModel):
    nested: PerLanguageFlag = Field(
        default=False,
        description="Put each category under its parent's path: /categories/lighting/led-strips/ "
        "(true, false, or per language: {en: true, de: false}; unlisted languages stay flat)",
    )
    products_under_category: PerLanguageFlag = Field(
        default=False,
        description="Put product pages under their category's path instead of the products section",
    )

    def nested_in(self, lang: str) -> bool:
        return _flag(self.nested, lang)

    def products_under_category_in(self, lang: str) -> bool:
        return _flag(self.products_under_category, lang)


def _flag(value: bool | dict[str, bool], lang: str) -> bool:
    return value if isinstance(value, bool) else value.get(lang, False)
