"""Stage 3, route: decide every output URL once, before anything is rendered.

The routing table is the single place that knows which pages exist in which
languages, so hreflang sets, language switchers, links and sitemaps all agree and
never point at a translation that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .collections import (
    ARTICLES_PAGE_SIZE,
    PRODUCTS_PAGE_SIZE,
    listed_articles,
    listed_products,
    paged,
    tags_of,
    unindexed_listings,
    years_of,
)
from .compare_shards import shard_count
from .errors import ContentError
from .expand import Expansion, resolve
from .library import Library
from .models.aliases import alias_output_file
from .models.base import language_chain
from .models.ids import EntityId, HubId, PageId, PageKey
from .models.reserved import SERVICE_SEGMENTS, TRUST_SEGMENTS, reserved_folder, reserved_folders

HUB_PAGE_SIZE = 200
"""Links per hub page: hubs of large matrices are split so no page grows past a few
hundred kilobytes; the section index links every part, keeping landings 3 clicks deep."""

Kind = Literal[
    "home",
    "category",
    "product",
    "page",
    "landing",
    "hub",
    "hubs",
    "404",
    # Listings and the article collection (see collections.py); paged kinds key pages "1", "2"…
    "products",
    "article",
    "articles",
    "tag",
    "archive",
    # The inquiry flow (see render/buyer.py)
    "basket",
    "thanks",
    "compare",
    "compare-data",
    # Trust content (see render/trust.py)
    "certificates",
    "factory",
    "cases",
    "case",
]
SERVICE_PAGES: dict[Kind, str] = SERVICE_SEGMENTS  # type: ignore[assignment]
"""Per-language pages of the inquiry flow (the multi-product list, the form's redirect
target and the product comparison), by kind → URL segment; never indexed, never in
sitemaps."""
DATA_KINDS: frozenset[Kind] = frozenset({"compare-data"})
"""Kinds whose output is a data file, not a page: no head, header or footer, never
indexed, never in sitemaps."""
TRUST_PAGES: dict[Kind, str] = TRUST_SEGMENTS  # type: ignore[assignment]
"""Per-language trust pages, by kind → URL segment; each exists only when the content has
something for it in that language."""
TRUST_KINDS: tuple[Kind, ...] = (*TRUST_PAGES, "case")
MATRIX_URL_FIELDS = {"landing": "patterns.path", "hub": "hub.slug", "hubs": "hub.slug"}
"""The matrix field that makes the URL of a page it produces."""


@dataclass(frozen=True)
class Route:
    kind: Kind
    ref: PageKey
    """What the page is of, within its kind (a SKU, slug, page key, matrix id, landing or hub id)."""
    lang: str
    path: str
    """URL path, always with a trailing slash except for files such as /404.html."""
    noindex: bool = False

    @property
    def key(self) -> str:
        """The text form of `ref`, as reports and messages show it."""
        return str(self.ref)

    @property
    def id(self) -> PageId:
        return PageId(self.kind, self.ref, self.lang)

    @property
    def entity(self) -> tuple[str, PageKey]:
        return (self.kind, self.ref)

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
    by_entity: dict[tuple[str, PageKey], dict[str, Route]] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)
    """URL collisions; the later claimant of a URL gets no route."""

    def add(self, route: Route) -> None:
        self.routes.append(route)
        self.by_entity.setdefault(route.entity, {})[route.lang] = route

    def remove(self, path: str) -> None:
        """Take the route at `path` out again (it lost its URL to the site's own page)."""
        route = next(route for route in self.routes if route.path == path)
        self.routes.remove(route)
        del self.by_entity[route.entity][route.lang]

    def find(self, kind: str, key: PageKey, lang: str) -> Route | None:
        return self.by_entity.get((kind, key), {}).get(lang)

    def url(self, route: Route) -> str:
        return self.absolute(route.path)

    def absolute(self, path: str) -> str:
        """The absolute URL of a path of the site (a page, an image, a sitemap)."""
        return absolute(self.origin, path)

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


def absolute(origin: str, path: str) -> str:
    """The one place an absolute URL is made: the site's origin (no trailing slash)
    followed by a path that starts with a slash."""
    return origin + (path if path.startswith("/") else "/" + path)


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
    owners: dict[str, tuple[EntityId | None, str]] = {}

    refused: set[tuple[EntityId | None, str]] = set()
    reserved = reserved_folders(library.site.language_codes, lambda lang: language_prefix(library, lang))

    def add(route: Route, owner: EntityId | None) -> None:
        """Route `route`, defined by `owner` (None: by the site itself, e.g. home)."""
        field = MATRIX_URL_FIELDS.get(route.kind, "slug")
        folder = reserved_folder(route.path, route.lang, reserved) if owner else None
        if folder:
            if (owner, folder) not in refused:  # a matrix's every landing page: one mistake, one error
                refused.add((owner, folder))
                _collision(library, table, owner, field, f"URL {route.path} is inside {folder}")
            return
        if route.path in owners and owner is None and owners[route.path][0] is not None:
            # The site's own page (a language's home, the compare page) keeps its URL; the
            # content that took it is the mistake, and the pages link to the site's page.
            other, other_kind = owners[route.path]
            table.remove(route.path)
            message = f"URL {route.path} is the URL of the site's {route.kind} page [{route.lang}]"
            _collision(library, table, other, MATRIX_URL_FIELDS.get(other_kind, "slug"), message)
            del owners[route.path]
        if route.path in owners:
            other, other_kind = owners[route.path]
            other_source = library.sources.get(other) if other else None
            where = f" ({other_source.path})" if other_source else ""
            message = f"URL {route.path} is also produced by {other or other_kind}{where}"
            _collision(library, table, owner, field, message)
            return
        owners[route.path] = (owner, route.kind)
        table.add(route)

    codes = site.language_codes
    # Asked once per language below: a product's languages are a set made anew each time.
    category_languages = {slug: category.languages(codes) for slug, category in library.categories.items()}
    product_languages = {sku: product.languages(codes) for sku, product in library.products.items()}
    for lang in codes:
        prefix = language_prefix(library, lang)
        chain = site.fallback_chain(lang)
        products_segment = _section(library, "products", chain)
        categories_section = f"{prefix}/{_section(library, 'categories', chain)}/"
        add(Route("home", "home", lang, prefix + "/"), None)
        for slug, category in library.categories.items():
            if lang in category_languages[slug]:
                path = category_path(library, slug, lang, categories_section)
                noindex = unreviewed(library, category.translation.get(lang) == "machine")
                add(Route("category", slug, lang, path, noindex), EntityId.category(slug))
        under_category = library.site.category_paths.products_under_category_in(lang)
        for sku, product in library.products.items():
            if lang in product_languages[sku]:
                section = (
                    category_path(library, product.category, lang, categories_section)
                    if under_category
                    else f"{prefix}/{products_segment}/"
                )
                path = f"{section}{product.slug_for(lang)}/"
                noindex = product.noindex or unreviewed(library, product.translation.get(lang) == "machine")
                add(Route("product", sku, lang, path, noindex), EntityId.product(sku))
        for key, page in library.pages.items():
            text = page.translations.get(lang)
            if text is None or page.layout == "home":
                continue
            noindex = text.noindex or unreviewed(library, text.machine)
            add(Route("page", key, lang, f"{prefix}/{text.slug}/", noindex), EntityId.page(key, lang))
        # Products index: only for two products or more; one product's index would only
        # repeat its card (and its category page).
        listed = listed_products(library, lang)
        count = len(listed) if len(listed) > 1 else 0
        for key, path in paged(f"{prefix}/{products_segment}/", count, PRODUCTS_PAGE_SIZE):
            add(Route("products", key, lang, path), None)
        # Article collection: articles, their index, tag pages and yearly archives
        articles = listed_articles(library, lang)
        section = f"{prefix}/{_section(library, 'articles', chain)}/"
        indexable: set[str] = set()
        for article, text in articles:
            noindex = text.noindex or unreviewed(library, text.machine)
            route = Route("article", article.key, lang, f"{section}{text.slug}/", noindex)
            add(route, EntityId.article(article.key, lang))
            if not noindex:
                indexable.add(article.key)
        for key, path in paged(section, len(articles), ARTICLES_PAGE_SIZE):
            add(Route("articles", key, lang, path), None)
        unindexed = unindexed_listings(library, lang, indexable)
        tags_section = f"{section}{_section(library, 'tags', chain)}/"
        for tag in tags_of(articles):
            add(Route("tag", tag, lang, f"{tags_section}{tag}/", ("tag", tag) in unindexed), None)
        for year in map(str, years_of(articles)):
            add(Route("archive", year, lang, f"{section}{year}/", ("archive", year) in unindexed), None)
        if expansion is not None:
            for route in _landing_routes(library, expansion, held, lang, prefix):
                add(route, EntityId.of_matrix(matrix_of(route)))
        for route in _trust_routes(library, lang, prefix):
            add(route, EntityId("case", route.key) if route.kind == "case" else None)
        for kind, segment in SERVICE_PAGES.items():
            add(Route(kind, kind, lang, f"{prefix}/{segment}/", noindex=True), None)
        # The compare page's columns, in shard files the browser fetches as it needs them.
        compare_page = f"{prefix}/{SERVICE_PAGES['compare']}/"
        for shard in range(shard_count(len(library.products))):
            add(Route("compare-data", str(shard), lang, compare_data_path(compare_page, shard), True), None)
        # One "not found" page per language: hosts serve the nearest 404.html up the path.
        add(Route("404", "404", lang, f"{prefix}/404.html", noindex=True), None)
    _alias_collisions(library, table)
    return table


def _trust_routes(library: Library, lang: str, prefix: str) -> list[Route]:
    """The certificates and factory pages, the cases list and one page per case, in `lang`."""
    routes = []
    if any(lang in library.languages_of(certificate) for certificate in library.certificates.values()):
        routes.append(Route("certificates", "certificates", lang, f"{prefix}/{TRUST_PAGES['certificates']}/"))
    if any(lang in library.languages_of(factory) for factory in library.factories.values()):
        routes.append(Route("factory", "factory", lang, f"{prefix}/{TRUST_PAGES['factory']}/"))
    cases = [case for case in library.cases.values() if lang in library.languages_of(case)]
    section = f"{prefix}/{TRUST_PAGES['cases']}/"
    if cases:
        routes.append(Route("cases", "cases", lang, section))
    for case in cases:
        noindex = unreviewed(library, case.translation.get(lang) == "machine")
        routes.append(Route("case", case.slug, lang, f"{section}{case.slug}/", noindex))
    return routes


def _collision(library: Library, table: RouteTable, owner: EntityId | None, field: str, message: str) -> None:
    source = library.sources.get(owner) if owner else None
    if source:
        table.problems.append(ContentError(source.path, source.line, source.column, field, message))
    else:
        table.problems.append(ContentError("site.yaml", 1, 1, "", message))


def _alias_collisions(library: Library, table: RouteTable) -> None:
    """An alias (old URL) that is the URL of a live page would replace that page with a
    redirect: an error at the alias, found here before anything is rendered."""
    pages = {route.output_file: route for route in table.routes}
    for entity, source in sorted(library.sources.items()):
        page = pages.get(alias_output_file(entity.key)) if entity.kind == "alias" else None
        if page is not None:
            message = f"alias {entity.key} is the URL of a page ({page.kind} {page.key} [{page.lang}])"
            table.problems.append(ContentError(source.path, source.line, source.column, "aliases", message))


def compare_data_path(compare_page: str, shard: int | str) -> str:
    """The URL path of a shard file of the compare page at `compare_page`."""
    return f"{compare_page}data/{shard}.json"


def unreviewed(library: Library, machine: bool) -> bool:
    """Whether a version is a machine translation that the site keeps out of search."""
    return machine and library.site.machine_translations == "noindex"


def language_prefix(library: Library, lang: str) -> str:
    site = library.site
    if lang == site.default_language and site.default_language_in_root:
        return ""
    return "/" + lang.lower()


def category_path(library: Library, slug: str, lang: str, section: str) -> str:
    """`section` + the category's slug, or with nested paths its whole trail of slugs."""
    if library.site.category_paths.nested_in(lang):
        return section + "".join(f"{c.slug_for(lang)}/" for c in library.category_trail(slug))
    return f"{section}{library.categories[slug].slug_for(lang)}/"


def _section(
    library: Library, name: Literal["products", "categories", "articles", "tags"], chain: tuple[str, ...]
) -> str:
    configured = library.site.sections.get(name)
    return (configured.for_language(chain) if configured else None) or name


def _landing_routes(
    library: Library, expansion: Expansion, held: dict[tuple[str, str], str], lang: str, prefix: str
) -> list[Route]:
    """Landing pages of every matrix in `lang`, then their hub pages and hub index."""
    routes: list[Route] = []
    hub_values: dict[str, dict[str, int]] = {}
    for landing in expansion.landings:
        text = landing.texts.get(lang)
        landing_id = landing.id
        verdict = held.get((str(landing_id), lang))
        if text is None or verdict == "drop":
            continue
        routes.append(Route("landing", landing_id, lang, f"{prefix}/{text.path}", verdict == "noindex"))
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
        routes.append(Route("hubs", matrix_id, lang, f"{prefix}/{section}/"))
        for value, count in values.items():
            entity = resolve(library, matrix, matrix.hub.dimension, value)
            path = f"{prefix}/{section}/{entity.slug_for(lang)}/"
            for page in range(1, -(-count // HUB_PAGE_SIZE) + 1):
                page_path = path if page == 1 else f"{path}{page}/"
                routes.append(Route("hub", HubId(matrix_id, value, page), lang, page_path))
    return routes


def matrix_of(route: Route) -> str:
    """The matrix a landing, hub or hub index page belongs to."""
    return route.ref if isinstance(route.ref, str) else route.ref.matrix
