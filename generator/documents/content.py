"""What each PDF says, resolved to one language as plain strings.

The text comes from the same context functions as the pages (`render.pages`), so a
datasheet shows exactly the product page's specs, prices and terms in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from ..images import Rendition
from ..models import Category
from ..render import pages
from ..render.views import PageBuilder, SpecRow
from .paths import DocumentRef

Rows = tuple[tuple[str, str], ...]
"""(label, value) pairs, in reading order."""


@dataclass(frozen=True)
class Entry:
    """A product as a catalog lists it."""

    name: str
    sku: str
    facts: Rows
    image: Rendition | None


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    """0 for a top category, 1 below it."""
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Sheet:
    """One PDF's content: a datasheet has `facts`, `specs`, `prices`; a catalog has `sections`."""

    kind: str
    lang: str
    rtl: bool
    title: str
    subtitle: str
    site_name: str
    url: str
    contact: Rows
    modified: date
    """The content's newest change (its page's lastmod): the PDF's creation date."""
    labels: dict[str, str]
    """Headings in the document's language, by role."""
    image: Rendition | None = None
    facts: Rows = ()
    specs: Rows = ()
    prices: Rows = ()
    price_note: str = ""
    sections: tuple[Section, ...] = ()


def plain(text: Any) -> str:
    """A theme string or formatted value as text: no markup, entities decoded."""
    return Markup(str(text)).striptags() if isinstance(text, Markup) else str(text)


def datasheet(b: PageBuilder, ref: DocumentRef, renditions: dict[str, Rendition], modified: date) -> Sheet:
    """A product's datasheet: the facts of its page, for print."""
    _, context = pages.product(b)
    t = b.t
    product = b.library.products[b.route.key]
    rtl = _rtl(b)
    facts = [(plain(t("Minimum order quantity")), plain(context["moq"]))]
    facts.append((plain(t("Lead time")), plain(context["lead_time"])))
    if context["sample"]:
        facts.append((plain(t("Samples")), plain(context["sample"])))
    if product.certifications:
        facts.append((plain(t("Certifications")), ltr(", ".join(product.certifications), rtl)))
    specs = tuple(_spec(row, rtl) for row in context["specs"])
    prices = tuple((plain(row["quantity"]), plain(row["price"])) for row in context["tiers"])
    note = (
        plain(context["price_note"])
        if prices
        else plain(t("Price on request – send us your quantity for a quotation."))
    )
    image = renditions.get(product.images[0].src) if product.images else None
    return Sheet(
        **_common(b, ref, modified, b.text(product.name), plain(t("Datasheet"))),
        image=image,
        facts=(("SKU", ltr(product.sku, rtl)), *facts),
        specs=specs,
        prices=prices,
        price_note=note,
    )


def catalog(b: PageBuilder, ref: DocumentRef, renditions: dict[str, Rendition], modified: date) -> Sheet:
    """The catalog of the site, or of one top category: a section per category that holds
    products (subcategories one level deeper in the contents), the logo on the cover."""
    library, t = b.library, b.t
    tops = [library.categories[ref.category]] if ref.category else library.children(None)
    sections: list[Section] = []
    for top in tops:
        sections += _sections(b, top, 0, renditions)
    subtitle = b.text(library.categories[ref.category].name if ref.category else b.site.tagline)
    return Sheet(
        **_common(b, ref, modified, plain(t("Product catalog")), subtitle),
        image=renditions.get(b.site.organization.logo),
        sections=tuple(sections),
    )


def _sections(
    b: PageBuilder, category: Category, level: int, renditions: dict[str, Rendition]
) -> list[Section]:
    """The category's own products, then each subcategory's, depth first."""
    t, rtl = b.t, _rtl(b)
    entries = []
    for product in b.library.products_in(category.slug):
        card = b.product_card(product) if product.category == category.slug else None
        if card is None:  # in a subcategory, or without a page in this language
            continue
        price = plain(card["price"]) if card["price"] else plain(t("Price on request"))
        specs = tuple(_spec(row, rtl) for row in b.spec_rows(product)[:4])
        facts = (*specs, (plain(t("Minimum order quantity")), plain(card["moq"])), ("", price))
        image = renditions.get(product.images[0].src) if product.images else None
        entries.append(Entry(card["name"], ltr(product.sku, rtl), facts, image))
    below = [s for child in b.library.children(category.slug) for s in _sections(b, child, 1, renditions)]
    if not entries and not below:
        return []
    return [Section(b.text(category.name), min(level, 1), tuple(entries)), *below]


def _spec(row: SpecRow, rtl: bool) -> tuple[str, str]:
    value = f"{row.value} {row.unit}".strip()
    return row.name, ltr(value, rtl) if row.neutral else value


def ltr(text: str, rtl: bool) -> str:
    """`text` isolated left to right in a right-to-left document (a SKU, a URL, a pressure
    class), so the bidi algorithm keeps its order, as `<bdi dir=ltr>` does on the pages."""
    return f"\u2066{text}\u2069" if rtl else text


def _rtl(b: PageBuilder) -> bool:
    return next(x.text_direction for x in b.site.languages if x.code == b.lang) == "rtl"


def _common(b: PageBuilder, ref: DocumentRef, modified: date, title: str, subtitle: str) -> dict[str, Any]:
    """What every PDF has: title, direction, the site's contact block and headings."""
    site, t = b.site, b.t
    organization = site.organization
    address, rtl = organization.address, _rtl(b)
    place = ", ".join(p for p in (address.street, address.city, address.region, address.postal_code) if p)
    return {
        "kind": ref.kind,
        "lang": b.lang,
        "rtl": rtl,
        "title": title,
        "subtitle": subtitle,
        "site_name": b.text(site.name),
        "url": b.routes.url(b.route),
        "contact": (
            ("", organization.legal_name),
            ("", ltr(f"{place}, {address.country}", rtl)),
            (plain(t("Phone")), ltr(organization.phone, rtl)),
            (plain(t("Email")), ltr(organization.email, rtl)),
        ),
        "modified": modified,
        "labels": {
            "specs": plain(t("Specifications")),
            "prices": plain(t("Prices and minimum order")),
            "contact": plain(t.pgettext("footer heading", "Contact")),
            "contents": plain(t("Contents")),
            "quote": plain(t("Request a quotation")),
        },
    }
