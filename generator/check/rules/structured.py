"""Structured data: strict JSON-LD, safe embedding and the Product/Offer basics (R6); the offer
rules (tiers, MOQ, shipping, returns, visible prices) live in `structured_offers`.

Blocks are the `<script type="application/ld+json">` elements of the already parsed tree (the
only structured-data syntax the theme writes). A strict pass reports what is not RFC 8259 JSON
(comments, trailing commas, NaN, duplicate keys); the rules then check every block that a
plain `json` parse can read, so one broken block is a finding and never hides the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..facts import Doc, PageEmit, PageEnv
from ..registry import ERROR, Rule, catalogue
from . import structured_offers
from .jsonld_values import as_list, currency_ok, nodes, number, types

PRODUCT_DOC = "https://developers.google.com/search/docs/appearance/structured-data/product-snippet"
MERCHANT_DOC = "https://developers.google.com/search/docs/appearance/structured-data/merchant-listing"

RULES = catalogue(
    Rule("jsonld.invalid-json", ERROR, "JSON-LD block is not strict JSON",
         "Serialise structured data with json.dumps, never by string templating",
         "R6.1: RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259); duplicate keys and NaN "
         "rejected (policy)."),
    Rule("jsonld.script-unsafe", ERROR, "raw </script or <!-- inside a JSON-LD script body",
         "Escape <, > and & as \\u003c, \\u003e, \\u0026 when serialising",
         "R6.2: https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements"),
    Rule("jsonld.context", ERROR, "JSON-LD block without a schema.org @context",
         "Set \"@context\": \"https://schema.org\"", "R6.3: https://schema.org/docs/datamodel.html"),
    Rule("jsonld.product", ERROR, "Product without name, or without offers/review/aggregateRating",
         "Emit name plus offers (or review/aggregateRating)", f"R6.8: {PRODUCT_DOC}"),
    Rule("jsonld.offer", ERROR, "Offer without a valid price and ISO 4217 priceCurrency",
         "Give every Offer price (or priceSpecification.price) > 0 and a currency like USD",
         f"R6.6/R6.9: {MERCHANT_DOC} ; https://schema.org/price"),
    Rule("jsonld.breadcrumb", ERROR, "BreadcrumbList positions not 1..n or items without absolute URLs",
         "Number ListItems from 1 and give each (except the last) an absolute item URL",
         "R6.17: https://developers.google.com/search/docs/appearance/structured-data/breadcrumb"),
    Rule("jsonld.organization", ERROR, "Organization without name or url", "Emit name and url",
         "R6.16: https://developers.google.com/search/docs/appearance/structured-data/organization"),
    Rule("jsonld.faq", ERROR, "FAQ Question without name or acceptedAnswer.text",
         "Give each Question a name and acceptedAnswer.text",
         "R6.18: https://developers.google.com/search/docs/appearance/structured-data/faqpage"),
    Rule("jsonld.url-relative", ERROR, "URL-valued structured data field is not absolute",
         "Build url/item/image/logo/@id values from the base URL",
         "R6.3: Google resolves only absolute URLs in structured data (sd-policies)."),
)  # fmt: skip

URL_KEYS = frozenset({"url", "item", "image", "logo", "@id"})


class _DuplicateKey(ValueError):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _DuplicateKey(f"duplicate key '{next(k for k in keys if keys.count(k) > 1)}'")
    return dict(pairs)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def strict_json_problem(text: str) -> str | None:
    """Why `text` is not strict JSON (RFC 8259, unique keys), or None."""
    try:
        json.loads(text, object_pairs_hook=_strict_pairs, parse_constant=_reject_constant)
    except ValueError as exc:
        return str(exc)
    except RecursionError:
        return "nested too deeply to read"
    return None


def _closes_early(raw: bytes, body: str) -> bool:
    """True when the block only becomes valid JSON if it continues past a `</script`."""
    encoded = body.encode()
    start = raw.find(encoded)
    if start < 0 or not encoded.strip():
        return False
    end = start + len(encoded)
    for _ in range(3):
        end = raw.lower().find(b"</script", end + 1)
        if end < 0:
            return False
        if strict_json_problem(raw[start:end].decode("utf-8", "replace")) is None:
            return True
    return False


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """R6.1-R6.18 on the JSON-LD blocks of one page."""
    scripts = [
        s for s in doc.tags("script") if (s.get("type") or "").strip().lower() == "application/ld+json"
    ]
    if not scripts:
        return
    for script in scripts:
        body = script.text or ""
        if "<!--" in body or "<script" in body.lower():
            emit("jsonld.script-unsafe", "JSON-LD body contains <!-- or <script")
        if problem := strict_json_problem(body):
            if _closes_early(doc.raw, body):
                emit("jsonld.script-unsafe", "a literal </script inside the JSON ends the block early")
            else:
                emit("jsonld.invalid-json", problem)
    items = _items(script.text or "" for script in scripts)
    for item in items:
        if isinstance(item, dict) and "schema.org" not in json.dumps(item.get("@context", "")):
            emit("jsonld.context", f"@context is {item.get('@context')!r}")
    kinds: set[str] = set()
    every_node = list(nodes(items))
    for node in every_node:
        kinds |= _check_node(node, emit)
        for key in URL_KEYS & node.keys():
            for value in as_list(node[key]):
                if isinstance(value, str) and _relative_url(key, value):
                    emit("jsonld.url-relative", f'{key}: "{value}"')
    structured_offers.check_nodes(doc, every_node, emit)
    if "Product" in kinds or "ProductGroup" in kinds:
        doc.facts.page_type = "product"
    elif kinds & {"CollectionPage", "ItemList"}:
        doc.facts.page_type = "category"


def _items(bodies: Iterable[str]) -> list[Any]:
    """The non-empty top-level items of the blocks: a block holds one node or a list of them.
    Blocks that are no JSON at all were reported by the strict pass and are left out."""
    items: list[Any] = []
    for body in bodies:
        try:
            data = json.loads(body, strict=False)  # control characters in strings: reported above
        except (ValueError, RecursionError):
            continue
        items += [item for item in (data if isinstance(data, list) else [data]) if item]
    return items


def _relative_url(key: str, value: str) -> bool:
    value = value.strip()
    if "://" in value:
        return False
    if key == "@id":
        return value.startswith(("/", "./", "../"))
    return bool(value) and not value.startswith(("data:", "mailto:", "tel:"))


def _check_node(node: dict[str, Any], emit: PageEmit) -> set[str]:
    """Check one node by its @type; returns the types for the page-type inference."""
    kinds = types(node)
    if "Product" in kinds:
        if not node.get("name"):
            emit("jsonld.product", "Product has no name")
        if not any(node.get(k) for k in ("offers", "review", "aggregateRating")):
            emit(
                "jsonld.product",
                f"Product '{node.get('name', '?')}' has no offers, review or aggregateRating",
            )
    if "Offer" in kinds:
        _check_offer(node, emit)
    if "BreadcrumbList" in kinds:
        _check_breadcrumbs(node, emit)
    is_organization = bool(kinds & {"Organization", "Corporation", "OnlineStore", "LocalBusiness"})
    if is_organization and not (node.get("name") and node.get("url")) and set(node) - {"@id", "@type"}:
        emit("jsonld.organization", f"Organization {node.get('@id', '')} lacks name or url")
    if "FAQPage" in kinds:
        for question in as_list(node.get("mainEntity")):
            answer = question.get("acceptedAnswer") if isinstance(question, dict) else None
            answers = as_list(answer)
            if (
                not isinstance(question, dict)
                or not question.get("name")
                or not answers
                or not all(isinstance(a, dict) and a.get("text") for a in answers)
            ):
                emit("jsonld.faq", f"Question {str(question)[:60]!r} lacks name or acceptedAnswer.text")
    return kinds


def _check_offer(node: dict[str, Any], emit: PageEmit) -> None:
    specs = [s for s in as_list(node.get("priceSpecification")) if isinstance(s, dict)]
    prices = [node["price"]] if "price" in node else [s["price"] for s in specs if "price" in s]
    if not prices:
        emit("jsonld.offer", "Offer has no price or priceSpecification.price")
    for price in prices:
        value = number(price)
        if value is None or value <= 0:
            emit("jsonld.offer", f"price {price!r} is not a positive number with '.' decimals")
    currencies = [node.get("priceCurrency")] if "priceCurrency" in node else []
    currencies += [s.get("priceCurrency") for s in specs if "priceCurrency" in s]
    if prices and not currencies:
        emit("jsonld.offer", "Offer has no priceCurrency")
    for currency in dict.fromkeys(map(str, currencies)):
        if not currency_ok(currency):
            emit("jsonld.offer", f"priceCurrency {currency!r} is not an ISO 4217 code")


def _check_breadcrumbs(node: dict[str, Any], emit: PageEmit) -> None:
    items = [i for i in as_list(node.get("itemListElement")) if isinstance(i, dict)]
    positions = [i.get("position") for i in items]
    if positions != list(range(1, len(items) + 1)):
        emit("jsonld.breadcrumb", f"positions {positions} are not 1..{len(items)}")
    for index, item in enumerate(items):
        target = item.get("item")
        target_url = target.get("@id") if isinstance(target, dict) else target
        last = index == len(items) - 1
        if not item.get("name") and not (isinstance(target, dict) and target.get("name")):
            emit("jsonld.breadcrumb", f"ListItem {item.get('position')} has no name")
        if target_url is None and not last:
            emit("jsonld.breadcrumb", f"ListItem {item.get('position')} has no item URL")
