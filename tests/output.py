"""Read a built site the way a crawler would, for assertions on real output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import extruct
from lxml import etree, html

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class BuiltSite:
    root: Path
    origin: str

    def file_for(self, url: str) -> Path | None:
        """The file a static host would serve for an absolute or root-relative URL."""
        parts = urlsplit(url)
        if parts.scheme and f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        path = self.root / parts.path.lstrip("/")
        if parts.path.endswith("/"):
            path = path / "index.html"
        return path if path.is_file() else None

    def pages(self) -> dict[str, html.HtmlElement]:
        return {
            p.relative_to(self.root).as_posix(): html.fromstring(p.read_bytes())
            for p in sorted(self.root.rglob("*.html"))
        }

    def page(self, url: str) -> html.HtmlElement:
        path = self.file_for(url)
        assert path is not None, f"{url} does not resolve to a built file"
        return html.fromstring(path.read_bytes())

    def jsonld(self, url: str) -> list[dict]:
        path = self.file_for(url)
        assert path is not None
        data = extruct.extract(path.read_text("utf-8"), base_url=url, syntaxes=["json-ld"], uniform=True)
        nodes = []
        for block in data["json-ld"]:
            nodes.extend(block.get("@graph", [block]))
        return nodes

    def sitemap_entries(self) -> list[etree._Element]:
        index = etree.parse(str(self.root / "sitemap.xml")).getroot()
        assert index.tag == f"{SITEMAP}sitemapindex"
        entries = []
        for loc in index.iter(f"{SITEMAP}loc"):
            child = self.file_for(loc.text)
            assert child is not None, f"sitemap {loc.text} not built"
            urlset = etree.parse(str(child)).getroot()
            assert urlset.tag == f"{SITEMAP}urlset"
            entries.extend(urlset.findall(f"{SITEMAP}url"))
        return entries


def canonical(tree: html.HtmlElement) -> str | None:
    links = tree.xpath('//head/link[@rel="canonical"]/@href')
    assert len(links) <= 1
    return links[0] if links else None


def hreflangs(tree: html.HtmlElement) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')
    }


def by_type(nodes: list[dict], schema_type: str) -> list[dict]:
    return [n for n in nodes if n.get("@type") == schema_type]
