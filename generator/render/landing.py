"""Contexts of pSEO pages: landing pages, hub pages per dimension value, hub index.

A landing page composes blocks from real data — the product's specs and tiers, the
market's currency, ports and certification rules, the application's own text — so
that each page answers a buyer's question instead of repeating a template.
"""

from __future__ import annotations

from typing import Any

from .. import jsonld
from ..expand import Landing, resolve
from ..models import Category, Product
from ..models.ids import HubId
from ..models.matrix import Market, Matrix, Value
from ..route import HUB_PAGE_SIZE, matrix_of
from ..titles import fit_title
from . import trade
from .views import Link, PageBuilder, markdown


def _matrix(b: PageBuilder) -> Matrix:
    return b.library.matrices[matrix_of(b.route)]


def _hub_trail(b: PageBuilder, matrix: Matrix, value: str | None) -> list[tuple[str, str]]:
    steps = []
    index = b.href("hubs", matrix.id)
    if index:
        steps.append((b.text(matrix.hub.name), index))
    if value is not None:
        url = b.href("hub", HubId(matrix.id, value))
        if url:
            entity = resolve(b.library, matrix, matrix.hub.dimension, value)
            steps.append((b.text(entity.name), url))
    return steps


def landing(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item: Landing = b.data.landings[b.route.key]
    matrix = _matrix(b)
    text = item.texts[b.route.lang]
    entities = {name: resolve(b.library, matrix, name, key) for name, key in item.combo}
    product = next((e for e in entities.values() if isinstance(e, Product)), None)
    category = next((e for e in entities.values() if isinstance(e, Category)), None)
    market = next((e for e in entities.values() if isinstance(e, Market)), None)
    values = [e for e in entities.values() if isinstance(e, Value)]

    context = b.base(text.title, text.description)
    context.update(heading=text.h1, blocks=matrix.body, keyword=text.keyword, market=None, matrix=matrix.id)
    context["intro"] = [markdown(b.text(v.text)) for v in values if v.text is not None]
    context["summary"] = b.text(product.summary) if product else b.text(category.summary) if category else ""
    faqs = [faq for v in values for faq in v.faqs.get(b.route.lang, [])]
    if product is not None:
        faqs += product.faqs.get(b.route.lang, [])
        context.update(_product_blocks(b, product, market))
    if category is not None:
        cards = [c for c in map(b.product_card, b.library.products_in(category.slug)) if c]
        context["products"] = cards
        context["category_url"] = b.href("category", category.slug)
    if market is not None:
        context["market"] = {
            "name": b.text(market.name),
            "ports": ", ".join(map(b.text, market.ports)),
            "contact": b.text(market.contact),
            "required": market.required_certifications,
        }
    context["faqs"] = [(faq.question, markdown(faq.answer)) for faq in faqs]
    context["related"] = _siblings(b, item)
    context["form"] = b.form(product.sku if product else "", b.text(product.name) if product else "")
    context["form"]["hidden"].update(matrix=matrix.id, keyword=text.keyword)
    hub_value = item.value(matrix.hub.dimension)
    b.with_breadcrumbs(context, b.trail(*_hub_trail(b, matrix, hub_value), (text.h1, b.route.path)))

    url = b.routes.url(b.route)
    if product is not None:
        # Only a priced product has a Product node on its page to refer to.
        product_url = b.href("product", product.sku) if product.price_tiers else None
        about = jsonld.product_id(b.routes.absolute(product_url)) if product_url else None
        context["graph"].append(jsonld.web_page(url, text.h1, b.route.lang, about))
        # A market's offer needs its price table on the page (markup shows only what readers see).
        if product_url and market is not None and market.country and "prices" in matrix.body:
            product_page = b.routes.absolute(product_url)
            context["graph"].append(jsonld.market_offer(b.library, product, url, product_page, market))
    elif category is not None:
        context["graph"].append(
            jsonld.collection_page(url, text.h1, [(c["name"], b.routes.absolute(c["url"])) for c in cards])
        )
    return "landing.html", context


def _product_blocks(b: PageBuilder, product: Product, market: Market | None) -> dict[str, Any]:
    tiers, price_note = b.price_table(product, market)
    lead = product.lead_time
    # Ranges take the plural form of their upper end ("2–5 дней", "21–25 дня").
    t = b.t
    low, high = lead.min_days, lead.max_days
    lead_lines = [
        t.ngettext(
            "Production: %(min)s–%(max)s days", "Production: %(min)s–%(max)s days", high, min=low, max=high
        )
    ]
    if market is not None:
        ports = ", ".join(map(b.text, market.ports))
        low, high = market.transit.min_days, market.transit.max_days
        lead_lines.append(
            t.ngettext(
                "Sea freight to %(ports)s: %(min)s–%(max)s days",
                "Sea freight to %(ports)s: %(min)s–%(max)s days",
                high,
                ports=ports,
                min=low,
                max=high,
            )
        )
        low, high = lead.min_days + low, lead.max_days + high
        lead_lines.append(
            t.ngettext(
                "Total: about %(min)s–%(max)s days from order to port",
                "Total: about %(min)s–%(max)s days from order to port",
                high,
                min=low,
                max=high,
            )
        )
    images = [b.image(image.src, b.text(image.alt)) for image in product.images[:1]]
    country = market.country if market is not None else None
    valid_until = jsonld.price_valid_until(b.library, product) if product.price_tiers else None
    stock = [
        trade.TermRow(b.t("Availability"), trade.availability(b.t, state), marker=state.schema_org)
        for state in (product.availability,)
        if state is not None
    ]
    return {
        "terms": stock + trade.term_rows(b, product, valid_until, country),
        "product_name": b.text(product.name),
        "product_url": b.href("product", product.sku),
        "sku": product.sku,
        "specs": b.spec_rows(product),
        "moq": b.fmt.quantity(product.moq.quantity, product.moq.unit),
        "tiers": tiers,
        "price_note": price_note,
        "converted_currency": market.currency if market and tiers and "converted" in tiers[0] else None,
        "lead_lines": lead_lines,
        "certifications": product.certifications,
        "images": images,
        "og_image": images[0]["url"] if images else b.image(b.site.organization.logo, "")["url"],
    }


def _siblings(b: PageBuilder, item: Landing) -> list[Link]:
    """Indexable landings of the same matrix that differ from this one in one dimension."""
    links = []
    for sibling in b.data.siblings.get(item.id, ()):
        route = b.routes.find("landing", sibling, b.lang)
        if route is not None and not route.noindex:
            links.append(Link(b.data.landings[str(sibling)].texts[b.lang].h1, route.path))
        if len(links) == 6:
            break
    return links


def hub(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    matrix = _matrix(b)
    assert isinstance(b.route.ref, HubId)
    value, page = b.route.ref.value, b.route.ref.page
    entity = resolve(b.library, matrix, matrix.hub.dimension, value)
    name = _part_name(b.text(entity.name), page)
    links = [
        Link(b.data.landings[str(landing)].texts[b.lang].h1, url)
        for landing in b.data.hubs.get((matrix.id, value), ())
        if (url := b.href("landing", landing))
    ]
    parts = [
        Link(str(number), url, number == page)
        for number in range(1, -(-len(links) // HUB_PAGE_SIZE) + 1)
        if (url := b.href("hub", HubId(matrix.id, value, number)))
    ]
    title, description = _hub_texts(b, matrix, name)
    context = b.base(title, description)
    intro = markdown(b.text(entity.text)) if entity.text and page == 1 else ""
    window = links[(page - 1) * HUB_PAGE_SIZE : page * HUB_PAGE_SIZE]
    context.update(heading=name, links=window, intro=intro, parts=parts if len(parts) > 1 else [])
    b.with_breadcrumbs(context, b.trail(*_hub_trail(b, matrix, value)))
    return "hub.html", context


def hubs(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    matrix = _matrix(b)
    name = b.text(matrix.hub.name)
    links = []
    for route in b.routes.routes:
        hub_id = route.ref
        if (
            route.kind == "hub"
            and route.lang == b.lang
            and isinstance(hub_id, HubId)
            and hub_id.matrix == matrix.id
        ):
            entity = resolve(b.library, matrix, matrix.hub.dimension, hub_id.value)
            links.append(Link(_part_name(b.text(entity.name), hub_id.page), route.path))
    title, description = _hub_texts(b, matrix, name)
    context = b.base(title, description)
    context.update(heading=name, links=links, intro=markdown(b.text(matrix.hub.intro)), parts=[])
    b.with_breadcrumbs(context, b.trail(*_hub_trail(b, matrix, None)))
    return "hub.html", context


def _part_name(name: str, page: int) -> str:
    """Later parts of a split hub get their number, so titles and headings stay unique."""
    return name if page == 1 else f"{name} ({page})"


def _hub_texts(b: PageBuilder, matrix: Matrix, name: str) -> tuple[str, str]:
    values = {"name": name, "site": b.text(b.site.name)}
    title = fit_title(b.text(matrix.hub.title), lambda text: text.format(**values))
    return title, b.text(matrix.hub.description).format(**values)
