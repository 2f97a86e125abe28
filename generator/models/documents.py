"""`documents:` in site.yaml: the PDFs a build makes from the catalog's data."""

from __future__ import annotations

from pydantic import Field

from .base import StrictModel


class DocumentSettings(StrictModel):
    """Which PDFs each language gets; all of them unless turned off here."""

    datasheets: bool = Field(default=True, description="One datasheet per product, linked from its page")
    catalogs: bool = Field(
        default=True, description="One catalog of every product, linked from the home page"
    )
    category_catalogs: bool = Field(
        default=True, description="One catalog per top category, linked from the category's page"
    )
