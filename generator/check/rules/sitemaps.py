"""XML sitemaps and robots.txt (rule book R4, sitemaps.org protocol).

Sitemaps are found through robots.txt `Sitemap:` lines and `sitemap*.xml` files at the site
root, then followed through sitemap indexes. robots.txt is evaluated with the standard
library's `urllib.robotparser` for Googlebot.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from lxml import etree

from ..registry import ERROR, WARNING, Rule, catalogue
from ..site import Site, SiteEmit
from ..urls import normalize

PROTOCOL = "https://www.sitemaps.org/protocol.html"
ROBOTS_SPEC = "https://developers.google.com/crawling/docs/robots-txt/robots-txt-spec"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
MAX_BYTES = 52_428_800
READ_BYTES = 2 * 1024 * 1024
"""What Googlebot documents reading of a file; it does not say whether sitemaps are exempt."""
CRAWLER = "Googlebot"
W3C_DATETIME = re.compile(
    r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$"
)

RULES = catalogue(
    Rule("robots.missing", WARNING, "no robots.txt", "Emit robots.txt with a Sitemap: line",
         f"R4.13 (policy): a missing robots.txt means 'crawl all' but loses the Sitemap: line "
         f"({ROBOTS_SPEC})."),
    Rule("robots.no-sitemap", WARNING, "robots.txt has no Sitemap: line",
         "Add 'Sitemap: https://…/sitemap.xml' to robots.txt", f"R4.14: sitemaps.org ({PROTOCOL})."),
    Rule("robots.sitemap-unresolved", ERROR, "robots.txt names a sitemap that is not built or not absolute",
         "List the absolute URL of a built sitemap", f"R4.14: a full URL is required ({PROTOCOL})."),
    Rule("robots.blocks-sitemap-url", ERROR, "robots.txt disallows a URL the sitemap lists",
         "Remove the Disallow rule or drop the URL from the sitemap",
         f"R4.15: blocked URLs cannot be crawled ({ROBOTS_SPEC}; Lighthouse is-crawlable)."),
    Rule("sitemap.none", ERROR, "no sitemap found", "Build sitemap.xml and reference it from robots.txt",
         "R4.7: https://developers.google.com/search/docs/crawling-indexing/sitemaps/build-sitemap"),
    Rule("sitemap.parse", ERROR, "sitemap is not well-formed XML or not readable",
         "Serialise sitemaps with an XML library (escape &, <, >)", f"R4.1/R4.2 ({PROTOCOL})."),
    Rule("sitemap.namespace", ERROR, "root is not urlset/sitemapindex in the sitemaps.org 0.9 namespace",
         f"Declare xmlns=\"{SITEMAP_NS}\" on the root", f"R4.1 ({PROTOCOL})."),
    Rule("sitemap.nested-index", ERROR, "sitemap index lists another sitemap index",
         "Let indexes list only urlset files",
         "R4.4: https://developers.google.com/search/docs/crawling-indexing/sitemaps/large-sitemaps"),
    Rule("sitemap.child-unresolved", ERROR, "sitemap index lists a sitemap that is not built",
         "Write every child sitemap the index lists", f"R4.4 ({PROTOCOL})."),
    Rule("sitemap.too-large", ERROR, "sitemap has more than 50,000 entries or 50 MB uncompressed",
         "Split the sitemap and list the parts in a sitemap index", f"R4.3/R4.4 ({PROTOCOL})."),
    Rule("sitemap.large", WARNING, "sitemap over 2 MB uncompressed",
         "Split it into smaller sitemaps listed by the index (pseo build writes shards of at most 2 MB)",
         "R4.3 (policy): Googlebot documents reading the first 2 MB of a file "
         "(https://developers.google.com/search/docs/crawling-indexing/googlebot)."),
    Rule("sitemap.loc-invalid", ERROR, "<loc> missing, relative, not https, on another host or not encoded",
         "Write absolute, percent-encoded https URLs on the base host", f"R4.2/R4.5 ({PROTOCOL})."),
    Rule("sitemap.loc-unresolved", ERROR, "<loc> is not a built page", "List only URLs of built pages",
         "R4.6: Ahrefs '4XX page in sitemap'."),
    Rule("sitemap.loc-not-indexable", ERROR, "<loc> is noindex, canonicalised, a redirect or an error page",
         "List only indexable, self-canonical pages",
         "R4.6/R2.7/R5.4: Ahrefs 'Noindex page in sitemap', 'Non-canonical page in sitemap'."),
    Rule("sitemap.lastmod-invalid", ERROR, "<lastmod> is not a W3C datetime or lies in the future",
         "Write YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+00:00 from the content's real change date",
         "R4.8: https://www.w3.org/TR/NOTE-datetime"),
    Rule("sitemap.duplicate-loc", WARNING, "same <loc> listed more than once",
         "List each URL in exactly one sitemap", "R4.6: SF 'URLs In Multiple Sitemaps'."),
    Rule("sitemap.missing-page", ERROR, "indexable page not listed in any sitemap",
         "Add every indexable page to the sitemap",
         "R4.7 (policy): SF 'URLs Not In Sitemap'; Ahrefs 'Indexable page not in sitemap'."),
)  # fmt: skip


def _robots(site: Site, emit: SiteEmit) -> tuple[RobotFileParser | None, list[str]]:
    path = site.root / "robots.txt"
    if not path.is_file():
        emit("robots.missing", "robots.txt", "no robots.txt at the site root")
        return None, []
    parser = RobotFileParser()
    parser.parse(path.read_text("utf-8", errors="replace").splitlines())
    listed = parser.site_maps() or []
    if not listed:
        emit("robots.no-sitemap", "robots.txt", "no Sitemap: line")
    found = []
    for url in listed:
        file = site.urls.file_for(site.urls.site_path(url) or "\0") if urlsplit(url).scheme else None
        if file is None:
            emit("robots.sitemap-unresolved", "robots.txt", f"Sitemap: {url} is not a built file")
        else:
            found.append(file)
    return parser, found


def _read(site: Site, file: str, emit: SiteEmit) -> etree._Element | None:
    raw = (site.root / file).read_bytes()
    try:
        if file.endswith(".gz"):
            raw = gzip.decompress(raw)
        if len(raw) > MAX_BYTES:
            emit("sitemap.too-large", file, f"{len(raw):,} bytes uncompressed (limit {MAX_BYTES:,})")
        elif len(raw) > READ_BYTES:
            emit("sitemap.large", file, f"{len(raw):,} bytes uncompressed (Googlebot reads {READ_BYTES:,})")
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        emit("sitemap.parse", file, str(exc))
        return None
    if etree.QName(root).namespace != SITEMAP_NS or etree.QName(root).localname not in {
        "urlset",
        "sitemapindex",
    }:
        emit("sitemap.namespace", file, f"root element is {root.tag}")
        return None
    return root


def _lastmod_problem(value: str, today: date) -> str | None:
    match = W3C_DATETIME.match(value)
    if not match:
        return f"'{value}' is not W3C datetime"
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
        if match[4]:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"'{value}' is not a real date"
    return f"'{value}' is in the future" if (day - today).days > 1 else None


def _loc_problem(site: Site, loc: str) -> str | None:
    parts = urlsplit(loc)
    if not loc:
        return "empty <loc>"
    if any(ch.isspace() or ord(ch) > 127 for ch in loc):
        return f"'{loc}' has raw spaces or non-ASCII characters"
    if not parts.scheme or not parts.netloc:
        return f"'{loc}' is not absolute"
    if parts.scheme != "https" or parts.netloc.lower() != site.urls.origin[1]:
        return f"'{loc}' is not on https://{site.urls.origin[1]}"
    return None


def check_site(site: Site, emit: SiteEmit) -> None:
    """R4.1-R4.8, R4.13-R4.15: parse robots.txt and every sitemap, then compare with the pages."""
    robots, queue = _robots(site, emit)
    if not queue:
        queue = sitemap_files(site.root)
    if not queue:
        emit("sitemap.none", "sitemap.xml", "no sitemap in robots.txt or at the site root")
        return
    seen_files: set[str] = set()
    listed: Counter[str] = Counter()
    today = date.today()
    while queue:
        file = queue.pop(0)
        if file in seen_files:
            continue
        seen_files.add(file)
        root = _read(site, file, emit)
        if root is None:
            continue
        entries = root.findall(f"{{{SITEMAP_NS}}}url") + root.findall(f"{{{SITEMAP_NS}}}sitemap")
        if len(entries) > MAX_URLS:
            emit("sitemap.too-large", file, f"{len(entries):,} entries (limit {MAX_URLS:,})")
        is_index = etree.QName(root).localname == "sitemapindex"
        for entry in entries:
            loc = (entry.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
            if problem := _loc_problem(site, loc):
                emit("sitemap.loc-invalid", file, problem)
                continue
            lastmod = entry.findtext(f"{{{SITEMAP_NS}}}lastmod")
            if lastmod is not None and (problem := _lastmod_problem(lastmod.strip(), today)):
                emit("sitemap.lastmod-invalid", file, f"{loc}: {problem}")
            if is_index:
                _child(site, file, loc, queue, emit)
            else:
                _url_entry(site, file, loc, entry, listed, robots, emit)
    for url, count in listed.items():
        if count > 1:
            emit("sitemap.duplicate-loc", url, f"listed {count} times")
    for page in site.pages.values():
        if page.indexable and page.url not in listed:
            emit("sitemap.missing-page", page.url, "indexable page not in any sitemap")


def _child(site: Site, file: str, loc: str, queue: list[str], emit: SiteEmit) -> None:
    child = site.urls.file_for(site.urls.site_path(loc) or "\0")
    if child is None:
        emit("sitemap.child-unresolved", file, f"{loc} is not a built file")
        return
    head = (site.root / child).read_bytes()[:512] if not child.endswith(".gz") else b""
    if b"sitemapindex" in head:
        emit("sitemap.nested-index", file, f"{loc} is itself a sitemap index")
        return
    queue.append(child)


def _url_entry(
    site: Site,
    file: str,
    loc: str,
    entry: etree._Element,
    listed: Counter[str],
    robots: RobotFileParser | None,
    emit: SiteEmit,
) -> None:
    url = normalize(loc)
    listed[url] += 1
    page = site.page_at(url)
    if page is None:
        if not _built_document(site, url):  # a PDF has no HTML to judge, it only has to exist
            emit("sitemap.loc-unresolved", url, f"listed in {file} but not a built page")
    elif page.url != url or not page.indexable:
        why = "is not the page's own URL" if page.url != url else page.why_not_indexable
        emit("sitemap.loc-not-indexable", url, f"listed in {file} but {why}")
    if robots is not None and not robots.can_fetch(CRAWLER, loc):
        emit("robots.blocks-sitemap-url", url, f"listed in {file} but disallowed for {CRAWLER}")
    alternates = entry.findall(f"{{{XHTML_NS}}}link")
    if alternates:
        site.sitemap_alternates[url] = frozenset(
            ((link.get("hreflang") or "").strip().lower(), normalize(link.get("href") or ""))
            for link in alternates
            if link.get("hreflang") is not None
        )


def _built_document(site: Site, url: str) -> bool:
    """True when `url` is a built PDF (a datasheet or catalog) rather than a page."""
    site_path = site.urls.site_path(url)
    file = site.urls.file_for(site_path) if site_path is not None else None
    return file is not None and file.endswith(".pdf")


def sitemap_files(root: Path) -> list[str]:
    """Sitemap files at the root of a built site (used when robots.txt names none)."""
    return sorted(p.name for p in root.glob("sitemap*.xml*") if p.is_file())
