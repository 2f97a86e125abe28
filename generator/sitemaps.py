"""Stage 7, sitemaps and robots.txt (sitemaps.org protocol 0.9).

Only indexable routes are listed; each entry carries the same hreflang alternates as
the page's HTML, image entries, and an honest lastmod: the newest change among what the
page shows (see `dependencies.lastmod.Lastmod`). Each shard is serialized in memory and
handed to the output, which writes it only when its bytes changed, so a rebuild
rewrites just the shards (and index) an edit touched. Shards hold at most 2 MB: under
the protocol's 50 MB at any number of languages, within what Googlebot is documented to
read of a file, and cheap to rewrite after an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from lxml import etree

from .collections import COLLECTION_KINDS
from .dependencies.lastmod import Dates
from .documents.paths import DocumentRef
from .fingerprint import digest
from .images import ImageInfo
from .library import Library
from .models.ids import PageKey
from .render.views import RenderInput
from .route import TRUST_KINDS, Route, RouteTable

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_URLS = 50_000
SHARD_BYTES = 2 * 1024 * 1024
"""Largest shard written; the protocol allows 50 MB, Googlebot documents reading 2 MB."""


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
    # Each entity's language versions side by side: an edit rewrites the one shard
    # that lists them all, not one shard per language.
    entities: dict[str, dict[tuple[str, PageKey], list[Route]]] = {}
    for route in routes.routes:
        if not route.noindex and route.kind != "404":
            entities.setdefault(route.kind, {}).setdefault(route.entity, []).append(route)
    groups = {kind: [r for versions in found.values() for r in versions] for kind, found in entities.items()}
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
        size = min(max_urls, _urls_per_shard(library, routes, images, kind_routes))
        for number, start in enumerate(range(0, len(kind_routes), size), start=1):
            chunk = kind_routes[start : start + size]
            name = f"sitemaps/{kind}-{number}.xml"
            modified = [dates(route) for route in chunk]
            shard = _shard_key(chunk, modified, keys) if keys is not None else None
            if shard is None or keep is None or not keep(name, shard):
                write(name, _urlset(library, routes, images, dates, chunk), shard)
            children.append((name, max(filter(None, modified), default=None)))
    files = [ref for ref in documents if not ref.page.noindex]
    longest = len(routes.origin) + max((len(ref.path.encode()) for ref in files), default=0)
    size = min(max_urls, (SHARD_BYTES - 512) // (128 + longest))
    for number, start in enumerate(range(0, len(files), size), start=1):
        name = f"sitemaps/documents-{number}.xml"
        data, newest = _file_urlset(routes, dates, files[start : start + size])
        write(name, data, None)
        children.append((name, newest))
    write("sitemap.xml", _index(routes, children), None)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {routes.absolute('/sitemap.xml')}\n"
    write("robots.txt", robots.encode(), None)
    return ["sitemap.xml", "robots.txt", *(name for name, _ in children)]


def _urls_per_shard(
    library: Library, routes: RouteTable, images: dict[str, ImageInfo], kind_routes: list[Route]
) -> int:
    """How many of a kind's pages a shard lists so that it stays under `SHARD_BYTES`,
    from an upper bound on the bytes of one entry: the longest URL (UTF-8, escaped) in every
    tag, every hreflang tag of the site, every image. A fixed number per kind keeps
    the other shards' contents, and so their bytes, when one page changes."""
    if not kind_routes:
        return MAX_URLS
    longest = len(routes.origin) + max(len(r.path.encode()) + 4 * r.path.count("&") for r in kind_routes)
    tags = [tag for code in library.site.language_codes for tag in (code, *routes.also_serves.get(code, ()))]
    tags.append("x-default")
    pictures = _image_urls(library, routes, images, kind_routes[0].kind)
    entry = 96 + longest + sum(64 + len(tag) + longest for tag in tags) + pictures
    return max(1, (SHARD_BYTES - 512) // entry)


def _image_urls(library: Library, routes: RouteTable, images: dict[str, ImageInfo], kind: str) -> int:
    """An upper bound on the bytes of the image entries of one page of `kind`."""
    if kind == "product":
        shown = [[image.src for image in product.images] for product in library.products.values()]
    elif kind == "article":
        shown = [[article.image] for article in library.articles.values() if article.image]
    else:
        return 0
    longest = len(routes.origin) + max(
        (len(images[src].fallback.encode()) for srcs in shown for src in srcs), default=0
    )
    return max((len(srcs) for srcs in shown), default=0) * (96 + longest)


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
) -> bytes:
    """One shard's bytes."""
    urlset = etree.Element(
        f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS, "image": IMAGE_NS}
    )
    for route in chunk:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = routes.url(route)
        if modified := dates(route):
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
        for hreflang, href in routes.hreflang_alternates(route):
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
        srcs: list[str] = []
        if route.kind == "product":
            srcs = [image.src for image in library.products[route.key].images]
        elif route.kind == "article" and (src := library.articles[route.key].image):
            srcs = [src]
        for src in srcs:
            entry = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
            etree.SubElement(entry, f"{{{IMAGE_NS}}}loc").text = routes.absolute(images[src].fallback)
    return _serialized(urlset)


def _file_urlset(routes: RouteTable, dates: Dates, refs: list[DocumentRef]) -> tuple[bytes, date | None]:
    """A shard of PDFs: each with its URL and the date of the content it holds."""
    newest: date | None = None
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for ref in refs:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = routes.absolute(ref.path)
        if modified := dates(ref.page):
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
            newest = max(newest, modified) if newest else modified
    return _serialized(urlset), newest


def _index(routes: RouteTable, children: list[tuple[str, date | None]]) -> bytes:
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for name, newest in children:
        entry = etree.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = routes.absolute(name)
        if newest:
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest.isoformat()
    return _serialized(index)


def _serialized(root: etree._Element) -> bytes:
    """The document's bytes: namespaces declared once, on the root, one element a line."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
