"""What the theme needs to win an inquiry: click-to-contact links, the quote-first
summary and request variants of a product, and the inquiry-list and thank-you pages."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from ..models import Product
    from ..models.product import Sample
    from .views import PageBuilder


def contact_links(b: PageBuilder, title: str) -> list[dict[str, str]]:
    """Header links from `contacts:`; WhatsApp and email name the page the buyer is on,
    so sales knows what the question is about before reading it."""
    contacts = b.site.contacts
    if contacts is None:
        return []
    url = b.routes.url(b.route)
    links = []
    if contacts.whatsapp_digits:
        text = b.t("Hello, I would like a quotation for %(page)s", page=title).striptags() + " " + url
        links.append(
            {
                "kind": "whatsapp",
                "href": f"https://wa.me/{contacts.whatsapp_digits}?text={quote(text, safe='')}",
                "label": "WhatsApp",
                "value": contacts.whatsapp or "",
            }
        )
    if contacts.phone_uri:
        phone = contacts.phone or ""
        links.append({"kind": "phone", "href": contacts.phone_uri, "label": b.t("Phone"), "value": phone})
    if contacts.email:
        subject = b.t("Inquiry: %(page)s", page=title).striptags()
        links.append(
            {
                "kind": "email",
                "href": f"mailto:{contacts.email}?subject={quote(subject, safe='')}",
                "label": b.t("Email"),
                "value": contacts.email,
            }
        )
    return links


def quote_url(b: PageBuilder) -> str | None:
    """Where a page without its own form sends the buyer: the contact page's form."""
    for key, page in b.library.pages.items():
        if page.layout == "contact" and (path := b.href("page", key)):
            return path + "#inquiry-title"
    return None


def basket_item(b: PageBuilder, product: Product) -> dict[str, Any]:
    """What "Add to inquiry" stores in the browser: enough to list and validate the line
    on the inquiry-list page without fetching anything."""
    return {
        "sku": product.sku,
        "name": b.text(product.name),
        "moq": str(product.moq.quantity),
        "moq_text": b.fmt.quantity(product.moq.quantity, product.moq.unit),
        "url": b.href("product", product.sku) or "",
    }


def request_kinds(b: PageBuilder, product: Product, sample_text: str | None) -> list[dict[str, str]]:
    """The form variants a product offers: always a quotation, a sample request where
    samples are available (with their price and lead time), OEM where it customizes."""
    kinds = [{"value": "quote", "label": b.t("Quotation"), "note": ""}]
    if product.sample is not None and product.sample.available:
        kinds.append({"value": "sample", "label": b.t("Sample"), "note": sample_text or ""})
    if product.customization.oem or product.customization.odm:
        notes = b.text(product.customization.notes)
        kinds.append({"value": "oem", "label": b.t("Custom / OEM"), "note": notes})
    return kinds if len(kinds) > 1 else []


def quote_summary(b: PageBuilder, product: Product) -> str:
    """ "MOQ · from price at the MOQ" for the first screen of a product page."""
    moq = b.t("MOQ: %(quantity)s", quantity=b.fmt.quantity(product.moq.quantity, product.moq.unit))
    if not product.price_tiers:
        return moq + " · " + b.t("Price on request")
    currency = product.currency or b.site.currency
    at_moq = product.price_tiers[0].unit_price
    price = b.t(
        "From %(price)s per %(unit)s",
        price=b.fmt.money(at_moq, currency),
        unit=b.fmt.unit_name(1, product.moq.unit),
    )
    return moq + " · " + price


def sample_text(b: PageBuilder, product: Product) -> str | None:
    """Whether samples are available, at what price, how many and how fast; None
    where the product says nothing about samples."""
    if product.sample is None:
        return None
    currency = product.currency or b.site.currency
    return b.t.once(("sample", product.sample, currency), partial(_sample_text, b, product.sample, currency))


def _sample_text(b: PageBuilder, sample: Sample, currency: str) -> str:
    t, fmt = b.t, b.fmt
    if not sample.available:
        return t("No samples")
    price = fmt.money(sample.price, currency) if sample.price else None
    text = t("Samples at %(price)s", price=price) if price else t("Free samples")
    if sample.quantity:
        quantity = fmt.quantity(sample.quantity.quantity, sample.quantity.unit)
        text = t("%(sample)s, up to %(quantity)s", sample=text, quantity=quantity)
    if sample.lead_days:
        days = sample.lead_days
        singular, plural = "%(sample)s, ready in %(days)s day", "%(sample)s, ready in %(days)s days"
        text = t.ngettext(singular, plural, days, sample=text, days=days)
    return text


def lead_time(b: PageBuilder, product: Product) -> str:
    low, high = product.lead_time.min_days, product.lead_time.max_days
    return b.t.once(("lead time", low, high), partial(_days, b, low, high))


def _days(b: PageBuilder, low: int, high: int) -> str:
    return b.t.ngettext("%(min)s–%(max)s days", "%(min)s–%(max)s days", high, min=low, max=high)


def basket(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    heading = b.t("Your inquiry list")
    title = heading.striptags()
    context = b.base(*b.from_templates("page", {"title": title}, {"title": title}))
    context.update(heading=heading, form=b.form(kind="basket"), alternates=[])
    return "basket.html", context


def thanks(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    heading = b.t("Thank you for your inquiry")
    title = heading.striptags()
    context = b.base(*b.from_templates("page", {"title": title}, {"title": title}))
    context.update(
        heading=heading,
        categories=[c for c in map(b.category_card, b.library.children(None)) if c],
        alternates=[],
    )
    return "thanks.html", context
