"""Cross-checks of the trust content: unique slugs, images that exist, cases naming
known products, testimonials naming known cases. Fills the library's trust tables."""

from __future__ import annotations

from typing import Any

from ..errors import ContentError, format_loc
from ..library import TRUST_TABLES, Library
from ..models.ids import EntityId, EntityKind
from ..models.trust import Case, Certificate, Factory, Testimonial
from .links import _image_problem, _source
from .source import Document, Loc

TRUST_FOLDERS: dict[str, EntityKind] = {
    "certificates": "certificate",
    "factory": "factory",
    "cases": "case",
    "testimonials": "testimonial",
}
"""Content folder → entity kind (whose table is `TRUST_TABLES[kind]`)."""


def check_trust(
    library: Library,
    loaded: dict[str, list[tuple[Any, Document]]],
    documents: dict[str, Document],
    invalid_skus: set[str],
    drafts: bool,
) -> list[ContentError]:
    """Fill the trust tables of `library` from the validated files of each trust folder
    and return every cross-file error. Items sort by `order`, then slug; drafts are left
    out unless `drafts` (a preview)."""
    errors: list[ContentError] = []

    def error(document: Document, loc: Loc, message: str) -> None:
        errors.append(document.error(loc, format_loc(loc), message))

    docs: dict[tuple[str, str], Document] = {}
    for folder, kind in TRUST_FOLDERS.items():
        table: dict[str, Any] = getattr(library, TRUST_TABLES[kind])
        published = [item for item in loaded[folder] if drafts or not item[0].draft]
        items = sorted(published, key=lambda item: (item[0].order, item[0].slug))
        for item, document in items:
            if (kind, item.slug) in docs:
                error(document, ("slug",), f"duplicate {kind} slug (also in {docs[kind, item.slug].path})")
                continue
            docs[kind, item.slug] = document
            table[item.slug] = item
            library.sources[EntityId(kind, item.slug)] = _source(document)
            for loc, src in _images(item):
                if problem := _image_problem(library.content_dir, src):
                    error(document, loc, problem)
    for slug, case in library.cases.items():
        for index, sku in enumerate(case.products):
            if sku not in library.products.keys() | invalid_skus:
                error(docs["case", slug], ("products", index), f"unknown product '{sku}'")
    # A draft case: the quote shows, unlinked; a broken one: its own file reports it.
    cases = {case.slug for case, _ in loaded["cases"]} | _slugs_in(documents, "content/cases/")
    for slug, testimonial in library.testimonials.items():
        if testimonial.case is not None and testimonial.case not in cases:
            error(docs["testimonial", slug], ("case",), f"unknown case '{testimonial.case}'")
    return errors


def _images(item: Certificate | Factory | Case | Testimonial) -> list[tuple[Loc, str]]:
    """(location, path) of every image an item names."""
    if isinstance(item, Certificate):
        return [(("scan", "src"), item.scan.src)]
    if isinstance(item, Factory | Case):
        photos = [(("photos", index, "src"), photo.src) for index, photo in enumerate(item.photos)]
        posters = [
            (("videos", index, "poster"), video.poster)
            for index, video in enumerate(item.videos if isinstance(item, Factory) else [])
        ]
        return photos + posters
    return []


def _slugs_in(documents: dict[str, Document], folder: str) -> set[str]:
    """Top-level `slug:` of the files below `folder` that failed validation."""
    return {
        str(document.data["slug"])
        for path, document in documents.items()
        if path.startswith(folder) and isinstance(document.data, dict) and "slug" in document.data
    }
