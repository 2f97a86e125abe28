"""Typed identities of what a site is made of and of the pages it produces.

Entities, landing pages and pages are named by small frozen values rather than by
strings such as `product:SKU` to be taken apart again: a value is built once, read
by attribute, hashed, sorted and pickled to workers. Each has one text form, for
messages and reports; nothing parses it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityKind = Literal[
    "product",
    "category",
    "page",
    "article",
    "matrix",
    "value",
    "alias",
    "certificate",
    "factory",
    "case",
    "testimonial",
]


@dataclass(frozen=True, order=True)
class EntityId:
    """Something defined in one place of the content: a product (by SKU), a category
    (by slug), one language file of a page or an article (key + lang), a matrix (by id), an inline
    value of a matrix dimension (matrix + value key) or an alias (old URL path)."""

    kind: EntityKind
    key: str
    lang: str = ""
    """The language of a page's or article's file: each language is its own file."""
    matrix: str = ""
    """The matrix that defines an inline value."""

    @classmethod
    def product(cls, sku: str) -> EntityId:
        return cls("product", sku)

    @classmethod
    def category(cls, slug: str) -> EntityId:
        return cls("category", slug)

    @classmethod
    def page(cls, key: str, lang: str) -> EntityId:
        return cls("page", key, lang=lang)

    @classmethod
    def article(cls, key: str, lang: str) -> EntityId:
        return cls("article", key, lang=lang)

    @classmethod
    def of_matrix(cls, matrix_id: str) -> EntityId:
        return cls("matrix", matrix_id)

    @classmethod
    def value(cls, matrix_id: str, key: str) -> EntityId:
        return cls("value", key, matrix=matrix_id)

    @classmethod
    def alias(cls, path: str) -> EntityId:
        return cls("alias", path)

    def __str__(self) -> str:
        if self.kind in ("page", "article"):
            return f"{self.kind}:{self.key}:{self.lang}"
        if self.kind == "value":
            return f"value:{self.matrix}:{self.key}"
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True, order=True)
class LandingId:
    """A landing page of a matrix: the matrix and the key of its combination."""

    matrix: str
    key: str

    def __str__(self) -> str:
        return f"{self.matrix}:{self.key}"


@dataclass(frozen=True, order=True)
class HubId:
    """One page of the hub listing a matrix's landings for one value of its hub dimension."""

    matrix: str
    value: str
    page: int = 1

    def __str__(self) -> str:
        return f"{self.matrix}:{self.value}" + (f"@{self.page}" if self.page > 1 else "")


PageKey = str | LandingId | HubId
"""What names a page within its kind: a SKU, slug, page key or matrix id (hub index),
`home`/`404`, or a landing or hub id."""


@dataclass(frozen=True, order=True)
class PageId:
    """One output page: its kind, key and language."""

    kind: str
    key: PageKey
    lang: str

    def __str__(self) -> str:
        return f"{self.kind} {self.key} [{self.lang}]"
