"""RSS 2.0 and Atom feeds of each language's articles, written next to its articles index.

Both list the same newest indexable articles with absolute links; dates come from the
content (midnight UTC of the publication and update days), never from the clock, so
the same input gives byte-identical feeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime

from lxml import etree

from .collections import FEED_SIZE, FEEDS, listed_articles, modified
from .library import Article, Library, PageText
from .render.theme import ThemeBundle, compiled
from .route import RouteTable

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
RSS_FILE, ATOM_FILE = FEEDS


def rfc822(day: date) -> str:
    """RSS dates: `Mon, 07 Dec 2026 00:00:00 +0000`."""
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=UTC))


def rfc3339(day: date) -> str:
    """Atom dates: `2026-12-07T00:00:00Z`."""
    return f"{day.isoformat()}T00:00:00Z"


def write_feeds(
    library: Library, routes: RouteTable, theme: ThemeBundle, write: Callable[[str, bytes], None]
) -> list[str]:
    """Hand both feeds of every language that has an articles index to `write`; return
    their paths relative to the output folder."""
    written = []
    site = library.site
    for lang in site.language_codes:
        index = routes.find("articles", "1", lang)
        if index is None:
            continue
        chain = site.fallback_chain(lang)
        heading = compiled(theme).strings(lang, site.ui_fallback(lang))("Articles").striptags()
        title = f"{site.name.for_language(chain)}: {heading}"
        listed = listed_articles(library, lang)
        entries = [
            (article, text, routes.url(route))
            for article, text in listed
            if (route := routes.find("article", article.key, lang)) is not None and not route.noindex
        ][:FEED_SIZE]
        # An index exists only with articles; the newest change of any of them dates the feed.
        updated = max(modified(article, text) for article, text in listed)
        feed = Feed(library, lang, title, routes.url(index), routes.absolute("/"), entries, updated)
        for name, document in ((RSS_FILE, feed.rss()), (ATOM_FILE, feed.atom())):
            relative = index.output_file.removesuffix("index.html") + name
            xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
            write(relative, xml)
            written.append(relative)
    return written


@dataclass(frozen=True)
class Feed:
    """One language's feed, in either format."""

    library: Library
    lang: str
    title: str
    index_url: str
    home_url: str
    entries: list[tuple[Article, PageText, str]]
    """Article, its version in `lang` and its absolute URL, newest first."""
    updated: date

    @property
    def chain(self) -> tuple[str, ...]:
        return self.library.site.fallback_chain(self.lang)

    @property
    def tagline(self) -> str:
        return self.library.site.tagline.for_language(self.chain) or self.title

    def rss(self) -> etree._Element:
        rss = etree.Element("rss", version="2.0", nsmap={"atom": ATOM_NS, "dc": DC_NS})
        channel = etree.SubElement(rss, "channel")
        _text(channel, "title", self.title)
        _text(channel, "link", self.index_url)
        _text(channel, "description", self.tagline)
        _text(channel, "language", self.lang)
        _text(channel, "lastBuildDate", rfc822(self.updated))
        self_url = self.index_url + RSS_FILE
        etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=self_url, rel="self", type=FEEDS[RSS_FILE][0])
        for article, text, url in self.entries:
            item = etree.SubElement(channel, "item")
            _text(item, "title", text.title)
            _text(item, "link", url)
            _text(item, "guid", url).set("isPermaLink", "true")
            _text(item, "pubDate", rfc822(article.published))
            _text(item, "description", text.description)
            for author in article.authors:
                _text(item, f"{{{DC_NS}}}creator", self.library.site.authors[author].name)
            for tag in article.tags:
                _text(item, "category", self._tag_name(tag))
        return rss

    def atom(self) -> etree._Element:
        feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
        feed.set("{http://www.w3.org/XML/1998/namespace}lang", self.lang)
        _text(feed, f"{{{ATOM_NS}}}id", self.index_url)
        _text(feed, f"{{{ATOM_NS}}}title", self.title)
        _text(feed, f"{{{ATOM_NS}}}subtitle", self.tagline)
        _text(feed, f"{{{ATOM_NS}}}updated", rfc3339(self.updated))
        _link(feed, self.index_url + ATOM_FILE, "self", FEEDS[ATOM_FILE][0])
        _link(feed, self.index_url, "alternate", "text/html")
        organization = self.library.site.organization
        author = etree.SubElement(feed, f"{{{ATOM_NS}}}author")
        _text(author, f"{{{ATOM_NS}}}name", organization.name)
        _text(author, f"{{{ATOM_NS}}}uri", self.home_url)
        for article, text, url in self.entries:
            entry = etree.SubElement(feed, f"{{{ATOM_NS}}}entry")
            _text(entry, f"{{{ATOM_NS}}}id", url)
            _text(entry, f"{{{ATOM_NS}}}title", text.title)
            _link(entry, url, "alternate", "text/html")
            _text(entry, f"{{{ATOM_NS}}}published", rfc3339(article.published))
            _text(entry, f"{{{ATOM_NS}}}updated", rfc3339(modified(article, text)))
            _text(entry, f"{{{ATOM_NS}}}summary", text.description)
            for key in article.authors:
                person = self.library.site.authors[key]
                element = etree.SubElement(entry, f"{{{ATOM_NS}}}author")
                _text(element, f"{{{ATOM_NS}}}name", person.name)
                _text(element, f"{{{ATOM_NS}}}uri", str(person.url))
            for tag in article.tags:
                etree.SubElement(entry, f"{{{ATOM_NS}}}category", term=tag, label=self._tag_name(tag))
        return feed

    def _tag_name(self, tag: str) -> str:
        return self.library.site.article_tags[tag].for_language(self.chain) or tag


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: etree._Element, href: str, rel: str, mime: str) -> None:
    etree.SubElement(parent, f"{{{ATOM_NS}}}link", href=href, rel=rel, type=mime)
