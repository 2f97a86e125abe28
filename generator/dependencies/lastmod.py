"""When a page last changed: the newest date among the entities it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..models.ids import EntityId, LandingId
from ..route import Route
from .graph import Graph
from .items import Declared, Dependency, Field, Listed, PartName, Whole

Dates = Callable[[Route], date | None]
"""The sitemap date of a page."""


class Lastmod:
    """Sitemap dates: the newest date of the entities a page shows, or of the pages it
    lists; its `context` entities (a landing's matrix) count only when none of those
    has a date. Navigation never dates a page."""

    def __init__(self, graph: Graph, known: dict[PartName, Dated] | None = None) -> None:
        self.graph = graph
        self.library = graph.inputs.library
        self.parts: dict[PartName, Dated] = dict(known or {})
        """Dates of parts, those in `known` without declaring them."""
        self._listed: dict[LandingId, date | None] = {}

    def __call__(self, route: Route) -> date | None:
        return self.page(route, self.graph.declare(route))

    def page(self, route: Route, declared: Declared) -> date | None:
        """The date of `route`, whose declaration the caller made."""
        dated = self._declared(declared)
        modified = dated.shown or dated.context
        if route.kind == "landing" and route.ref not in self._listed and self._first(route):
            self._listed[route.ref] = modified  # type: ignore[index]
        return modified

    def _declared(self, declared: Declared) -> Dated:
        dated = [self._dates(declared.own), *(self._part(name) for name in declared.parts)]
        shown = max((d.shown for d in dated if d.shown), default=None)
        return Dated(shown, max((d.context for d in dated if d.context), default=None))

    def date_part(self, name: PartName, declared: Declared) -> None:
        """Date the part `name`, whose declaration the caller made."""
        if name not in self.parts:
            self.parts[name] = self._declared(declared)

    def _part(self, name: PartName) -> Dated:
        if name not in self.parts:
            self.parts[name] = self._declared(self.graph.part(name))
        return self.parts[name]

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
        """A listed landing's date: that of its first language version."""
        if landing not in self._listed:
            versions = self.graph.inputs.routes.by_entity.get(("landing", landing), {})
            route = next(iter(versions.values()), None)
            self._listed[landing] = self(route) if route else None
        return self._listed[landing]

    def _first(self, route: Route) -> bool:
        versions = self.graph.inputs.routes.by_entity.get(route.entity, {})
        return next(iter(versions.values()), None) is route


@dataclass(frozen=True)
class Dated:
    shown: date | None
    context: date | None
