"""Context functions of listing pages and articles: the products index, article pages,
the articles index, tag pages and yearly archives, and the article links that product
pages and the home page show."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .. import jsonld
from ..collections import (
    ARTICLES_PAGE_SIZE,
    PRODUCTS_PAGE_SIZE,
    articles_naming,
    listed_articles,
    listed_products,
    modified,
    page_slice,
    paged,
    tags_of,
    years_of,
)
from ..library import Article, PageText
from ..models import Localized
from ..models.search import INDEX_FOLDER
from .views import Link, PageBuilder, markdown


def products_index(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    products = listed_products(b.library, b.lang)
    cards = [
        card
        for product in page_slice(products, b.route.key, PRODUCTS_PAGE_SIZE)
        if (card := b.product_card(product, with_category=True))
    ]
    name = _numbered(b.t("All products by category"), b.route.key)
    context = _listing(b, name, [(card["name"], card["url"]) for card in cards])
    groups: list[tuple[str, list[dict[str, Any]]]] = []  # the list is in catalog order: runs by category
    for card in cards:
        if not groups or groups[-1][0] != card["category"]:
            groups.append((card["category"], []))
        groups[-1][1].append(card)
    context.update(groups=groups, parts=_parts(b, len(products), PRODUCTS_PAGE_SIZE))
    if b.site.search.enabled and b.route.key == "1":  # the catalog page: where the search index is
        context["search_panel"] = f"/{INDEX_FOLDER}/"
    return "products.html", context


def article(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item = b.library.articles[b.route.key]
    text = item.translations[b.lang]
    title, _ = b.from_templates("page", {"title": text.title_text}, {"title": text.title})
    context = b.base(title, text.description)
    authors = [b.site.authors[key] for key in item.authors]
    people = [
        {"name": author.name, "url": str(author.url), "job_title": b.text(author.job_title) or None}
        for author in authors
    ]
    image = b.image(item.image, text.title) if item.image else None
    changed = modified(item, text)
    context.update(
        heading=text.title,
        body=markdown(text.body),
        image=image,
        kind=_kind_label(b, item),
        published=item.published,
        modified=changed if changed != item.published else None,
        authors=people,
        tags=_links(b, "tag", {tag: _tag_name(b, tag) for tag in item.tags}),
        products=[card for sku in item.products if (card := b.product_card(b.library.products[sku]))],
        og_type="article",
    )
    if image:
        context["og_image"] = image["url"]
    index = b.href("articles", "1")
    steps = [(b.t("Articles"), index)] if index else []
    b.with_breadcrumbs(context, b.trail(*steps, (text.title, b.route.path)))
    url = b.routes.url(b.route)
    logo = b.image(b.site.organization.logo, b.site.organization.name)["url"]
    context["graph"] += [
        jsonld.article(
            url,
            item.kind,
            (text.title, text.description, b.lang),
            (item.published, changed),
            [jsonld.person(p["name"], p["url"], p["job_title"]) for p in people],
            image["url"] if image else None,
            b.site.origin,
        ),
        jsonld.organization(b.library, logo, b.lang),
    ]
    return "article.html", context


def articles_index(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    articles = listed_articles(b.library, b.lang)
    shown = page_slice(articles, b.route.key, ARTICLES_PAGE_SIZE)
    name = _numbered(b.t("Technical articles, guides and news"), b.route.key)
    intro = b.site.listings.intro.articles if b.route.key == "1" else None
    return _article_listing(b, name, shown, len(articles), intro)


def tag(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    name = b.t("Articles on %(tag)s", tag=_tag_name(b, b.route.key))
    intro = b.site.listings.intro.tags.get(b.route.key)
    return _article_listing(b, name, listed_articles(b.library, b.lang, tag=b.route.key), intro=intro)


def archive(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    name = b.t("Articles from %(year)s", year=b.route.key)
    return _article_listing(b, name, listed_articles(b.library, b.lang, year=int(b.route.key)))


def article_cards(b: PageBuilder, articles: list[tuple[Article, PageText]]) -> list[dict[str, Any]]:
    """What a listing shows of each article that has a page in this language."""
    return [
        {
            "title": text.title,
            "url": url,
            "description": text.description,
            "published": article.published,
            "kind": _kind_label(b, article),
        }
        for article, text in articles
        if (url := b.href("article", article.key))
    ]


def articles_about(b: PageBuilder, sku: str) -> list[dict[str, Any]]:
    """Articles naming a product, for its page: the other half of the article's links."""
    return article_cards(b, articles_naming(b.library, sku, b.lang))


def _article_listing(
    b: PageBuilder,
    name: Markup,
    articles: list[tuple[Article, PageText]],
    total: int | None = None,
    intro: Localized | None = None,
) -> tuple[str, dict[str, Any]]:
    """An articles index page (`total`: articles on all its pages), tag or archive page,
    under its `intro` (site.yaml `listings.intro`); each links the language's tag and
    yearly archive pages."""
    cards = article_cards(b, articles)
    items = [(card["title"], card["url"]) for card in cards]
    context = _listing(b, name, items, with_index=b.route.kind != "articles")
    published = listed_articles(b.library, b.lang)
    context.update(
        intro=markdown(b.text(intro)) if intro else "",
        articles=cards,
        parts=_parts(b, total, ARTICLES_PAGE_SIZE) if total is not None else [],
        tags=_links(b, "tag", {tag: _tag_name(b, tag) for tag in tags_of(published)}),
        years=_links(b, "archive", {str(year): str(year) for year in years_of(published)}),
    )
    return "articles.html", context


def _listing(
    b: PageBuilder, heading: Markup, items: list[tuple[str, str]], with_index: bool = False
) -> dict[str, Any]:
    """Title, breadcrumbs and CollectionPage data of a listing page headed `heading`
    (a UI message: marked with its language where a fallback stands in, plain text
    elsewhere); `with_index` puts the articles index between home and the page in the trail."""
    name = heading.striptags()
    title, description = b.from_templates("page", {"title": name}, {"title": name})
    context = b.base(title, description)
    context["heading"] = heading
    index = b.href("articles", "1") if with_index else None
    steps = [(b.t("Articles"), index)] if index else []
    b.with_breadcrumbs(context, b.trail(*steps, (heading, b.route.path)))
    url = b.routes.url(b.route)
    context["graph"].append(
        jsonld.collection_page(url, name, [(label, b.routes.absolute(path)) for label, path in items])
    )
    return context


def _links(b: PageBuilder, kind: str, labels: dict[str, str]) -> list[Link]:
    """Links to the language's pages of `kind` by route key, the current one marked."""
    return [
        Link(label, url, (kind, key) == (b.route.kind, b.route.key))
        for key, label in labels.items()
        if (url := b.href(kind, key))
    ]


def _parts(b: PageBuilder, count: int, size: int) -> list[Link]:
    """Links to every page of a split listing; none when it has one page."""
    section = b.routes.find(b.route.kind, "1", b.lang)
    assert section is not None  # the route being rendered is one of its pages
    links = [
        Link(key, url, key == b.route.key)
        for key, _ in paged(section.path, count, size)
        if (url := b.href(b.route.kind, key))
    ]
    return links if len(links) > 1 else []


def _numbered(name: Markup, key: str) -> Markup:
    """Later pages of a listing get their number, so titles and headings stay unique."""
    return name if key == "1" else Markup("{} ({})").format(name, key)


def _kind_label(b: PageBuilder, item: Article) -> str:
    """The name of the article's kind; each message is spelled out for `make pot` to find."""
    match item.kind:
        case "news":
            return b.t("Industry news")
        case "technical":
            return b.t("Technical article")
        case "guide":
            return b.t("Buyer's guide")
        case "application-note":
            return b.t("Application note")


def _tag_name(b: PageBuilder, key: str) -> str:
    return b.text(b.site.article_tags[key])
