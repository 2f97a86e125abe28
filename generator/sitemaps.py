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

from .collections import COLLECTION_KINDS, listing_lastmod
from .expand import Landing
from .images import ImageInfo
from .library import Library
from .route import Route, RouteTable

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_URLS = 50_000


def route_lastmod(library: Library, route: Route, landings: dict[str, Landing]) -> date | None:
    """A page changes when its own content or anything it lists changes."""
    lastmod = library.lastmod
    if route.kind in COLLECTION_KINDS:
        return listing_lastmod(library, route.kind, route.key, route.lang)
    if route.kind == "landing":
        landing = landings[route.key]
        matrix = library.matrices[landing.matrix]
        dates = [lastmod.get(f"matrix:{landing.matrix}")]
        for name, key in landing.combo:
            source = matrix.dimension(name).source
            if source is not None:
                entity = "product" if source == "products" else "category"
                dates.append(lastmod.get(f"{entity}:{key}"))
        return max((d for d in dates if d), default=None)
    if route.kind in ("hub", "hubs"):
        return lastmod.get(f"matrix:{route.key.split(':', 1)[0]}")
    if route.kind == "product":
        return lastmod.get(f"product:{route.key}")
    if route.kind == "page":
        return lastmod.get(f"page:{route.key}:{route.lang}")
    if route.kind == "category":
        dates = [lastmod.get(f"category:{route.key}")]
        dates += [lastmod.get(f"product:{p.sku}") for p in library.products_in(route.key)]
        return max((d for d in dates if d), default=None)
    if route.kind == "home":
        home = next((k for k, p in library.pages.items() if p.layout == "home"), None)
        dates = [lastmod.get(f"page:{home}:{route.lang}")] if home else []
        dates += [d for key, d in lastmod.items() if not key.startswith("page:")]
        return max((d for d in dates if d), default=None)
    return None


def write_sitemaps(
    library: Library,
    routes: RouteTable,
    images: dict[str, ImageInfo],
    landings: dict[str, Landing],
    out_dir: Path,
    max_urls: int = MAX_URLS,
) -> list[str]:
    """Write child sitemaps per page kind plus the index; return their output paths."""
    groups: dict[str, list[Route]] = {}
    for route in routes.routes:
        if not route.noindex and route.kind != "404":
            groups.setdefault(route.kind, []).append(route)
    children: list[tuple[str, date | None]] = []
    for kind in ("home", "page", "category", "product", "hubs", "hub", "landing", *COLLECTION_KINDS):
        kind_routes = groups.get(kind, [])
        for number, start in enumerate(range(0, len(kind_routes), max_urls), start=1):
            chunk = kind_routes[start : start + max_urls]
            name = f"sitemaps/{kind}-{number}.xml"
            newest = _write_urlset(library, routes, images, landings, chunk, out_dir / name)
            children.append((name, newest))
    _write_index(routes.origin, children, out_dir / "sitemap.xml")
    (out_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {routes.origin}/sitemap.xml\n", encoding="utf-8"
    )
    return ["sitemap.xml", "robots.txt", *(name for name, _ in children)]


def _write_urlset(
    library: Library,
    routes: RouteTable,
    images: dict[str, ImageInfo],
    landings: dict[str, Landing],
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
                lastmod = route_lastmod(library, route, landings)
                if lastmod:
                    etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
                    newest = max(newest, lastmod) if newest else lastmod
                for hreflang, href in routes.hreflang_alternates(route):
                    etree.SubElement(
                        url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href
                    )
                if route.kind == "product":
                    for image in library.products[route.key].images:
                        entry = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
                        loc = etree.SubElement(entry, f"{{{IMAGE_NS}}}loc")
                        loc.text = routes.origin + images[image.src].fallback
                if route.kind == "article" and (src := library.articles[route.key].image):
                    entry = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
                    etree.SubElement(entry, f"{{{IMAGE_NS}}}loc").text = routes.origin + images[src].fallback
                xml.write(url, pretty_print=True)
    return newest


def _write_index(origin: str, children: list[tuple[str, date | None]], path: Path) -> None:
    with etree.xmlfile(os.fsencode(path), encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS}):
            for name, newest in children:
                entry = etree.Element(f"{{{SITEMAP_NS}}}sitemap", nsmap={None: SITEMAP_NS})
                etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{origin}/{name}"
                if newest:
                    etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest.isoformat()
                xml.write(entry, pretty_print=True)
