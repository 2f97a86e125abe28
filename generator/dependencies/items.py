"""The kinds of dependency a page declares, and how they are grouped into parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..models.ids import EntityId, LandingId, PageKey

Role = Literal["shown", "context", "navigation"]
"""How a field dates a page: `shown` fields date it; `context` fields (the matrix and
inline values behind a landing) only when no shown entity has a date; `navigation`
(menus, footer, sort keys of listings) never."""


@dataclass(frozen=True)
class Field:
    """One field (or property) of an entity's model, as the page reads it."""

    entity: EntityId
    name: str
    role: Role = "shown"


@dataclass(frozen=True)
class Whole:
    """Every field of an entity: the page of the entity itself."""

    entity: EntityId
    role: Role = "shown"


@dataclass(frozen=True)
class Listed:
    """A landing page a hub lists: the hub is as new as the newest page it lists. What
    the hub shows of it (link and heading) is in `MatrixRoutes`."""

    landing: LandingId


@dataclass(frozen=True)
class Setting:
    """A top-level field of site.yaml."""

    name: str


@dataclass(frozen=True)
class Catalog:
    """Which entities of a kind exist (listings and lookups iterate them)."""

    kind: Literal[
        "products",
        "categories",
        "pages",
        "matrices",
        "articles",
        "certificates",
        "factories",
        "cases",
        "testimonials",
    ]


@dataclass(frozen=True)
class Url:
    """The URLs of an entity's pages in every language (links, switcher, hreflang)."""

    kind: str
    key: PageKey


@dataclass(frozen=True)
class MatrixRoutes:
    """The published pages of a matrix with their headings: sibling, hub and index links."""

    matrix: str


@dataclass(frozen=True)
class LandingText:
    """A landing's combination and texts as expanded (path, title, heading, keyword)."""

    landing: LandingId


@dataclass(frozen=True)
class Image:
    """The renditions of a content image."""

    src: str


@dataclass(frozen=True)
class SocialCard:
    """The social card of a product's page in one language (its text is localized)."""

    lang: str
    sku: str


Dependency = (
    Field | Whole | Listed | Setting | Catalog | Url | MatrixRoutes | LandingText | Image | SocialCard
)


PartName = tuple[str, str | None, str]
"""(what, of which, language) of a part many pages share, e.g. the cards of one category."""


@dataclass(frozen=True)
class Declared:
    """The dependencies of one page or part: its own, and the shared parts it shows."""

    own: frozenset[Dependency]
    parts: tuple[PartName, ...]
