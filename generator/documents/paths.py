"""Where each PDF is published: beside the page that links it, named after what it holds.

A path depends only on the page's route, so the page, the sitemap and the stage that
draws the file agree without passing anything between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..library import Library
from ..route import Route

DocumentKind = Literal["datasheet", "catalog"]
LINKING_KINDS = frozenset({"product", "home", "category"})
"""The page kinds that link a PDF (see `dependencies.kinds`, which declares their reading it)."""


@dataclass(frozen=True)
class DocumentRef:
    """One PDF: what it is and the page that links it."""

    kind: DocumentKind
    page: Route
    path: str
    """URL path of the file."""
    category: str | None = None
    """The top category a catalog is limited to; None for the whole catalog."""

    @property
    def output_file(self) -> str:
        return self.path.lstrip("/")


def document_of(library: Library, route: Route) -> DocumentRef | None:
    """The PDF the page of `route` links, if the site makes one for it."""
    if route.kind not in LINKING_KINDS:  # other pages do not read the setting at all
        return None
    settings = library.site.documents
    if settings is None:
        return None
    lang = route.lang.lower()
    if route.kind == "product" and settings.datasheets:
        return DocumentRef("datasheet", route, f"{route.path}{route.key.lower()}-datasheet-{lang}.pdf")
    if route.kind == "home" and settings.catalogs:
        return DocumentRef("catalog", route, f"{route.path}catalog-{lang}.pdf")
    top = route.kind == "category" and library.categories[route.key].parent is None
    if top and settings.category_catalogs:
        path = f"{route.path}{route.key}-catalog-{lang}.pdf"
        return DocumentRef("catalog", route, path, category=route.key)
    return None


def planned_documents(library: Library, routes: list[Route]) -> list[DocumentRef]:
    """Every PDF of the build, in route order."""
    return [ref for route in routes if (ref := document_of(library, route)) is not None]
