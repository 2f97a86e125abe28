"""What the site search reads from a product page: the filters and sort keys Pagefind
indexes with it (see models/search.py and search_index.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models.base import language_chain

if TYPE_CHECKING:
    from ..models import Product
    from .views import PageBuilder

CATEGORY_FILTER = "category"
"""Filter key of the category; spec filters are keyed by the spec's name in the page's language."""
SYNTAX = str.maketrans("", "", ",:[]")
"""Characters Pagefind reads as syntax in a filter name (lists, values, attributes)."""
ON_REQUEST = "999999999999"
"""Sort value of a price on request: sorting by price, those products come last."""


def product_facets(b: PageBuilder, product: Product) -> dict[str, Any] | None:
    """Pagefind's filters (category, spec values with their units) and sort keys (MOQ,
    price at the MOQ) of a product page; None without search."""
    search = b.site.search
    if not search.enabled:
        return None
    default = language_chain(b.site.default_language)
    filters = [(CATEGORY_FILTER, b.text(b.library.categories[product.category].name))]
    for spec in product.specs:
        if search.filters_spec(spec.name.for_language(default) or ""):
            value = b.text(spec.value) + (f" {spec.unit}" if spec.unit else "")
            filters.append((b.text(spec.name).translate(SYNTAX), value))
    # One key however the price was written (18.6, 18.60): Pagefind compares them as numbers.
    price = format(product.price_tiers[0].unit_price.normalize(), "f") if product.price_tiers else ON_REQUEST
    return {"filters": filters, "sort": [("moq", str(product.moq.quantity)), ("price", price)]}
