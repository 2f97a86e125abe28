"""`search:` in site.yaml: the site search and the spec filters of the products index.

After the pages are written, Pagefind indexes the product pages of every language
(from their `<html lang>`) into `/pagefind/`; the products index becomes the catalog
page, where buyers search, filter by category and spec and sort by MOQ or price.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import StrictModel, field_error

INDEX_FOLDER = "pagefind"
"""Output folder of the search index and of Pagefind's script."""


class Search(StrictModel):
    """Site search (Pagefind) and the filters the catalog page offers."""

    enabled: bool = Field(
        default=True, description="Index the product pages and add a search box to every header"
    )
    filters: list[str] | None = Field(
        default=None,
        description="Spec names (as written in the default language) that become filters on the catalog "
        "page; every spec when unset, none when empty. The category is always a filter",
    )

    @field_validator("filters")
    @classmethod
    def names_are_unique(cls, names: list[str] | None) -> list[str] | None:
        if names is None:
            return None
        seen: set[str] = set()
        for position, name in enumerate(names):
            if not name.strip():
                raise field_error("expected a spec name", position)
            if name in seen:
                raise field_error("'{name}' is listed twice", position, name=name)
            seen.add(name)
        return names

    def filters_spec(self, name: str) -> bool:
        """Whether the spec called `name` (in the default language) is a filter."""
        return self.filters is None or name in self.filters
