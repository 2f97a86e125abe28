"""The declarations of every page of one routing table."""

from __future__ import annotations

from collections.abc import Callable

from ..collections import listed_articles
from ..library import Article, PageText
from ..models.ids import HubId, LandingId
from ..models.matrix import Matrix
from ..render.views import RenderInput
from ..route import DATA_KINDS, Route
from .declaration import Declaration
from .items import Declared, Dependency, PartName, Url
from .kinds import DECLARATIONS


class Graph:
    """The declarations of every page of one routing table. What many pages show (the
    footer, a category's product cards) is declared as a part, which a page names and its
    users (page keys, sitemap dates) digest and date once. No declaration is kept here:
    a million landings' would not fit."""

    def __init__(self, inputs: RenderInput) -> None:
        self.inputs = inputs
        self._promised: dict[PartName, tuple[Callable[..., None], tuple[object, ...]]] = {}
        self._hub_routes: dict[tuple[str, str], list[HubId]] | None = None
        self._articles: dict[str, list[tuple[Article, PageText]]] = {}

    def hub_members(self, matrix: Matrix, value: str | None) -> tuple[LandingId, ...]:
        """The landings of `matrix` whose hub dimension is `value` (every landing of it
        for None), from the index routing made (`RenderInput.hubs`)."""
        hubs = self.inputs.hubs
        if value is not None:
            return hubs.get((matrix.id, value), ())
        return tuple(
            landing for (owner, _), members in hubs.items() if owner == matrix.id for landing in members
        )

    def hub_routes(self, matrix_id: str, lang: str) -> list[HubId]:
        """The hub pages of a matrix in a language, in routing order."""
        if self._hub_routes is None:
            self._hub_routes = {}
            for route in self.inputs.routes.routes:
                if route.kind == "hub":
                    assert isinstance(route.ref, HubId)
                    self._hub_routes.setdefault((route.ref.matrix, route.lang), []).append(route.ref)
        return self._hub_routes.get((matrix_id, lang), [])

    def articles(self, lang: str) -> list[tuple[Article, PageText]]:
        """The articles a listing of `lang` shows (`listed_articles`), sorted once per language."""
        if lang not in self._articles:
            self._articles[lang] = listed_articles(self.inputs.library, lang)
        return self._articles[lang]

    def promise(self, name: PartName, declare: Callable[..., None], args: tuple[object, ...]) -> None:
        """Note how to declare the part `name` (see `Declaration.shared`)."""
        self._promised.setdefault(name, (declare, args))

    def part(self, name: PartName) -> Declared:
        """The declaration of a shared part a page named."""
        declare, args = self._promised[name]
        part = Declaration(self, name[2])
        declare(part, *args)
        return part.declared()

    def declare(self, route: Route) -> Declared:
        declaration = Declaration(self, route.lang, route)
        if route.kind not in DATA_KINDS:  # a data file has no head, header or footer
            declaration.shared(("base", None, route.lang), Declaration.base)
        declaration.add(Url(route.kind, route.ref))
        DECLARATIONS[route.kind](declaration)
        return declaration.declared()

    def dependencies(self, route: Route) -> frozenset[Dependency]:
        """Everything the page of `route` shows, its parts included."""
        found: set[Dependency] = set()
        pending, seen = [self.declare(route)], set()
        while pending:
            declared = pending.pop()
            found |= declared.own
            pending += [self.part(name) for name in declared.parts if name not in seen]
            seen.update(declared.parts)
        return frozenset(found)


def dependencies(route: Route, inputs: RenderInput) -> frozenset[Dependency]:
    """Everything the page of `route` shows (for many routes, share a `Graph`)."""
    return Graph(inputs).dependencies(route)
