"""Stage 7, sitemaps and robots.txt, streamed to disk (sitemaps.org protocol 0.9).

Only indexable routes are listed; each entry carries the same hreflang alternates as
the page's HTML, image entries, and an honest lastmod from the content.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from lxml import etree

from .dependencies import Graph
from .dependency_values import Lastmod
from .expand import Landing
from .images import ImageInfo
from .library import Library
from .render.views import RenderInput
from .route import Route, RouteTable

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_URLS = 50_000


def write_sitemaps(
    library: Library,
    routes: RouteTable,
    images: dict[str, ImageInfo],
    landings: dict[str, Landing],
    out_dir: Path,
    max_urls: int = MAX_URLS,
) -> list[str]:
    """Write child sitemaps per page kind plus the index; return their output paths."""
    dates = Lastmod(Graph(RenderInput(library, routes, images, landings, {})))
    groups: dict[str, list[Route]] = {}
    for route in routes.routes:
        if not route.noindex and route.kind != "404":
            groups.setdefault(route.kind, []).append(route)
    children: list[tuple[str, date | None]] = []
    for kind in ("home", "page", "category", "product", "hubs", "hub", "landing"):
        kind_routes = groups.get(kind, [])
        for number, start in enumerate(range(0, len(kind_routes), max_urls), start=1):
            chunk = kind_routes[start : start + max_urls]
            name = f"sitemaps/{kind}-{number}.xml"
            newest = _write_urlset(library, routes, images, dates, chunk, out_dir / name)
            children.append((name, newest))
    _write_index(routes, children, out_dir / "sitemap.xml")
    (out_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {routes.absolute('/sitemap.xml')}\n", encoding="utf-8"
    )
    return ["sitemap.xml", "robots.txt", *(name for name, _ in children)]


def _write_urlset(
    library: Library,
    routes: RouteTable,
    images: dict[str, ImageInfo],
    dates: Lastmod,
    chunk: Iterable[Route],
    path: Path,
) -> date | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    newest: date | None = None
    nsmap = {None: SITEMAP_NS, "xhtml": XHTML_NS, "image": IMAGE_NS}
    with etree.xmlfile(os.fsencode(path), encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}urlset", nsmap=nsmap):
            for route in chunk:
                url = etree.Element(f"{{{SITEMAP_NS}}}url", nsmap=nsmap)
                etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = routes.url(route)
                modified = dates(route) if route.kind != "404" else None
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
                xml.write(url, pretty_print=True)
    return newest


def _write_index(routes: RouteTable, children: list[tuple[str, date | None]], path: Path) -> None:
    with etree.xmlfile(os.fsencode(path), encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS}):
            for name, newest in children:
                entry = etree.Element(f"{{{SITEMAP_NS}}}sitemap", nsmap={None: SITEMAP_NS})
                etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = routes.absolute(name)
                if newest:
                    etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest.isoformat()
                xml.write(entry, pretty_print=True)
