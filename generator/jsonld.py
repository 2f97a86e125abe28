"""Schema.org JSON-LD, built as plain data from the routing table and the library.

Shapes follow Google's structured-data documentation and the B2B tier/MOQ pattern:
one `Offer` priced at the minimum order quantity, volume tiers as
`UnitPriceSpecification`s with an `eligibleQuantity` range, the MOQ as the offer's own
`eligibleQuantity`. One `Product` per SKU and language lives on its product page; other
pages refer to it by `@id` instead of repeating it. A price-on-request product gets no
Product markup at all rather than an invented price (Google requires offers, a review or
a rating on every Product), and availability is claimed only where content states it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from .library import Library
from .models import Product
from .models.commerce import ReturnPolicy
from .models.matrix import Market
from .route import Route, RouteTable, absolute

SCHEMA = "https://schema.org"


def serialize(graph: list[dict[str, Any]]) -> Markup:
    """JSON that is safe inside <script>: `<`, `>` and `&` become \\u escapes, so
    content holding `</script>` cannot end the element early."""
    text = json.dumps({"@context": SCHEMA, "@graph": graph}, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def organization_id(origin: str) -> str:
    return absolute(origin, "/#organization")


def seller(library: Library) -> dict[str, Any]:
    """The seller embedded in an offer: Google does not follow an `@id` to another page,
    so the node carries its name and URL wherever it is used."""
    site = library.site
    return {
        "@type": "Organization",
        "@id": organization_id(site.origin),
        "name": site.organization.name,
        "url": absolute(site.origin, "/"),
    }


def organization(library: Library, logo_url: str, lang: str) -> dict[str, Any]:
    site = library.site
    org = site.organization
    address = org.address
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": organization_id(site.origin),
        "name": org.name,
        "legalName": org.legal_name,
        "url": absolute(site.origin, "/"),
        "logo": logo_url,
        "email": org.email,
        "telephone": org.phone,
        "foundingDate": str(org.founding_year),
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": org.employees},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "addressLocality": address.city,
            "addressCountry": address.country,
            **({"addressRegion": address.region} if address.region else {}),
            **({"postalCode": address.postal_code} if address.postal_code else {}),
        },
    }
    if org.social_profiles:
        node["sameAs"] = [str(url) for url in org.social_profiles]
    if org.vat_id:
        node["vatID"] = org.vat_id
    if site.returns is not None:
        node["hasMerchantReturnPolicy"] = return_policy(site.returns, site.origin)
    return node


def return_policy(policy: ReturnPolicy, origin: str) -> dict[str, Any]:
    """The site's one MerchantReturnPolicy; `returnPolicyCountry` is always stated, as the
    rule book decides where Google's documents disagree."""
    node: dict[str, Any] = {
        "@type": "MerchantReturnPolicy",
        "@id": absolute(origin, "/#return-policy"),
        "applicableCountry": policy.applicable_countries,
        "returnPolicyCountry": policy.return_country,
        "returnPolicyCategory": f"{SCHEMA}/{policy.category.schema_org}",
    }
    if policy.days is not None:
        node["merchantReturnDays"] = policy.days
    if policy.fees is not None:
        node["returnFees"] = f"{SCHEMA}/{policy.fees.schema_org}"
    if policy.method is not None:
        node["returnMethod"] = f"{SCHEMA}/{policy.method.schema_org}"
    return node


def website(library: Library, routes: RouteTable, route: Route) -> dict[str, Any]:
    site = library.site
    return {
        "@type": "WebSite",
        "@id": f"{routes.url(route)}#website",
        "name": site.name.for_language(site.fallback_chain(route.lang)),
        "url": routes.url(route),
        "inLanguage": route.lang,
        "publisher": {"@id": organization_id(site.origin)},
    }


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """`trail` is (name, absolute URL) from the home page down to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }


def faq_page(questions: list[tuple[str, str]]) -> dict[str, Any]:
    """`questions` is (question, answer as plain text)."""
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in questions
        ],
    }


def web_page(url: str, name: str, lang: str, about: str | None) -> dict[str, Any]:
    """A page about an entity described elsewhere (a landing page about a product): it
    names the entity's `@id` rather than cloning its offers onto another URL."""
    node: dict[str, Any] = {"@type": "WebPage", "@id": f"{url}#page", "url": url, "name": name}
    node["inLanguage"] = lang
    if about:
        node["about"] = {"@id": about}
    return node


def video_object(
    name: str,
    description: str,
    thumbnail_url: str,
    upload_date: date,
    duration: timedelta,
    content_url: str | None,
    embed_url: str | None,
) -> dict[str, Any]:
    """A video on the page, with what Google requires (name, thumbnailUrl, uploadDate)
    and recommends (description, duration, contentUrl or embedUrl)."""
    node: dict[str, Any] = {
        "@type": "VideoObject",
        "name": name,
        "description": description,
        "thumbnailUrl": [thumbnail_url],
        "uploadDate": upload_date.isoformat(),
        "duration": iso_duration(duration),
    }
    if content_url:
        node["contentUrl"] = content_url
    if embed_url:
        node["embedUrl"] = embed_url
    return node


def iso_duration(length: timedelta) -> str:
    """ISO 8601 duration in whole seconds: PT1H2M5S, PT45S."""
    hours, rest = divmod(round(length.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{seconds}S" if seconds else ""]
    return "PT" + ("".join(parts) or "0S")


def person(name: str, url: str, job_title: str | None) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "name": name, "url": url}
    if job_title:
        node["jobTitle"] = job_title
    return node


def article(
    url: str,
    kind: str,
    texts: tuple[str, str, str],
    dates: tuple[date, date],
    authors: list[dict[str, Any]],
    image_url: str | None,
    origin: str,
) -> dict[str, Any]:
    """News as a BlogPosting, other kinds as an Article; `texts` are headline,
    description and language, `dates` published and modified. The publisher is named by
    `@id`: the page carries the Organization node it resolves to."""
    headline, description, lang = texts
    node: dict[str, Any] = {
        "@type": "BlogPosting" if kind == "news" else "Article",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": url,
        "headline": headline,
        "description": description,
        "inLanguage": lang,
        "datePublished": dates[0].isoformat(),
        "dateModified": dates[1].isoformat(),
        "author": authors,
        "publisher": {"@id": organization_id(origin)},
    }
    if image_url:
        node["image"] = [image_url]
    return node


def product_id(url: str) -> str:
    return f"{url}#product"


def collection_page(url: str, name: str, items: list[tuple[str, str]]) -> dict[str, Any]:
    """A listing page: CollectionPage whose main entity is the ItemList of what it links."""
    return {
        "@type": "CollectionPage",
        "@id": f"{url}#page",
        "url": url,
        "name": name,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": index, "name": label, "url": item_url}
                for index, (label, item_url) in enumerate(items, start=1)
            ],
        },
    }


def product(
    library: Library,
    item: Product,
    url: str,
    name: str,
    description: str,
    image_urls: list[str],
    currency: str,
    destinations: Sequence[Market] = (),
) -> dict[str, Any] | None:
    """Product with one offer at the MOQ price and its volume tiers, or None for a
    price-on-request product."""
    if not item.price_tiers:
        return None
    node: dict[str, Any] = {
        "@type": "Product",
        "@id": product_id(url),
        "name": name,
        "sku": item.sku,
        "description": description,
        "url": url,
        "brand": {"@type": "Brand", "name": item.brand or library.site.organization.name},
    }
    if item.mpn:
        node["mpn"] = item.mpn
    if item.gtin:
        node["gtin"] = item.gtin
    if image_urls:
        node["image"] = image_urls
    if item.hs_code:
        node["additionalProperty"] = [{"@type": "PropertyValue", "name": "HS code", "value": item.hs_code}]
    node["offers"] = offer(library, item, url, currency, destinations)
    return node


def market_offer(
    library: Library, item: Product, url: str, product_url: str, market: Market
) -> dict[str, Any]:
    """The offer a market's landing page makes: the product's own prices, delivered to the
    market's country. The product itself stays on its page and is named by `@id`."""
    node = {
        "@id": f"{url}#offer",
        **offer(library, item, url, item.currency or library.site.currency, [market]),
    }
    node["itemOffered"] = {"@id": product_id(product_url)}
    return node


def offer(
    library: Library, item: Product, url: str, currency: str, destinations: Sequence[Market]
) -> dict[str, Any]:
    """One Offer at the MOQ price, its volume tiers, validity, warranty, delivery times to
    `destinations` (markets with a country) and the site's return policy."""
    unit = item.moq.unit
    tiers = [
        {
            "@type": "UnitPriceSpecification",
            "price": _price(tier.unit_price),
            "priceCurrency": currency,
            "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitCode": unit},
            "eligibleQuantity": {
                "@type": "QuantitativeValue",
                "minValue": tier.min_qty,
                **({"maxValue": tier.max_qty} if tier.max_qty is not None else {}),
                "unitCode": unit,
            },
        }
        for tier in item.price_tiers
    ]
    site = library.site
    node: dict[str, Any] = {
        "@type": "Offer",
        "url": url,
        # Tiers start at or above the MOQ, so the first tier is the price at the MOQ.
        "price": _price(item.price_tiers[0].unit_price),
        "priceCurrency": currency,
        "itemCondition": f"{SCHEMA}/NewCondition",
        "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": item.moq.quantity, "unitCode": unit},
        "priceSpecification": tiers,
        "seller": seller(library),
    }
    if valid_until := price_valid_until(library, item):
        node["priceValidUntil"] = valid_until
    if item.availability is not None:
        node["availability"] = f"{SCHEMA}/{item.availability.schema_org}"
    if item.warranty is not None:
        node["warranty"] = {
            "@type": "WarrantyPromise",
            "durationOfWarranty": {
                "@type": "QuantitativeValue",
                "value": item.warranty.months,
                "unitCode": "MON",
            },
        }
    shipping = [shipping_details(item, market) for market in destinations if market.country]
    if shipping:
        node["shippingDetails"] = shipping
    if site.returns is not None:
        node["hasMerchantReturnPolicy"] = return_policy(site.returns, site.origin)
    return node


def price_valid_until(library: Library, item: Product) -> str | None:
    """ISO date the prices hold to: the product's own date, else the site's validity
    counted from the build's date."""
    if item.price_valid_until is not None:
        return item.price_valid_until.isoformat()
    days = library.site.pricing.valid_days
    return (library.today + timedelta(days=days)).isoformat() if days else None


def shipping_details(item: Product, market: Market) -> dict[str, Any]:
    """Delivery to the market's country: handling is the production lead time, transit the
    market's freight days. No shipping rate: export freight is quoted per order."""
    lead, transit = item.lead_time, market.transit
    return {
        "@type": "OfferShippingDetails",
        "shippingDestination": {"@type": "DefinedRegion", "addressCountry": market.country},
        "deliveryTime": {
            "@type": "ShippingDeliveryTime",
            "handlingTime": _days(lead.min_days, lead.max_days),
            "transitTime": _days(transit.min_days, transit.max_days),
        },
    }


def _days(low: int, high: int) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", "minValue": low, "maxValue": high, "unitCode": "DAY"}


def _price(amount: Decimal) -> str:
    """Prices as strings with a '.' decimal point and no exponent, as schema.org asks;
    two decimals or as many as the price has (0.3650 → 0.365), like the price table."""
    amount = amount.normalize()
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        amount = amount.quantize(Decimal("0.01"))
    return format(amount, "f")
