"""The documents stage: plan each PDF's content and key, draw the missing ones on the engine."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path

from ..clock import build_date
from ..dependencies.lastmod import Dates
from ..engine import Engine, Ref
from ..images import ImageCache, ImagePlan, Rendition
from ..images.fonts import PACKAGES, FontFaces, find_fonts
from ..render.theme import Theme
from ..render.views import PageBuilder, RenderInput
from .content import Sheet, catalog, datasheet
from .paths import DocumentRef, planned_documents

LAYOUT_VERSION = "3"
"""Part of every PDF's key: bump it when the layout changes, so cached PDFs are redrawn."""
PDF_WIDTH = 800
"""Widest image rendition a PDF embeds: sharp in print at the sizes used, and small."""
DOCUMENTS_AHEAD = 4


@dataclass(frozen=True)
class DocumentTask:
    """Draw one PDF; picklable, the rendition bytes filled in as it is sent."""

    output: str
    key: str
    sheet: Sheet
    images: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Documents:
    """The build's PDFs: tasks to draw, and what the build says once about them."""

    tasks: list[DocumentTask] = field(default_factory=list)
    refs: list[DocumentRef] = field(default_factory=list)
    fonts: FontFaces | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentCache:
    """PDF bytes stored under their key, written through a temporary name."""

    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pdf"

    def store(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    def prune(self, keys: set[str]) -> None:
        """Delete the PDFs of other keys: older versions, removed products or languages."""
        for path in self.folder.glob("*/*.pdf"):
            if path.stem not in keys:
                path.unlink()


def plan_documents(theme: Theme, inputs: RenderInput, dates: Dates, images: ImagePlan) -> Documents:
    """Content and key of every PDF the site's `documents:` asks for, dated by `dates`
    (the sitemap date of the page that links it)."""
    library = inputs.library
    planned = Documents()
    if library.site.documents is None:
        return planned
    languages = [language.code for language in library.site.languages]
    fonts = images.fonts or find_fonts(languages)
    if fonts is None:
        planned.notes.append(f"Documents: no font installed ({PACKAGES}); no PDF was made")
        return planned
    if fonts.missing:
        planned.notes.append(
            f"Documents: no font for {', '.join(fonts.missing)} text; those PDFs show it as empty boxes "
            f"(install {PACKAGES}, e.g. with `make fonts`)"
        )
    planned.fonts = fonts
    renditions = _pdf_renditions(images)
    for ref in planned_documents(library, inputs.routes.routes):
        make = datasheet if ref.kind == "datasheet" else catalog
        modified = dates(ref.page) or build_date()  # content without dates: the build's day
        sheet = make(PageBuilder(inputs, theme, ref.page), ref, renditions, modified)
        key = _key(sheet, fonts.fingerprint(sheet.lang))
        planned.tasks.append(DocumentTask(ref.output_file, key, sheet))
        planned.refs.append(ref)
    return planned


def make_document(fonts: Ref[FontFaces], task: DocumentTask) -> tuple[DocumentTask, bytes]:
    """Draw one PDF (runs in a worker)."""
    from .layout import draw  # imported here: fpdf takes half a second to load, and only drawing needs it

    return replace(task, images={}), draw(task.sheet, task.images, fonts.get())


def write_documents(
    engine: Engine,
    planned: Documents,
    cache: DocumentCache,
    images: ImageCache,
    keep: Callable[[str, str], bool],
    write: Callable[[str, bytes, str], None],
    track: Callable[[Iterator[tuple[DocumentTask, bytes]]], Iterable[tuple[DocumentTask, bytes]]] = iter,
) -> int:
    """Keep unchanged PDFs, copy cached ones, draw the rest (reported one by one through
    `track`); return how many were drawn. The cache keeps this build's PDFs only (a
    preview batch has every PDF of the full build too)."""
    cache.prune({task.key for task in planned.tasks})
    pending = []
    for task in planned.tasks:
        if keep(task.output, task.key):
            continue
        if cache.path(task.key).is_file():
            write(task.output, cache.path(task.key).read_bytes(), task.key)
        else:
            pending.append(task)
    if not pending:  # the fonts are large: sent to the workers only when there is drawing to do
        return 0
    assert planned.fonts is not None  # there are tasks only with fonts
    fonts = engine.broadcast(planned.fonts)
    for task, data in track(_drawn(engine, fonts, pending, images)):
        cache.store(task.key, data)
        write(task.output, data, task.key)
    engine.release(fonts)
    return len(pending)


def _drawn(
    engine: Engine, fonts: Ref[FontFaces], tasks: list[DocumentTask], images: ImageCache
) -> Iterator[tuple[DocumentTask, bytes]]:
    loaded = (replace(task, images=_image_bytes(task.sheet, images)) for task in tasks)
    return engine.map(partial(make_document, fonts), loaded, work=50 * len(tasks), ahead=DOCUMENTS_AHEAD)


def _image_bytes(sheet: Sheet, images: ImageCache) -> dict[str, bytes]:
    wanted = [sheet.image] + [entry.image for section in sheet.sections for entry in section.entries]
    return {r.key: images.read(r) for r in wanted if r is not None and images.has(r)}


def _pdf_renditions(plan: ImagePlan) -> dict[str, Rendition]:
    """Each source's largest JPEG (PNG with transparency) rendition up to PDF_WIDTH wide
    (its smallest when all are wider)."""
    by_output = {r.output: r for task in plan.tasks for r in task.renditions}
    chosen = {}
    for src, info in plan.images.items():
        fallbacks = [by_output[url.split(" ")[0].lstrip("/")] for url in info.srcset.split(", ")]
        fitting = [r for r in fallbacks if r.width <= PDF_WIDTH]
        chosen[src] = (
            max(fitting, key=lambda r: r.width) if fitting else min(fallbacks, key=lambda r: r.width)
        )
    return chosen


def _key(sheet: Sheet, typeface: str) -> str:
    material = pickle.dumps((LAYOUT_VERSION, _fpdf_version(), typeface, sheet), protocol=5)
    return hashlib.sha256(material).hexdigest()


@cache
def _fpdf_version() -> str:
    """fpdf2's version, part of every PDF's key, read without importing fpdf."""
    return importlib.metadata.version("fpdf2")
