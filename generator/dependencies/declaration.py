"""What many page kinds show, declared by the helpers of `Declaration`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..collections import INDEXES
from ..models import Product
from ..models.ids import EntityId, PageKey
from ..route import TRUST_PAGES, Route
from .items import Catalog, Declared, Dependency, Field, Image, PartName, Role, Setting, Url

if TYPE_CHECKING:
    from .graph import Graph

CARD_FIELDS = ("sku", "name", "summary", "images", "lowest_price", "currency", "moq")
"""Product fields a product card shows."""
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
    "search",
)
"""Site settings every page shows (header, footer, head)."""


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
        """Show the part `name`, declared by `declare(part, *args)` once for all pages,
        when first asked for (`Graph.part`): a page key may reuse the part's digest."""
        self.graph.promise(name, declare, args)
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
        self.add(Url("basket", "basket"), Url("compare", "compare"))
        self.add(*(Url(kind, kind) for kind in TRUST_PAGES))  # the footer links the trust pages
        if library.site.search.enabled:  # the header's search box submits to the catalog page
            self.add(Url("products", "1"))
        for item in library.site.navigation:
            target = item.entity
            if item.target in INDEXES:
                self.add(Url(item.target, "1"))
            elif item.target in TRUST_PAGES:
                self.add(Url(item.target, item.target))
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
        """A product's card: declared once per language and role, however many pages show it."""
        name = (f"product card, {role}", product.sku, self.lang)
        self.shared(name, Declaration._product_card, product, role)

    def _product_card(self, product: Product, role: Role) -> None:
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
