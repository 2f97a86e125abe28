"""The comparison page and its data files: the page carries only its labels and where
the columns are; the browser fetches the shard files of the two to four products a
buyer picked (kept in localStorage) and lays them out side by side."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..route import compare_data_path
from . import buyer

if TYPE_CHECKING:
    from ..models import Product
    from .views import PageBuilder

LIMIT = 4
"""Most products compared at once: more columns no longer fit a laptop screen."""


def compare_item(b: PageBuilder, product: Product) -> dict[str, Any] | None:
    """One column of the comparison table, every cell already formatted for the
    page's language; None for a product without a page in it."""
    url = b.href("product", product.sku)
    if url is None:
        return None
    image = None
    if product.images:
        first = product.images[0]
        picture = b.image(first.src, b.text(first.alt))
        image = {key: picture[key] for key in ("src", "srcset", "sources", "width", "height", "alt")}
    tiers, _ = b.price_table(product)
    return {
        "sku": product.sku,
        "name": b.text(product.name),
        "url": url,
        "image": image,
        "specs": [[row.name, f"{row.value} {row.unit}".strip(), row.neutral] for row in b.spec_rows(product)],
        "moq": b.fmt.quantity(product.moq.quantity, product.moq.unit),
        "tiers": [[tier["quantity"], tier["price"]] for tier in tiers],
        "lead_time": buyer.lead_time(b, product),
        "sample": buyer.sample_text(b, product) or "",
        "certifications": product.certifications,
        "inquiry": buyer.basket_item(b, product),
    }


def compare_data(b: PageBuilder) -> bytes:
    """One shard file: SKU → column for the shard's products that have a page in the
    language, compact and in SKU order so the same catalog gives the same bytes."""
    products = b.library.products
    items = (compare_item(b, products[sku]) for sku in b.data.compare_shards[int(b.route.key)])
    columns = {item["sku"]: item for item in items if item is not None}
    return json.dumps(columns, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def compare(b: PageBuilder) -> tuple[str, dict[str, Any]]:
    heading = b.t("Compare products")
    title = heading.striptags()
    context = b.base(*b.from_templates("page", {"title": title}, {"title": title}))
    labels = {
        "moq": b.t("Minimum order quantity"),
        "tiers": b.t("Unit price"),
        "lead_time": b.t("Lead time"),
        "sample": b.t("Samples"),
        "certifications": b.t("Certifications"),
        "price_on_request": b.t("Price on request"),
        "missing": b.t("Not specified"),
        "remove": b.t("Remove"),
        "add": b.t("Add to inquiry"),
        "added": b.t("In your inquiry list"),
    }
    context.update(
        heading=heading,
        labels=json.dumps(
            {"sku": "SKU", **{key: label.striptags() for key, label in labels.items()}},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        shards=len(b.data.compare_shards),
        shard_url=compare_data_path(b.route.path, "{n}"),
        all_products=b.href("products", "1"),
        categories=[c for c in map(b.category_card, b.library.children(None)) if c],
        alternates=[],
    )
    return "compare.html", context
