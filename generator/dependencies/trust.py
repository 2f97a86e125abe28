"""What the trust pages show (certificates, factories, customer cases, testimonials),
and the home page's share of them: one function per page kind, as in `kinds`."""

from __future__ import annotations

from itertools import islice

from ..models.ids import EntityId
from ..render.trust import HOME_CASES
from .declaration import Declaration
from .items import Catalog, Field, Image, Setting, Url, Whole


def home_trust(d: Declaration) -> None:
    """Hero and trust bar (site.yaml `showcase:`), the newest cases and the testimonials."""
    library = d.library
    d.add(Setting("showcase"), Url("certificates", "certificates"), Url("factory", "factory"))
    d.add(Url("cases", "cases"))
    if library.site.showcase.hero_image:
        d.add(Image(library.site.showcase.hero_image.src))
    d.add(Catalog("certificates"))
    for slug in library.certificates:  # the trust bar and the Organization's credentials
        d.fields(EntityId("certificate", slug), ("standard", "number"))
    d.shared(("case cards", None, d.lang), _case_cards, HOME_CASES)
    d.shared(("testimonials", None, d.lang), _testimonials, None)


def _case_cards(d: Declaration, limit: int | None) -> None:
    """Cards of the newest cases published in the language (all of them, in detail, for None)."""
    d.add(Catalog("cases"))
    cases = sorted(d.library.cases.values(), key=lambda c: (-(c.year or 0), c.order, c.slug))
    for case in cases:
        d.fields(EntityId("case", case.slug), ("year", "order", "slug"), "navigation")
        d.add(Url("case", case.slug))
    for case in islice((c for c in cases if d.has_route("case", c.slug)), limit):
        d.fields(EntityId("case", case.slug), ("name", "summary", "country", "industry", "photos"))
        d.add(*(Image(photo.src) for photo in case.photos[:1]))
        if limit is None:  # the cases list's cards add the outcome and the products used
            d.fields(EntityId("case", case.slug), ("outcome", "products"))
            d.add(Catalog("products"), *(Url("product", sku) for sku in case.products))
            named = (sku for sku in case.products if d.has_route("product", sku))
            d.add(*(Field(EntityId.product(sku), "name") for sku in named))


def _testimonials(d: Declaration, case: str | None) -> None:
    """Testimonials (those of one case, or all): every field is shown."""
    d.add(Catalog("testimonials"))
    for slug, testimonial in d.library.testimonials.items():
        entity = EntityId("testimonial", slug)
        d.add(Field(entity, "case", "navigation"))
        if case is None or testimonial.case == case:
            d.fields(entity, ("quote", "author", "role", "company", "country"))
            if testimonial.case:
                d.add(Url("case", testimonial.case))


def certificates(d: Declaration) -> None:
    d.shared(("listed certificates", None, d.lang), listed_certificates)
    for slug, certificate in d.library.certificates.items():
        if d.lang in d.library.languages_of(certificate):
            d.add(Whole(EntityId("certificate", slug)), Image(certificate.scan.src))


def listed_certificates(d: Declaration) -> None:
    """Which certificates the language lists (those whose title it has)."""
    d.add(Catalog("certificates"), Setting("language_codes"), Url("certificates", "certificates"))
    for slug in d.library.certificates:
        d.add(Field(EntityId("certificate", slug), "title", "navigation"))


def factory(d: Declaration) -> None:
    d.add(Catalog("factories"), Setting("language_codes"))  # which factories the language has
    for slug, factory in d.library.factories.items():
        d.add(Field(EntityId("factory", slug), "name", "navigation"))  # its languages
        if d.lang in d.library.languages_of(factory):
            d.add(Whole(EntityId("factory", slug)), *(Image(photo.src) for photo in factory.photos))
            d.add(*(Image(video.poster) for video in factory.videos))


def cases(d: Declaration) -> None:
    d.shared(("case cards", "all", d.lang), _case_cards, None)
    d.shared(("testimonials", None, d.lang), _testimonials, None)


def case(d: Declaration) -> None:
    slug = str(d.ref)
    case = d.library.cases[slug]
    d.add(Whole(EntityId("case", slug)), Url("cases", "cases"), Catalog("products"))
    d.add(*(Image(photo.src) for photo in case.photos))
    for sku in case.products:
        d.product_card(d.library.products[sku])
    d.shared(("testimonials", slug, d.lang), _testimonials, slug)
