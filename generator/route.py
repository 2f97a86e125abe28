"""Stage 3, route: decide every output URL once, before anything is rendered.

The routing table is the single place that knows which pages exist in which
languages, so hreflang sets, language switchers, links and sitemaps all agree and
never point at a translation that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import BuildError, ContentError
from .library import Library

Kind = Literal["home", "category", "product", "page", "404"]


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
    routes: list[Route] = field(default_factory=list)
    by_entity: dict[tuple[str, str], dict[str, Route]] = field(default_factory=dict)

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
        translation, itself included, plus x-default when its target exists."""
        if route.noindex or route.kind == "404":
            return []
        versions = {lang: r for lang, r in self.translations(route).items() if not r.noindex}
        alternates = [(lang, self.url(r)) for lang, r in versions.items()]
        if self.x_default in versions and len(versions) > 1:
            alternates.append(("x-default", self.url(versions[self.x_default])))
        return alternates


def build_routes(library: Library) -> RouteTable:
    """Route every entity in every language it is published in; URL collisions are errors."""
    site = library.site
    table = RouteTable(origin=site.origin, x_default=site.x_default or site.default_language)
    owners: dict[str, str] = {}
    errors: list[ContentError] = []

    def add(route: Route, entity_id: str) -> None:
        if route.path in owners:
            source = library.sources.get(entity_id)
            other = owners[route.path]
            other_source = library.sources.get(other)
            where = f" ({other_source.path})" if other_source else ""
            message = f"URL {route.path} is also produced by {other}{where}"
            if source:
                errors.append(ContentError(source.path, source.line, source.column, "slug", message))
            else:
                errors.append(ContentError("site.yaml", 1, 1, "", message))
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
                add(Route("category", slug, lang, path), f"category:{slug}")
        for sku, product in library.products.items():
            if lang in library.languages_of(product):
                path = f"{prefix}/{products_segment}/{product.slug_for(lang)}/"
                add(Route("product", sku, lang, path, product.noindex), f"product:{sku}")
        for key, page in library.pages.items():
            text = page.translations.get(lang)
            if text is None or page.layout == "home":
                continue
            add(Route("page", key, lang, f"{prefix}/{text.slug}/", text.noindex), f"page:{key}:{lang}")
    add(Route("404", "404", site.default_language, "/404.html", noindex=True), "404")
    if errors:
        raise BuildError(errors)
    return table


def language_prefix(library: Library, lang: str) -> str:
    site = library.site
    if lang == site.default_language and site.default_language_in_root:
        return ""
    return "/" + lang.lower()


def _section(library: Library, name: Literal["products", "categories"], chain: tuple[str, ...]) -> str:
    configured = library.site.sections.get(name)
    return (configured.for_language(chain) if configured else None) or name
