"""What the dependencies of a page are worth, and when they last changed.

A page's cache key digests the values `value_of` gives its dependencies; its sitemap
date is `Lastmod` of them. Both read the same declaration (`dependencies.Graph`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_core import to_json

from .dependencies import (
    Catalog,
    Declared,
    Dependency,
    Field,
    Graph,
    Image,
    LandingText,
    Listed,
    MatrixRoutes,
    PartName,
    Setting,
    SocialCard,
    Url,
    Whole,
)
from .images import card_key
from .library import Library
from .models import Localized
from .models.ids import EntityId, LandingId
from .render.views import RenderInput
from .route import Route, matrix_of


class Lastmod:
    """Sitemap dates: the newest date of the entities a page shows, or of the pages it
    lists; its `context` entities (a landing's matrix) count only when none of those
    has a date. Navigation never dates a page."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.library = graph.inputs.library
        self._parts: dict[PartName, Dated] = {}
        self._listed: dict[LandingId, date | None] = {}

    def __call__(self, route: Route) -> date | None:
        dated = self._declared(self.graph.declare(route))
        return dated.shown or dated.context

    def _declared(self, declared: Declared) -> Dated:
        dated = [self._dates(declared.own), *(self._part(name) for name in declared.parts)]
        shown = max((d.shown for d in dated if d.shown), default=None)
        return Dated(shown, max((d.context for d in dated if d.context), default=None))

    def _part(self, name: PartName) -> Dated:
        if name not in self._parts:
            self._parts[name] = self._declared(self.graph.parts[name])
        return self._parts[name]

    def _dates(self, items: Iterable[Dependency]) -> Dated:
        shown: list[date] = []
        context: list[date] = []
        for item in items:
            if isinstance(item, Listed):
                found = self._landing(item.landing)
                shown += [found] if found else []
                continue
            if not isinstance(item, Field | Whole) or item.role == "navigation":
                continue
            entity = EntityId.of_matrix(item.entity.matrix) if item.entity.kind == "value" else item.entity
            found = self.library.lastmod.get(entity)
            if found is not None:
                (shown if item.role == "shown" else context).append(found)
        return Dated(max(shown, default=None), max(context, default=None))

    def _landing(self, landing: LandingId) -> date | None:
        if landing not in self._listed:
            versions = self.graph.inputs.routes.by_entity.get(("landing", landing), {})
            route = next(iter(versions.values()), None)
            self._listed[landing] = self(route) if route else None
        return self._listed[landing]


@dataclass(frozen=True)
class Dated:
    shown: date | None
    context: date | None


LANGUAGE_BOUND = (Field, Setting, LandingText, MatrixRoutes)
"""Dependencies whose value depends on the language of the page showing them."""
ROUTE_BOUND = (Url, MatrixRoutes)
"""Dependencies whose value depends on the routing table (which pages are published)."""


def value_of(item: Dependency, inputs: RenderInput, lang: str, chain: tuple[str, ...] | None = None) -> bytes:
    """The value of a dependency as a page in `lang` (with fallback `chain`) shows it, as
    bytes whose digest changes exactly when it does: of a text field, only the
    translation the page shows (an edit of the English name leaves German pages alone)."""
    library = inputs.library
    chain = chain or library.site.fallback_chain(lang)
    if isinstance(item, Field | Whole):
        model = _model(library, item.entity)
        if model is None:
            return b"missing"
        return _json(_shown(getattr(model, item.name), chain) if isinstance(item, Field) else model)
    if isinstance(item, Setting):
        return _json(_shown(getattr(library.site, item.name), chain))
    if isinstance(item, Catalog):
        return _json(sorted(getattr(library, item.kind)))
    if isinstance(item, Url):
        return _json(
            [
                (lang, r.path, r.noindex)
                for lang, r in inputs.routes.by_entity.get((item.kind, item.key), {}).items()
            ]
        )
    if isinstance(item, LandingText):
        landing = inputs.landings.get(str(item.landing))
        return _json((landing.combo, landing.texts.get(lang)) if landing else None)
    if isinstance(item, Image):
        return _json(inputs.images.get(item.src))
    if isinstance(item, SocialCard):
        return _json(inputs.cards.get(card_key(item.lang, item.sku)))
    if isinstance(item, MatrixRoutes):
        return _json([row for row in matrix_routes(inputs, item.matrix) if row[2] == lang])
    return b""  # Listed dates a page; what it shows of the listed page is in MatrixRoutes


def matrix_routes(inputs: RenderInput, matrix_id: str) -> list[tuple[str, str, str, str, bool, str]]:
    rows = []
    for route in inputs.routes.routes:
        if route.kind in ("landing", "hub", "hubs") and matrix_of(route) == matrix_id:
            landing = inputs.landings.get(route.key) if route.kind == "landing" else None
            heading = landing.texts[route.lang].h1 if landing else ""
            rows.append((route.kind, route.key, route.lang, route.path, route.noindex, heading))
    return rows


def _model(library: Library, entity: EntityId) -> Any:
    if entity.kind == "product":
        return library.products.get(entity.key)
    if entity.kind == "category":
        return library.categories.get(entity.key)
    if entity.kind == "matrix":
        return library.matrices.get(entity.key)
    if entity.kind in ("page", "article"):
        table = library.pages if entity.kind == "page" else library.articles
        item = table.get(entity.key)
        return item if item is None or not entity.lang else item.translations.get(entity.lang)
    if entity.kind == "value":
        matrix = library.matrices.get(entity.matrix)
        values = (v for d in matrix.dimensions for v in d.inline) if matrix else ()
        return next((value for value in values if value.key == entity.key), None)
    return None


def _shown(value: Any, chain: tuple[str, ...]) -> Any:
    """A text field as the page shows it: the translation of its language chain."""
    return value.for_language(chain) if isinstance(value, Localized) else value


def _json(value: Any) -> bytes:
    return to_json(value, fallback=repr)
