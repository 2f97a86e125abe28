"""One context function per page kind; each returns (template name, context)."""

from __future__ import annotations

import html
import re
from itertools import islice
from typing import Any

from .. import jsonld
from ..collections import listed_articles
from ..library import Library
from ..models import Product
from ..route import Route
from . import buyer, collections, compare, incoterms, landing, search, trade, trust, videos
from .views import Link, PageBuilder, markdown

HOME_ARTICLES = 3
"""Newest articles the home page links; the articles index links the rest."""


def home_products(library: Library) -> list[Product]:
    """Products in the order the home page offers them: the showcase's featured SKUs,
    then priced products before price-on-request ones, by SKU."""
    featured = library.site.showcase.featured_products
    rest = (p for p in library.products.values() if p.sku not in featured)
    return [library.products[sku] for sku in featured if sku in library.products] + sorted(
        rest, key=lambda p: (p.price_on_request, p.sku)
    )


def home(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    page = next((p for p in b.library.pages.values() if p.layout == "home"), None)
    text = page.translations.get(b.route.lang) if page else None
    tagline = {"tagline": b.text(b.site.tagline)}
    context = b.base(*b.from_templates("home", tagline, tagline))
    context["heading"] = text.title if text else context["site_name"]
    context["body"] = markdown(text.body) if text else ""
    context["categories"] = [c for c in map(b.category_card, b.library.children(None)) if c]
    # Cards are made until eight are found: the others are not shown, so not read.
    context["products"] = list(islice(filter(None, map(b.product_card, home_products(b.library))), 8))
    context["all_products"] = b.href("products", "1")
    context["articles"] = collections.article_cards(b, listed_articles(b.library, b.lang)[:HOME_ARTICLES])
    context["all_articles"] = b.href("articles", "1")
    context["hubs"] = [
        Link(b.text(matrix.hub.name), url)
        for matrix in b.library.matrices.values()
        if (url := b.href("hubs", matrix.id))
    ]
    context.update(trust.home_sections(b))
    logo = b.image(b.site.organization.logo, b.site.organization.name)["url"]
    organization = jsonld.organization(b.library, logo, b.route.lang)
    if b.library.certificates:
        organization["hasCredential"] = trust.credentials(b)
    context["graph"] += [
        organization,
        jsonld.website(b.library, b.routes, b.route),
    ]
    return "home.html", context


def category(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item = b.library.categories[b.route.key]
    name = b.text(item.name)
    parent = b.library.categories.get(item.parent) if item.parent else None
    values = {"name": name, "parent": b.text(parent.name) if parent else ""}
    context = b.base(*b.from_templates("category", values, values | {"summary": b.text(item.summary)}))
    context["heading"] = name
    context["summary"] = b.text(item.summary)
    context["body"] = markdown(b.text(item.description)) if item.description else ""
    context["subcategories"] = [c for c in map(b.category_card, b.library.children(item.slug)) if c]
    context["products"] = [c for c in map(b.product_card, b.library.products_in(item.slug)) if c]
    b.with_breadcrumbs(context, b.trail(*b.category_steps(item.slug)))
    return "category.html", context


def product(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item = b.library.products[b.route.key]
    fmt = b.fmt
    name = b.text(item.name)
    summary = b.text(item.summary)
    category_item = b.library.categories[item.category]
    currency = item.currency or b.site.currency
    values = {
        "name": name,
        "sku": item.sku,
        "category": b.text(category_item.name),
        "summary": summary,
        "moq": fmt.quantity(item.moq.quantity, item.moq.unit),
    }
    context = b.base(*b.from_templates("product", values, values))
    images = [b.image(image.src, b.text(image.alt)) for image in item.images]
    tiers, price_note = b.price_table(item)
    sample = buyer.sample_text(b, item)
    faqs = [(faq.question, markdown(faq.answer)) for faq in item.faqs.get(b.route.lang, [])]
    destinations = trade.shipping_markets(b) if b.site.shipping.product_pages and item.price_tiers else []
    shown_videos = videos.video_views(b, item.videos)
    valid_until = jsonld.price_valid_until(b.library, item) if item.price_tiers else None
    context.update(
        heading=name,
        sku=item.sku,
        summary=summary,
        body=markdown(b.text(item.description)),
        images=images,
        specs=b.spec_rows(item),
        moq=fmt.quantity(item.moq.quantity, item.moq.unit),
        tiers=tiers,
        price_note=price_note,
        lead_time=buyer.lead_time(b, item),
        availability=trade.availability(b.t, item.availability) if item.availability else None,
        availability_marker=item.availability.schema_org if item.availability else "",
        sample=sample,
        oem=item.customization.oem,
        odm=item.customization.odm,
        customization_notes=b.text(item.customization.notes),
        certifications=trust.certificate_links(b, item.certifications),
        incoterms=incoterms.explained(item.incoterms, b.t),
        port_of_loading=b.text(item.port_of_loading),
        payment_terms=[b.text(term) for term in item.payment_terms],
        identifiers=trade.identifier_rows(b, item),
        terms=trade.term_rows(b, item, valid_until) + trade.transit_rows(b, destinations),
        applications=[b.text(application) for application in item.applications],
        faqs=faqs,
        related=[c for c in (b.product_card(b.library.products[s]) for s in item.related) if c],
        articles=collections.articles_about(b, item.sku),
        form=b.form(item.sku, name),
        og_type="product",
        quote_summary=buyer.quote_summary(b, item),
        request_kinds=buyer.request_kinds(b, item, sample),
        basket_item=buyer.basket_item(b, item),
        videos=shown_videos,
        facets=search.product_facets(b, item),
    )
    if images:
        context["og_image"] = images[0]["url"]
    b.with_breadcrumbs(context, b.trail(*b.category_steps(item.category), (name, b.route.path)))
    url = b.routes.url(b.route)
    image_urls = [image["url"] for image in images]
    node = jsonld.product(b.library, item, url, name, summary, image_urls, currency, destinations)
    if node:
        context["graph"].append(node)
    context["graph"] += videos.video_nodes(b, item.videos, shown_videos)
    if faqs:
        context["graph"].append(jsonld.faq_page([(q, _plain(a)) for q, a in faqs]))
    return "product.html", context


def page(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item = b.library.pages[b.route.key]
    text = item.translations[b.route.lang]
    title, _ = b.from_templates("page", {"title": text.title_text}, {"title": text.title})
    context = b.base(title, text.description)
    context["heading"] = text.title
    context["body"] = markdown(text.body)
    if item.layout == "contact":
        context["form"] = b.form()
    b.with_breadcrumbs(context, b.trail((text.title, b.route.path)))
    return ("contact.html" if item.layout == "contact" else "page.html"), context


def not_found(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    title = b.t("Page not found").striptags()
    context = b.base(
        *b.from_templates(
            "page",
            {"title": title},
            {
                "title": b.t(
                    "The page you are looking for does not exist or has moved. "
                    "Browse our product categories or go back to the home page."
                ).striptags()
            },
        )
    )
    context["heading"] = b.t("Page not found")
    context["categories"] = [c for c in map(b.category_card, b.library.children(None)) if c]
    context["alternates"] = []
    return "404.html", context


TAG = re.compile(r"<[^>]+>")

BUILDERS = {
    "home": home,
    "category": category,
    "product": product,
    "page": page,
    "landing": landing.landing,
    "hub": landing.hub,
    "hubs": landing.hubs,
    "404": not_found,
    "products": collections.products_index,
    "article": collections.article,
    "articles": collections.articles_index,
    "tag": collections.tag,
    "archive": collections.archive,
    "basket": buyer.basket,
    "thanks": buyer.thanks,
    "compare": compare.compare,
    "certificates": trust.certificates,
    "factory": trust.factory,
    "cases": trust.cases,
    "case": trust.case,
}


DATA_FILES = {"compare-data": compare.compare_data}
"""The builders of the data kinds (`route.DATA_KINDS`): they return the file's bytes."""


def build_context(builder: PageBuilder, route: Route) -> tuple[str, dict[str, Any]]:
    return BUILDERS[route.kind](builder)


def render_route(builder: PageBuilder, route: Route) -> bytes:
    """The bytes of a route's output file: a data file as its builder makes it, a page as
    its template lays out its context."""
    data_file = DATA_FILES.get(route.kind)
    if data_file is not None:
        return data_file(builder)
    template, context = build_context(builder, route)
    return builder.theme.render(template, context).encode("utf-8")


def _plain(fragment: str) -> str:
    """Visible text of rendered Markdown, for structured data that must match the page.
    Stripping tags is exact here: the Markdown renderer drops raw HTML, so every tag
    in its output is its own."""
    return " ".join(html.unescape(TAG.sub(" ", str(fragment))).split())
