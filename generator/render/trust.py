"""Trust pages (certificates, factory, customer cases) and the home page's trust sections.

Testimonials are plain text on the page: a company's own selection of praise is not a
review, so no Review or AggregateRating is ever made from it. Certificates become the
Organization's `hasCredential`, which states only what the certificate itself says.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any

from ..models.trust import Case, Certificate, Testimonial
from . import videos
from .views import markdown

if TYPE_CHECKING:
    from .views import PageBuilder

HOME_CASES = 3
"""Newest-first cases the home page shows; the cases list links the rest."""
HOME_TESTIMONIALS = 3


def certificate_links(b: PageBuilder, names: list[str]) -> list[dict[str, str | None]]:
    """A product's certifications, each linked to its certificate where the site has one."""
    page = b.href("certificates", "certificates")
    by_standard = {name: c.slug for c in listed_certificates(b) for name in (c.standard, *c.also_named)}
    return [
        {"name": name, "url": f"{page}#{by_standard[name]}" if page and name in by_standard else None}
        for name in names
    ]


def listed_certificates(b: PageBuilder) -> list[Certificate]:
    """The certificates listed in the page's language."""
    return [c for c in b.library.certificates.values() if b.lang in b.library.languages_of(c)]


def certificate_card(b: PageBuilder, item: Certificate) -> dict[str, Any]:
    fmt = b.fmt
    return {
        "slug": item.slug,
        "standard": item.standard,
        "title": b.text(item.title),
        "number": item.number,
        "issuer": item.issuer,
        "scope": b.text(item.scope),
        "issued": fmt.date(item.issued) if item.issued else None,
        "valid_until": fmt.date(item.valid_until) if item.valid_until else None,
        "scan": b.image(item.scan.src, b.text(item.scan.alt)),
        "document": str(item.document) if item.document else None,
        "verify_url": str(item.verify_url) if item.verify_url else None,
    }


def case_card(b: PageBuilder, item: Case, detailed: bool = False) -> dict[str, Any] | None:
    """A case's card; `detailed` (the cases list) adds its products and measured outcome,
    what a buyer scans a list of cases for."""
    url = b.href("case", item.slug)
    if url is None:
        return None
    photo = item.photos[0] if item.photos else None
    card = {
        "name": b.text(item.name),
        "url": url,
        "summary": b.text(item.summary),
        "country": b.fmt.country(item.country),
        "industry": b.text(item.industry),
        "image": b.image(photo.src, b.text(photo.alt)) if photo else None,
        "outcome": None,
        "products": [],
    }
    if detailed:
        card["outcome"] = b.text(item.outcome) if item.outcome else None
        card["products"] = [
            {"name": b.text(b.library.products[sku].name), "url": link}
            for sku in item.products
            if (link := b.href("product", sku))
        ]
    return card


def testimonial_cards(b: PageBuilder, items: list[Testimonial]) -> list[dict[str, Any]]:
    """Testimonials written in the page's language only: a quote is the buyer's own
    words, never shown in another language than the one they were given in."""
    return [
        {
            "quote": item.quote.for_language((b.lang,)) or "",
            "author": item.author,
            "role": b.text(item.role),
            "company": item.company,
            "country": b.fmt.country(item.country),
            "case_url": b.href("case", item.case) if item.case else None,
        }
        for item in items
        if item.quote.is_neutral or b.lang in item.quote.languages
    ]


def credentials(b: PageBuilder) -> list[dict[str, Any]]:
    """The Organization's certificates as schema.org credentials: what is printed on them."""
    return [
        {
            "@type": "EducationalOccupationalCredential",
            "name": item.standard,
            "credentialCategory": "certificate",
            "identifier": item.number,
        }
        for item in b.library.certificates.values()
    ]


def home_sections(b: PageBuilder) -> dict[str, Any]:
    """Hero, trust bar, cases and testimonials of the home page."""
    site, library = b.site, b.library
    showcase = site.showcase
    hero = showcase.hero_image
    certified = [c.standard for c in library.certificates.values()] or site.organization.certifications
    cases = sorted(library.cases.values(), key=lambda c: (-(c.year or 0), c.order, c.slug))
    return {
        "value_proposition": b.text(showcase.value_proposition) or b.text(site.tagline),
        "hero_image": b.image(hero.src, b.text(hero.alt)) if hero else None,
        "catalog_url": b.href("products", "1"),
        "trust_bar": {
            "since": site.organization.founding_year,
            "countries": len(showcase.export_countries),
            "certifications": certified,
            "certificates_url": b.href("certificates", "certificates"),
            "factory_url": b.href("factory", "factory"),
        },
        "cases": list(islice(filter(None, (case_card(b, c) for c in cases)), HOME_CASES)),
        "all_cases": b.href("cases", "cases"),
        "testimonials": testimonial_cards(b, list(library.testimonials.values()))[:HOME_TESTIMONIALS],
    }


def _page(b: PageBuilder, title: str, description: str) -> dict[str, Any]:
    """The base context of a trust page headed by `title`, with a breadcrumb to itself."""
    context = b.base(*b.from_templates("page", {"title": title}, {"title": description}))
    context["heading"] = title
    b.with_breadcrumbs(context, b.trail((title, b.route.path)))
    return context


def _labelled(b: PageBuilder, label: str, text: str) -> str:
    """ "Label: text", with the colon the language writes."""
    return b.t("%(label)s:", label=label).striptags() + " " + text


def certificates(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    heading = b.t("Certificates and approvals").striptags()
    listed = listed_certificates(b)
    names = b.fmt.names([c.standard for c in listed])
    context = _page(
        b, heading, b.t("%(site)s holds %(names)s.", site=b.text(b.site.name), names=names).striptags()
    )
    context["certificates"] = [certificate_card(b, c) for c in listed]
    return "certificates.html", context


def factory(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    fmt = b.fmt
    factories = [f for f in b.library.factories.values() if b.lang in b.library.languages_of(f)]
    heading = b.t("Our factory").striptags()
    names = fmt.names([b.text(f.name) for f in factories])
    context = _page(b, _labelled(b, heading, names), " ".join(b.text(f.summary) for f in factories))
    context["heading"] = heading
    context["factories"] = [
        {
            "slug": f.slug,
            "name": b.text(f.name),
            "summary": b.text(f.summary),
            "description": markdown(b.text(f.description)) if f.description else "",
            "location": f.location,
            "area": fmt.area(f.area_m2),
            "lines": fmt.number(f.production_lines),
            "staff": fmt.number(f.staff),
            "capacity": [(b.text(c.product), fmt.quantity(c.quantity, c.unit)) for c in f.monthly_capacity],
            "equipment": [(b.text(e.name), fmt.number(e.count)) for e in f.equipment],
            "photos": [b.image(p.src, b.text(p.alt)) for p in f.photos],
            "videos": videos.video_views(b, f.videos),
        }
        for f in factories
    ]
    for f, view in zip(factories, context["factories"], strict=True):
        context["graph"] += videos.video_nodes(b, f.videos, view["videos"])
    return "factory.html", context


def cases(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    heading = b.t("Customer cases").striptags()
    listed = sorted(b.library.cases.values(), key=lambda c: (-(c.year or 0), c.order, c.slug))
    cards = [card for card in (case_card(b, c, detailed=True) for c in listed) if card]
    # The cases' names, not their summaries: a list of one case must not repeat its page.
    context = _page(b, heading, _labelled(b, heading, b.fmt.names([card["name"] for card in cards])))
    context["cases"] = cards
    context["testimonials"] = testimonial_cards(b, list(b.library.testimonials.values()))
    return "cases.html", context


def case(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    item = b.library.cases[b.route.key]
    name = b.text(item.name)
    title = b.text(item.seo_title) or name
    context = b.base(*b.from_templates("page", {"title": title}, {"title": b.text(item.summary)}))
    products = (b.library.products[sku] for sku in item.products)
    quotes = [t for t in b.library.testimonials.values() if t.case == item.slug]
    context.update(
        heading=name,
        summary=b.text(item.summary),
        country=b.fmt.country(item.country),
        industry=b.text(item.industry),
        customer=item.customer,
        year=item.year,
        problem=markdown(b.text(item.problem)),
        result=markdown(b.text(item.result)),
        photos=[b.image(p.src, b.text(p.alt)) for p in item.photos],
        products=[card for card in map(b.product_card, products) if card],
        testimonials=testimonial_cards(b, quotes),
    )
    cases_url = b.href("cases", "cases")
    steps = [(b.t("Customer cases").striptags(), cases_url)] if cases_url else []
    b.with_breadcrumbs(context, b.trail(*steps, (name, b.route.path)))
    if context["photos"]:
        context["og_image"] = context["photos"][0]["url"]
    return "case.html", context
