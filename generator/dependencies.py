"""What each page shows: the one declaration page keys and lastmod dates derive from.

`dependencies(route, data)` names, per page, the fields of the entities its render
reads (a product's `lowest_price` on a listing, not its whole file), the site settings,
the URLs it links to, its images and the pages of its matrix it links. The cache key
of a page digests the *values* of those items (`dependency_values.value_of`), so an
edit re-renders exactly the pages that show what changed; its sitemap `lastmod` is the
newest date of the entities it shows (`dependency_values.lastmod`), navigation shared
by every page never counting. A test records what rendering reads and checks it
against this declaration.

One function per page kind, in `DECLARATIONS`: a new kind adds one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from .collections import (
    ARTICLES_PAGE_SIZE,
    INDEXES,
    PRODUCTS_PAGE_SIZE,
    listed_articles,
    listed_products,
    page_slice,
)
from .expand import resolve
from .models import Category, Product
from .models.ids import EntityId, HubId, LandingId, PageKey
from .models.matrix import Matrix
from .render.pages import HOME_ARTICLES
from .render.views import RenderInput
from .route import Route

Role = Literal["shown", "context", "navigation"]
"""How a field dates a page: `shown` fields date it; `context` fields (the matrix and
inline values behind a landing) only when no shown entity has a date; `navigation`
(menus, footer, sort keys of listings) never."""

HOME_PRODUCTS = 8
"""Product cards on the home page."""
CARD_FIELDS = ("sku", "name", "summary", "images", "lowest_price", "currency", "moq")
"""Product fields a product card shows."""
LANDING_PRODUCT_FIELDS = (
    *("sku", "name", "summary", "faqs", "specs", "moq", "price_tiers", "currency", "lead_time"),
    *("images", "certifications", "incoterms"),
    *("availability", "hs_code", "hs_codes", "packaging", "price_valid_until", "warranty"),
)
"""Product fields the blocks of a landing page show."""
BASE_SETTINGS = (
    "name",
    "tagline",
    "languages",
    "default_language",
    "organization",
    "navigation",
    "seo",
    "origin",
    "contacts",
    "tracking",
)
"""Site settings every page shows (header, footer, head)."""


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

    kind: Literal["products", "categories", "pages", "matrices", "articles"]


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


class Graph:
    """The declarations of every page of one routing table. What many pages show (the
    footer, a category's product cards) is declared once per language, as a part."""

    def __init__(self, inputs: RenderInput) -> None:
        self.inputs = inputs
        self.parts: dict[PartName, Declared] = {}
        self._declared: dict[tuple[str, PageKey, str], Declared] = {}
        self._hub_members: dict[tuple[str, str | None], list[LandingId]] | None = None
        self._hub_routes: dict[tuple[str, str], list[HubId]] | None = None

    def hub_members(self, matrix: Matrix, value: str | None) -> list[LandingId]:
        """The landings of `matrix` whose hub dimension is `value` (every landing of it
        for None), indexed in one pass so that declaring every hub stays linear."""
        if self._hub_members is None:
            self._hub_members = {}
            matrices = self.inputs.library.matrices
            for landing in self.inputs.landings.values():
                value_key = landing.value(matrices[landing.matrix].hub.dimension)
                self._hub_members.setdefault((landing.matrix, value_key), []).append(landing.id)
                self._hub_members.setdefault((landing.matrix, None), []).append(landing.id)
        return self._hub_members.get((matrix.id, value), [])

    def hub_routes(self, matrix_id: str, lang: str) -> list[HubId]:
        """The hub pages of a matrix in a language, in routing order."""
        if self._hub_routes is None:
            self._hub_routes = {}
            for route in self.inputs.routes.routes:
                if route.kind == "hub":
                    assert isinstance(route.ref, HubId)
                    self._hub_routes.setdefault((route.ref.matrix, route.lang), []).append(route.ref)
        return self._hub_routes.get((matrix_id, lang), [])

    def declare(self, route: Route) -> Declared:
        key = (route.kind, route.ref, route.lang)
        if key not in self._declared:
            declaration = Declaration(self, route.lang, route)
            declaration.shared(("base", None, route.lang), Declaration.base)
            declaration.add(Url(route.kind, route.ref))
            DECLARATIONS[route.kind](declaration)
            self._declared[key] = declaration.declared()
        return self._declared[key]

    def dependencies(self, route: Route) -> frozenset[Dependency]:
        """Everything the page of `route` shows, its parts included."""
        found: set[Dependency] = set()
        pending, seen = [self.declare(route)], set()
        while pending:
            declared = pending.pop()
            found |= declared.own
            pending += [self.parts[name] for name in declared.parts if name not in seen]
            seen.update(declared.parts)
        return frozenset(found)


class Declaration:
    """Collects the dependencies of one page (or of one shared part), with helpers for
    what many kinds show."""

    def __init__(self, graph: Graph, lang: str, route: Route | None = None) -> None:
        self.graph = graph
        self.inputs = graph.inputs
        self.library = graph.inputs.library
        self.route = route
        """None while declaring a part shared by many pages."""
        self.lang = lang
        self.items: set[Dependency] = set()
        self.parts: dict[PartName, None] = {}
        """The shared parts shown, in the order first shown."""

    @property
    def ref(self) -> PageKey:
        """What the page being declared is of (see `Route.ref`)."""
        assert self.route is not None, "a shared part is the same for every page"
        return self.route.ref

    def shared(self, name: PartName, declare: Callable[..., None], *args: object) -> None:
        """Show the part `name`, declared by `declare(part, *args)` once for all pages."""
        if name not in self.graph.parts:
            part = Declaration(self.graph, self.lang)
            declare(part, *args)
            self.graph.parts[name] = part.declared()
        self.parts[name] = None

    def declared(self) -> Declared:
        return Declared(frozenset(self.items), tuple(self.parts))

    def add(self, *items: Dependency) -> None:
        self.items.update(items)

    def fields(self, entity: EntityId, names: Iterable[str], role: Role = "shown") -> None:
        self.items.update(Field(entity, name, role) for name in names)

    def has_route(self, kind: str, key: PageKey) -> bool:
        return self.inputs.routes.find(kind, key, self.lang) is not None

    def base(self) -> None:
        """What every page shows: head, header, navigation, footer."""
        library = self.library
        self.add(*(Setting(name) for name in BASE_SETTINGS))
        self.add(Url("home", "home"), Image(library.site.organization.logo), Catalog("pages"))
        self.add(Url("articles", "1"))  # the head announces the language's feeds
        self.add(Url("basket", "basket"))
        for item in library.site.navigation:
            target = item.entity
            if item.target in INDEXES:
                self.add(Url(item.target, "1"))
            else:
                self.add(Url(target.kind, target.key) if target else Url("home", "home"))
        for key, page in library.pages.items():
            self.add(Field(EntityId("page", key), "nav_order", "navigation"))
            self.add(Field(EntityId("page", key), "layout", "navigation"))  # the contact page takes quotes
            if page.layout == "contact":
                self.add(Url("page", key))
            if page.nav_order is not None and self.lang in page.translations:
                self.add(Field(EntityId.page(key, self.lang), "title", "navigation"), Url("page", key))

    def form(self) -> None:
        self.add(Setting("inquiry"))

    def category_trail(self, slug: str) -> None:
        """Breadcrumbs through a category and its ancestors."""
        self.shared(("category trail", slug, self.lang), Declaration._category_trail, slug)

    def _category_trail(self, slug: str) -> None:
        self.add(Catalog("categories"))
        for category in self.library.category_trail(slug):
            self.fields(EntityId.category(category.slug), ("name", "parent", "slug"))
            self.add(Url("category", category.slug))

    def _category_index(self) -> None:
        """Which products each category lists: theirs and those of its descendants."""
        self.add(Catalog("products"), Catalog("categories"))
        for sku in self.library.products:
            self.add(Field(EntityId.product(sku), "category", "navigation"))
        for category in self.library.categories:
            self.add(Field(EntityId.category(category), "parent", "navigation"))

    def category_cards(self, parent: str | None) -> None:
        """The cards of a category's subcategories (of the top level for None)."""
        self.shared(("category cards", parent, self.lang), Declaration._category_cards, parent)

    def _category_cards(self, parent: str | None) -> None:
        self.add(Catalog("categories"))
        for slug in self.library.categories:
            self.add(Field(EntityId.category(slug), "parent", "navigation"))
        for category in self.library.children(parent):
            entity = EntityId.category(category.slug)
            self.add(Field(entity, "order", "navigation"), Field(entity, "slug", "navigation"))
            self.add(Url("category", category.slug))
            if self.has_route("category", category.slug):
                self.fields(entity, ("name", "summary"))

    def product_card(self, product: Product, role: Role = "shown") -> None:
        entity = EntityId.product(product.sku)
        self.add(Url("product", product.sku), Setting("currency"), Field(entity, "sku", "navigation"))
        if self.has_route("product", product.sku):
            self.fields(entity, CARD_FIELDS, role)
            self.add(*(Image(image.src) for image in product.images[:1]))

    def articles_listed(self, tag: str | None = None, year: int | None = None) -> None:
        """Which articles a listing of the language shows, in which order."""
        self.add(Catalog("articles"))
        for key, article in self.library.articles.items():
            if self.lang in article.translations:
                self.add(Field(EntityId("article", key), "published", "navigation"))
                if tag is not None:
                    self.add(Field(EntityId("article", key), "tags", "navigation"))

    def article_cards(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.add(Url("article", key))
            if self.has_route("article", key):
                self.fields(EntityId("article", key), ("kind", "published"))
                self.fields(EntityId.article(key, self.lang), ("title", "description"))

    def products_of(self, slug: str) -> None:
        """The product cards of a category and its descendants."""
        self.shared(("product cards", slug, self.lang), Declaration._products_of, slug)

    def _products_of(self, slug: str) -> None:
        self.shared(("category index", None, self.lang), Declaration._category_index)
        for product in self.library.products_in(slug):
            self.product_card(product)


def _home(d: Declaration) -> None:
    library = d.library
    for key, page in library.pages.items():
        d.add(Field(EntityId("page", key), "layout", "navigation"))
        if page.layout == "home" and d.lang in page.translations:
            d.fields(EntityId.page(key, d.lang), ("title", "body"))
    d.add(Setting("returns"))  # the organization's return policy
    d.category_cards(None)
    d.shared(("home products", None, d.lang), _home_products)
    d.shared(("latest articles", None, d.lang), _latest_articles)
    d.add(Url("products", "1"), Url("articles", "1"))
    d.add(Catalog("matrices"))
    for matrix_id in library.matrices:
        d.add(Url("hubs", matrix_id), Field(EntityId.of_matrix(matrix_id), "id", "navigation"))
        if d.has_route("hubs", matrix_id):
            d.add(Field(EntityId.of_matrix(matrix_id), "hub", "context"))


def _latest_articles(d: Declaration) -> None:
    d.articles_listed()
    d.article_cards(article.key for article, _ in listed_articles(d.library, d.lang)[:HOME_ARTICLES])


def _home_products(d: Declaration) -> None:
    d.add(Catalog("products"))
    for sku in d.library.products:
        d.fields(EntityId.product(sku), ("price_on_request", "sku"), "navigation")
    products = sorted(d.library.products.values(), key=lambda p: (p.price_on_request, p.sku))
    for product in islice((p for p in products if d.has_route("product", p.sku)), HOME_PRODUCTS):
        d.product_card(product)
    for product in products:  # links looked up until the cards are filled
        d.add(Url("product", product.sku))


def _category(d: Declaration) -> None:
    slug = str(d.ref)
    d.add(Whole(EntityId.category(slug)))
    category = d.library.categories[slug]
    if category.parent:
        d.add(Field(EntityId.category(category.parent), "name"))
    d.category_cards(slug)
    d.products_of(slug)
    d.category_trail(slug)


def _product(d: Declaration) -> None:
    sku = str(d.ref)
    product = d.library.products[sku]
    d.add(Whole(EntityId.product(sku)), SocialCard(d.lang, sku), Setting("currency"))
    d.add(Setting("pricing"), Setting("returns"), Setting("shipping"))  # offer terms
    if d.library.site.shipping.product_pages and product.price_tiers:
        # Delivery times to every market country the matrices name.
        d.add(*(Whole(EntityId.of_matrix(matrix), "navigation") for matrix in d.library.matrices))
    d.add(*(Image(image.src) for image in product.images))
    d.add(Field(EntityId.category(product.category), "name"))
    d.category_trail(product.category)
    d.add(Catalog("products"))
    for other in product.related:
        d.product_card(d.library.products[other])
    d.articles_listed()
    for key, article in d.library.articles.items():
        if d.lang in article.translations:
            d.add(Field(EntityId("article", key), "products", "navigation"))
    naming = (article.key for article, _ in listed_articles(d.library, d.lang) if sku in article.products)
    d.article_cards(naming)
    d.form()


def _page(d: Declaration) -> None:
    key = str(d.ref)
    d.add(Field(EntityId("page", key), "layout"), Whole(EntityId.page(key, d.lang)))
    if d.library.pages[key].layout == "contact":
        d.form()


def _not_found(d: Declaration) -> None:
    d.category_cards(None)


def _basket(d: Declaration) -> None:
    d.add(Setting("seo"))
    d.form()


def _thanks(d: Declaration) -> None:
    d.add(Setting("seo"))
    d.category_cards(None)


def _matrix_parts(d: Declaration, matrix: Matrix, value: str | None) -> None:
    """The matrix, its hub trail and the hub value's entity: one part per hub."""
    name = str(HubId(matrix.id, value)) if value is not None else matrix.id
    d.shared(("matrix", name, d.lang), _declare_matrix_parts, matrix, value)


def _declare_matrix_parts(d: Declaration, matrix: Matrix, value: str | None) -> None:
    d.add(Whole(EntityId.of_matrix(matrix.id), "context"), Url("hubs", matrix.id))
    if value is not None:
        d.add(Url("hub", HubId(matrix.id, value)))
        _hub_value(d, matrix, value, ("name", "text"))


def _hub_value(d: Declaration, matrix: Matrix, value: str, names: tuple[str, ...]) -> None:
    """The fields a hub shows of the value it is for (a catalog entity or an inline value)."""
    model = type(resolve(d.library, matrix, matrix.hub.dimension, value))
    shown = [name for name in names if name in model.model_fields]
    d.fields(entity_of(matrix, matrix.hub.dimension, value), shown, "context")


def _landing(d: Declaration) -> None:
    """A landing shows its own texts, its siblings' links and headings, the matrix and
    what each value of its combination shows: all shared parts, so that declaring and
    digesting ten thousand landings costs little more than naming their parts."""
    landing = d.inputs.landings[str(d.ref)]
    matrix = d.library.matrices[landing.matrix]
    _landing_card(d, landing.id)
    _matrix_parts(d, matrix, landing.value(matrix.hub.dimension))
    for sibling in d.inputs.siblings.get(landing.id, ()):
        _landing_card(d, sibling)
    d.form()
    for name, key in landing.combo:
        value = ("combination value", f"{matrix.id}/{name}/{key}", d.lang)
        d.shared(value, _combo, matrix, name, key)


def _landing_card(d: Declaration, landing: LandingId) -> None:
    """A landing's link and heading, as the landing itself and its siblings show them."""
    d.shared(("landing card", str(landing), d.lang), _declare_landing_card, landing)


def _declare_landing_card(d: Declaration, landing: LandingId) -> None:
    d.add(Url("landing", landing), LandingText(landing))


def _combo(d: Declaration, matrix: Matrix, name: str, key: str) -> None:
    """What a landing shows of one value of its combination."""
    entity = resolve(d.library, matrix, name, key)
    if isinstance(entity, Product):
        _landing_product(d, entity)
    elif isinstance(entity, Category):
        _landing_category(d, key)
    else:
        d.add(Whole(entity_of(matrix, name, key), "context"))


def _landing_product(d: Declaration, product: Product) -> None:
    """What a landing's product blocks show: the same on every landing of the product."""
    d.fields(EntityId.product(product.sku), LANDING_PRODUCT_FIELDS)
    d.add(Url("product", product.sku), Setting("currency"), Setting("rounding"))
    d.add(Setting("pricing"), Setting("returns"))
    d.add(*(Image(image.src) for image in product.images[:1]))


def _landing_category(d: Declaration, slug: str) -> None:
    d.fields(EntityId.category(slug), ("summary", "slug"))
    d.add(Url("category", slug))
    d.products_of(slug)


def _hub(d: Declaration) -> None:
    hub = d.ref
    assert isinstance(hub, HubId)
    matrix = d.library.matrices[hub.matrix]
    _matrix_parts(d, matrix, hub.value)
    d.add(MatrixRoutes(matrix.id))
    _listed(d, d.graph.hub_members(matrix, hub.value))


def _hubs(d: Declaration) -> None:
    matrix = d.library.matrices[str(d.ref)]
    _matrix_parts(d, matrix, None)
    d.add(MatrixRoutes(matrix.id))
    for hub in d.graph.hub_routes(matrix.id, d.lang):
        _hub_value(d, matrix, hub.value, ("name",))
    _listed(d, d.graph.hub_members(matrix, None))


def _listed(d: Declaration, landings: Iterable[LandingId]) -> None:
    """The landings a hub lists: those published in the hub's language."""
    d.add(*(Listed(landing) for landing in landings if d.has_route("landing", landing)))


def _products(d: Declaration) -> None:
    """A page of the products index: its slice of the language's products, by category."""
    d.add(Catalog("products"), Catalog("categories"), Setting("seo"))
    listed = listed_products(d.library, d.lang)
    for sku in d.library.products:
        d.add(Field(EntityId.product(sku), "category", "navigation"))
    for category in d.library.categories.values():
        d.fields(EntityId.category(category.slug), ("order", "parent"), "navigation")
    for product in page_slice(listed, str(d.ref), PRODUCTS_PAGE_SIZE):
        d.product_card(product)
        if d.has_route("product", product.sku):
            d.add(Field(EntityId.category(product.category), "name"))
    d.add(*(Url("products", str(page)) for page in range(1, len(listed) // PRODUCTS_PAGE_SIZE + 2)))


def _article(d: Declaration) -> None:
    key = str(d.ref)
    article = d.library.articles[key]
    d.add(Whole(EntityId("article", key)), Whole(EntityId.article(key, d.lang)), Setting("authors"))
    d.add(Setting("article_tags"), Setting("returns"), Url("articles", "1"))  # returns: the organization
    d.add(*(Url("tag", tag) for tag in article.tags))
    if article.image:
        d.add(Image(article.image))
    d.add(Catalog("products"))
    for sku in article.products:  # context: an article is as new as its own text
        d.product_card(d.library.products[sku], "context")


def _article_listing(d: Declaration, tag: str | None = None, year: int | None = None) -> None:
    """An articles index, tag or archive page: its articles, and links to every tag
    and year of the language."""
    d.articles_listed(tag, year)
    d.add(Setting("article_tags"), Setting("listings"), Url("articles", "1"))
    listed = listed_articles(d.library, d.lang)
    d.add(*(Url("tag", tag) for tag in sorted({t for article, _ in listed for t in article.tags})))
    d.add(*(Url("archive", str(year)) for year in sorted({article.published.year for article, _ in listed})))
    d.add(*(Field(EntityId("article", article.key), "tags", "navigation") for article, _ in listed))
    shown = listed_articles(d.library, d.lang, tag=tag, year=year)
    if d.route is not None and d.route.kind == "articles":
        shown = page_slice(shown, str(d.ref), ARTICLES_PAGE_SIZE)
        d.add(*(Url("articles", str(page)) for page in range(1, len(listed) // ARTICLES_PAGE_SIZE + 2)))
    d.article_cards(article.key for article, _ in shown)


def _articles(d: Declaration) -> None:
    _article_listing(d)


def _tag(d: Declaration) -> None:
    _article_listing(d, tag=str(d.ref))


def _archive(d: Declaration) -> None:
    _article_listing(d, year=int(str(d.ref)))


DECLARATIONS: dict[str, Callable[[Declaration], None]] = {
    "home": _home,
    "category": _category,
    "product": _product,
    "page": _page,
    "landing": _landing,
    "hub": _hub,
    "hubs": _hubs,
    "404": _not_found,
    "products": _products,
    "article": _article,
    "articles": _articles,
    "tag": _tag,
    "archive": _archive,
    "basket": _basket,
    "thanks": _thanks,
}
"""What each page kind shows, beyond what every page shows (`Declaration.base`)."""


def dependencies(route: Route, inputs: RenderInput) -> frozenset[Dependency]:
    """Everything the page of `route` shows (for many routes, share a `Graph`)."""
    return Graph(inputs).dependencies(route)


def entity_of(matrix: Matrix, dimension: str, key: str) -> EntityId:
    """The entity a combination's value names: a catalog entity or an inline value."""
    source = matrix.dimension(dimension).source
    if source == "products":
        return EntityId.product(key)
    if source == "categories":
        return EntityId.category(key)
    return EntityId.value(matrix.id, key)
