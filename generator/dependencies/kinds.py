"""What each page kind shows, beyond what every page shows: one function per kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from ..collections import (
    ARTICLES_PAGE_SIZE,
    PRODUCTS_PAGE_SIZE,
    listed_articles,
    listed_products,
    page_slice,
)
from ..expand import resolve
from ..models import Category, Product
from ..models.ids import EntityId, HubId, LandingId
from ..models.matrix import Matrix
from ..render.pages import HOME_ARTICLES, home_products
from . import trust
from .declaration import Declaration
from .items import (
    Catalog,
    Field,
    Image,
    LandingText,
    Listed,
    MatrixRoutes,
    Setting,
    SocialCard,
    Url,
    Whole,
)

HOME_PRODUCTS = 8
"""Product cards on the home page."""
LANDING_PRODUCT_FIELDS = (
    *("sku", "name", "summary", "faqs", "specs", "moq", "price_tiers", "currency", "lead_time"),
    *("images", "certifications", "incoterms"),
    *("availability", "hs_code", "hs_codes", "packaging", "price_valid_until", "warranty"),
)
"""Product fields the blocks of a landing page show."""


def _home(d: Declaration) -> None:
    library = d.library
    for key, page in library.pages.items():
        d.add(Field(EntityId("page", key), "layout", "navigation"))
        if page.layout == "home" and d.lang in page.translations:
            d.fields(EntityId.page(key, d.lang), ("title", "body"))
    d.add(Setting("returns"))  # the organization's return policy
    d.add(Setting("documents"))  # the catalog PDF's link
    d.category_cards(None)
    d.shared(("home products", None, d.lang), _home_products)
    d.shared(("latest articles", None, d.lang), _latest_articles)
    d.add(Url("products", "1"), Url("articles", "1"))
    trust.home_trust(d)
    d.add(Catalog("matrices"))
    for matrix_id in library.matrices:
        d.add(Url("hubs", matrix_id), Field(EntityId.of_matrix(matrix_id), "id", "navigation"))
        if d.has_route("hubs", matrix_id):
            d.add(Field(EntityId.of_matrix(matrix_id), "hub", "context"))


def _latest_articles(d: Declaration) -> None:
    d.articles_listed()
    d.article_cards(article.key for article, _ in d.graph.articles(d.lang)[:HOME_ARTICLES])


def _home_products(d: Declaration) -> None:
    d.add(Catalog("products"))
    for sku in d.library.products:
        d.fields(EntityId.product(sku), ("price_on_request", "sku"), "navigation")
    d.add(Setting("showcase"))  # the featured SKUs come first
    products = home_products(d.library)
    for product in islice((p for p in products if d.has_route("product", p.sku)), HOME_PRODUCTS):
        d.product_card(product)
    for product in products:  # links looked up until the cards are filled
        d.add(Url("product", product.sku))


def _category(d: Declaration) -> None:
    slug = str(d.ref)
    d.add(Whole(EntityId.category(slug)), Setting("documents"))  # a top category links its catalog PDF
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
    d.add(Setting("documents"))  # the datasheet PDF's link
    if d.library.site.shipping.product_pages and product.price_tiers:
        # Delivery times to every market country the matrices name.
        d.add(*(Whole(EntityId.of_matrix(matrix), "navigation") for matrix in d.library.matrices))
    d.add(*(Image(image.src) for image in product.images))
    d.add(*(Image(video.poster) for video in product.videos))
    d.add(Field(EntityId.category(product.category), "name"))
    d.category_trail(product.category)
    d.shared(("listed certificates", None, d.lang), trust.listed_certificates)
    for slug in d.library.certificates:
        d.fields(EntityId("certificate", slug), ("standard", "also_named", "slug"), "navigation")
    d.add(Catalog("products"))
    for other in product.related:
        d.product_card(d.library.products[other])
    d.shared(("articles naming products", None, d.lang), _articles_naming)
    d.article_cards(article.key for article, _ in d.graph.articles(d.lang) if sku in article.products)
    d.form()


def _articles_naming(d: Declaration) -> None:
    """Which articles of the language name which products: the same for every product page."""
    d.articles_listed()
    for key, article in d.library.articles.items():
        if d.lang in article.translations:
            d.add(Field(EntityId("article", key), "products", "navigation"))


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


COMPARE_FIELDS = (
    *("sku", "name", "images", "specs", "moq", "price_tiers", "currency", "incoterms"),
    *("lead_time", "sample", "certifications"),
)
"""Product fields a column of the comparison carries."""


def _compare(d: Declaration) -> None:
    """The page shows no product: the catalog's size only sets how many shard files it names."""
    d.add(Setting("seo"), Catalog("products"), Url("products", "1"))
    d.category_cards(None)


def _compare_data(d: Declaration) -> None:
    """A shard file of the compare page: which products it holds, and their columns."""
    d.add(Setting("currency"), Catalog("products"))
    d.add(Setting("languages"), Setting("default_language"))  # the texts' fallback chain
    for sku in d.inputs.compare_shards[int(str(d.ref))]:
        d.shared(("compare column", sku, d.lang), _compare_column, d.library.products[sku])


def _compare_column(d: Declaration, product: Product) -> None:
    """One product's column: a part of its own, so an edit of one product digests one column again."""
    d.add(Url("product", product.sku), Field(EntityId.product(product.sku), "sku", "navigation"))
    if d.has_route("product", product.sku):
        d.fields(EntityId.product(product.sku), COMPARE_FIELDS)
        d.add(*(Image(image.src) for image in product.images[:1]))


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
    d.add(Setting("seo"))
    d.shared(("products order", None, d.lang), _products_order)
    listed = listed_products(d.library, d.lang)
    for product in page_slice(listed, str(d.ref), PRODUCTS_PAGE_SIZE):
        d.product_card(product)
        if d.has_route("product", product.sku):
            d.add(Field(EntityId.category(product.category), "name"))
    d.add(*(Url("products", str(page)) for page in range(1, len(listed) // PRODUCTS_PAGE_SIZE + 2)))


def _products_order(d: Declaration) -> None:
    """Which products the index lists in which order: the same for every page of it."""
    d.add(Catalog("products"), Catalog("categories"))
    for sku in d.library.products:
        d.add(Field(EntityId.product(sku), "category", "navigation"))
    for category in d.library.categories.values():
        d.fields(EntityId.category(category.slug), ("order", "parent"), "navigation")


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
    listed = d.graph.articles(d.lang)
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
    "compare": _compare,
    "compare-data": _compare_data,
    "certificates": trust.certificates,
    "factory": trust.factory,
    "cases": trust.cases,
    "case": trust.case,
}
"""What each page kind shows, beyond what every page shows (`Declaration.base`)."""


def entity_of(matrix: Matrix, dimension: str, key: str) -> EntityId:
    """The entity a combination's value names: a catalog entity or an inline value."""
    source = matrix.dimension(dimension).source
    if source == "products":
        return EntityId.product(key)
    if source == "categories":
        return EntityId.category(key)
    return EntityId.value(matrix.id, key)
