"""Stage 3, route: decide every output URL once, before anything is rendered.

The routing table is the single place that knows which pages exist in which
languages, so hreflang sets, language switchers, links and sitemaps all agree and
never point at a translation that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import ContentError
from .expand import Expansion, resolve
from .library import Library
from .models.base import language_chain

HUB_PAGE_SIZE = 200
"""Links per hub page: hubs of large matrices are split so no page grows past a few
hundred kilobytes; the section index links every part, keeping landings 3 clicks deep."""

Kind = Literal["home", "category", "product", "page", "landing", "hub", "hubs", "404", "basket", "thanks"]
SERVICE_PAGES: dict[Kind, str] = {"basket": "inquiry-list", "thanks": "thank-you"}
"""Per-language pages of the inquiry flow (the multi-product list and the form's
redirect target), by kind → URL segment; never indexed, never in sitemaps."""
MATRIX_URL_FIELDS = {"landing": "patterns.path", "hub": "hub.slug", "hubs": "hub.slug"}
"""The matrix field that makes the URL of a page it produces."""


@dataclass(frozen=True)
class Route:
    kind: Kind
    key: str
    lang: str
    path: str
    """URL path, always with a trailing slash except for files such as /404.html."""
    noindex: bool = False

    @property
    def entity(self) -> tuple[str, str]:
        return (self.kind, self.key)

    @property
    def output_file(self) -> str:
        """File path inside the output folder."""
        relative = self.path.lstrip("/")
        return relative + "index.html" if self.path.endswith("/") else relative


@dataclass
class RouteTable:
    origin: str
    x_default: str
    also_serves: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Further hreflang tags announced for a language's pages (`es-MX` → `es`)."""
    routes: list[Route] = field(default_factory=list)
    by_entity: dict[tuple[str, str], dict[str, Route]] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)
    """URL collisions; the later claimant of a URL gets no route."""

    def add(self, route: Route) -> None:
        self.routes.append(route)
        self.by_entity.setdefault(route.entity, {})[route.lang] = route

    def find(self, kind: str, key: str, lang: str) -> Route | None:
        return self.by_entity.get((kind, key), {}).get(lang)

    def url(self, route: Route) -> str:
        return self.origin + route.path

    def translations(self, route: Route) -> dict[str, Route]:
        """Every language version of the route's entity, the route itself included."""
        return self.by_entity.get(route.entity, {})

    def hreflang_alternates(self, route: Route) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) pairs for an indexable route: every indexable
        translation, itself included, plus x-default when its target exists. A page
        with no other language version gets none (there is nothing to choose from)."""
        if route.noindex or route.kind == "404":
            return []
        versions = {lang: r for lang, r in self.translations(route).items() if not r.noindex}
        if len(versions) < 2:
            return []
        alternates = [
            (tag, self.url(r))
            for lang, r in versions.items()
            for tag in (lang, *self.also_serves.get(lang, ()))
        ]
        if self.x_default in versions:
            alternates.append(("x-default", self.url(versions[self.x_default])))
        return alternates


def build_routes(
    library: Library, expansion: Expansion | None = None, held: dict[tuple[str, str], str] | None = None
) -> RouteTable:
    """Route every entity in every language it is published in; URL collisions are
    errors, recorded in the table's `problems`.

    `held` maps (landing route key, language) to "drop" or "noindex", as decided by
    the quality guardrails; dropped landings get no route, so nothing links to them.
    """
    held = held or {}
    site = library.site
    table = RouteTable(
        origin=site.origin,
        x_default=site.x_default or site.default_language,
        also_serves={language.code: tuple(language.also_serves) for language in site.languages},
    )
    owners: dict[str, str] = {}

    def add(route: Route, entity_id: str) -> None:
        if route.path in owners:
            source = library.sources.get(entity_id)
            other = owners[route.path]
            other_source = library.sources.get(other)
            where = f" ({other_source.path})" if other_source else ""
            message = f"URL {route.path} is also produced by {other}{where}"
            if source:
                where_field = MATRIX_URL_FIELDS.get(route.kind, "slug")
                error = ContentError(source.path, source.line, source.column, where_field, message)
                table.problems.append(error)
            else:
                table.problems.append(ContentError("site.yaml", 1, 1, "", message))
            return
        owners[route.path] = entity_id
        table.add(route)

    for lang in site.language_codes:
        prefix = language_prefix(library, lang)
        chain = site.fallback_chain(lang)
        products_segment = _section(library, "products", chain)
        categories_segment = _section(library, "categories", chain)
        add(Route("home", "home", lang, prefix + "/"), "home")
        for slug, category in library.categories.items():
            if lang in library.languages_of(category):
                path = f"{prefix}/{categories_segment}/{category.slug_for(lang)}/"
                noindex = unreviewed(library, category.translation.get(lang) == "machine")
                add(Route("category", slug, lang, path, noindex), f"category:{slug}")
        for sku, product in library.products.items():
            if lang in library.languages_of(product):
                path = f"{prefix}/{products_segment}/{product.slug_for(lang)}/"
                noindex = product.noindex or unreviewed(library, product.translation.get(lang) == "machine")
                add(Route("product", sku, lang, path, noindex), f"product:{sku}")
        for key, page in library.pages.items():
            text = page.translations.get(lang)
            if text is None or page.layout == "home":
                continue
            noindex = text.noindex or unreviewed(library, text.machine)
            add(Route("page", key, lang, f"{prefix}/{text.slug}/", noindex), f"page:{key}:{lang}")
        if expansion is not None:
            for route, entity_id in _landing_routes(library, expansion, held, lang, prefix):
                add(route, entity_id)
        for kind, segment in SERVICE_PAGES.items():
            add(Route(kind, kind, lang, f"{prefix}/{segment}/", noindex=True), kind)
        # One "not found" page per language: hosts serve the nearest 404.html up the path.
        add(Route("404", "404", lang, f"{prefix}/404.html", noindex=True), "404")
    return table


def unreviewed(library: Library, machine: bool) -> bool:
    """Whether a version is a machine translation that the site keeps out of search."""
    return machine and library.site.machine_translations == "noindex"


def language_prefix(library: Library, lang: str) -> str:
    site = library.site
    if lang == site.default_language and site.default_language_in_root:
        return ""
    return "/" + lang.lower()


def _section(library: Library, name: Literal["products", "categories"], chain: tuple[str, ...]) -> str:
    configured = library.site.sections.get(name)
    return (configured.for_language(chain) if configured else None) or name


def _landing_routes(
    library: Library, expansion: Expansion, held: dict[tuple[str, str], str], lang: str, prefix: str
) -> list[tuple[Route, str]]:
    """Landing pages of every matrix in `lang`, then their hub pages and hub index."""
    routes: list[tuple[Route, str]] = []
    hub_values: dict[str, dict[str, int]] = {}
    for landing in expansion.landings:
        text = landing.texts.get(lang)
        key = f"{landing.matrix}:{landing.key}"
        verdict = held.get((key, lang))
        if text is None or verdict == "drop":
            continue
        route = Route("landing", key, lang, f"{prefix}/{text.path}", verdict == "noindex")
        routes.append((route, f"matrix:{landing.matrix}"))
        if verdict is None:
            hub_dimension = library.matrices[landing.matrix].hub.dimension
            counts = hub_values.setdefault(landing.matrix, {})
            value = landing.value(hub_dimension)
            counts[value] = counts.get(value, 0) + 1
    chain = language_chain(lang)
    for matrix_id, values in hub_values.items():
        matrix = library.matrices[matrix_id]
        section = matrix.hub.slug.for_language(chain)
        if section is None or matrix.hub.name.for_language(chain) is None:
            continue
        routes.append((Route("hubs", matrix_id, lang, f"{prefix}/{section}/"), f"matrix:{matrix_id}"))
        for value, count in values.items():
            entity = resolve(library, matrix, matrix.hub.dimension, value)
            path = f"{prefix}/{section}/{entity.slug_for(lang)}/"
            for page in range(1, -(-count // HUB_PAGE_SIZE) + 1):
                key, page_path = (
                    (f"{matrix_id}:{value}", path)
                    if page == 1
                    else (f"{matrix_id}:{value}@{page}", f"{path}{page}/")
                )
                routes.append((Route("hub", key, lang, page_path), f"matrix:{matrix_id}"))
    return routes


def hub_page(key: str) -> tuple[str, str, int]:
    """`matrix:value@page` (page 1 has no suffix) → (matrix, value, page)."""
    matrix, _, rest = key.partition(":")
    value, _, page = rest.partition("@")
    return matrix, value, int(page or 1)
