"""What the dependencies of a page are worth: the bytes its cache key digests."""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json

from ..images import card_key
from ..library import TRUST_TABLES, Library
from ..models import Localized
from ..models.ids import EntityId
from ..render.views import RenderInput
from ..route import matrix_of
from .items import (
    Catalog,
    Dependency,
    Field,
    Image,
    LandingText,
    MatrixRoutes,
    Setting,
    SocialCard,
    Url,
    Whole,
)

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
    if entity.kind in TRUST_TABLES:
        return getattr(library, TRUST_TABLES[entity.kind]).get(entity.key)
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
