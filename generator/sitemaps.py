"""Stage 7, sitemaps and robots.txt (sitemaps.org protocol 0.9).

Only indexable routes are listed; each entry carries the same hreflang alternates as
the page's HTML, image entries, and an honest lastmod: the newest change among what the
page shows (see `dependencies.lastmod.Lastmod`). Each shard is serialized in memory and
handed to the output, which writes it only when its bytes changed, so a rebuild
rewrites just the shards (and index) an edit touched.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from lxml import etree

from .collections import COLLECTION_KINDS
from .dependencies.lastmod import Dates
from .documents.paths import DocumentRef
from .fingerprint import digest
from .images import ImageInfo
from .library import Library
from .render.views import RenderInput
from .route import TRUST_KINDS, Route, RouteTable

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_URLS = 50_000


def write_sitemaps(
    inputs: RenderInput,
    dates: Dates,
    write: Callable[[str, bytes, str | None], None],
    max_urls: int = MAX_URLS,
    documents: Iterable[DocumentRef] = (),
    keys: Mapping[str, str] | None = None,
    keep: Callable[[str, str], bool] | None = None,
) -> list[str]:
    """Hand child sitemaps per page kind plus the index and robots.txt to `write`
    (output path, bytes); return their output paths. `dates` are the pages' lastmods
    (see `page_keys.PageKeys.dates`). `documents` (PDFs) get shards of
    their own, each dated like the page that links it; those of noindex pages are left out."""
    library, routes, images = inputs.library, inputs.routes, inputs.images
    groups: dict[str, list[Route]] = {}
    for route in routes.routes:
        if not route.noindex and route.kind != "404":
            groups.setdefault(route.kind, []).append(route)
    children: list[tuple[str, date | None]] = []
    for kind in (
        "home",
        "page",
        "category",
        "product",
        "hubs",
        "hub",
        "landing",
        *COLLECTION_KINDS,
        *TRUST_KINDS,
    ):
        kind_routes = groups.get(kind, [])
        for number, start in enumerate(range(0, len(kind_routes), max_urls), start=1):
            chunk = kind_routes[start : start + max_urls]
            name = f"sitemaps/{kind}-{number}.xml"
            modified = [dates(route) for route in chunk]
            shard = _shard_key(chunk, modified, keys) if keys is not None else None
            if shard is None or keep is None or not keep(name, shard):
                data, _ = _urlset(library, routes, images, dates, chunk)
                write(name, data, shard)
            children.append((name, max(filter(None, modified), default=None)))
    files = [ref for ref in documents if not ref.page.noindex]
    for number, start in enumerate(range(0, len(files), max_urls), start=1):
        name = f"sitemaps/documents-{number}.xml"
        data, newest = _file_urlset(routes, dates, files[start : start + max_urls])
        write(name, data, None)
        children.append((name, newest))
    write("sitemap.xml", _index(routes, children), None)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {routes.absolute('/sitemap.xml')}\n"
    write("robots.txt", robots.encode(), None)
    return ["sitemap.xml", "robots.txt", *(name for name, _ in children)]


def _shard_key(chunk: list[Route], modified: list[date | None], keys: Mapping[str, str]) -> str:
    """What a shard's bytes are made of: each page's key (its URL, translations and
    images are among what the key digests) and its lastmod."""
    pages = zip(chunk, modified, strict=True)
    return digest("sitemap", *(f"{keys[route.output_file]}={day}" for route, day in pages))


def _urlset(
    library: Library,
    routes: RouteTable,
    images: dict[str, ImageInfo],
    dates: Dates,
    chunk: Iterable[Route],
) -> tuple[bytes, date | None]:
    """One shard's bytes and the newest lastmod in it (the index's lastmod for the shard)."""
    newest: date | None = None
    nsmap = {None: SITEMAP_NS, "xhtml": XHTML_NS, "image": IMAGE_NS}
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}urlset", nsmap=nsmap):
            for route in chunk:
                url = etree.Element(f"{{{SITEMAP_NS}}}url", nsmap=nsmap)
                etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = routes.url(route)
                modified = dates(route)
                if modified:
                    etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
                    newest = max(newest, modified) if newest else modified
                for hreflang, href in routes.hreflang_alternates(route):
                    etree.SubElement(
                        url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href
                    )
                if route.kind == "product":
                    for image in library.products[route.key].images:
                        entry = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
                        loc = etree.SubElement(entry, f"{{{IMAGE_NS}}}loc")
                        loc.text = routes.absolute(images[image.src].fallback)
                if route.kind == "article" and (src := library.articles[route.key].image):
                    entry = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
                    etree.SubElement(entry, f"{{{IMAGE_NS}}}loc").text = routes.absolute(images[src].fallback)
                xml.write(url, pretty_print=True)
    return buffer.getvalue(), newest


def _file_urlset(routes: RouteTable, dates: Dates, refs: list[DocumentRef]) -> tuple[bytes, date | None]:
    """A shard of PDFs: each with its URL and the date of the content it holds."""
    newest: date | None = None
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS}):
            for ref in refs:
                url = etree.Element(f"{{{SITEMAP_NS}}}url", nsmap={None: SITEMAP_NS})
                etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = routes.absolute(ref.path)
                if modified := dates(ref.page):
                    etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
                    newest = max(newest, modified) if newest else modified
                xml.write(url, pretty_print=True)
    return buffer.getvalue(), newest


def _index(routes: RouteTable, children: list[tuple[str, date | None]]) -> bytes:
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS}):
            for name, newest in children:
                entry = etree.Element(f"{{{SITEMAP_NS}}}sitemap", nsmap={None: SITEMAP_NS})
                etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = routes.absolute(name)
                if newest:
                    etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest.isoformat()
                xml.write(entry, pretty_print=True)
    return buffer.getvalue()
