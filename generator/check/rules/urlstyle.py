"""URL hygiene of the built pages: case, spaces, double slashes, one trailing-slash style (R10.8/R10.9)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, urlsplit

from ..registry import ERROR, WARNING, Rule, catalogue
from ..site import Site, SiteEmit

URL_STRUCTURE = "https://developers.google.com/search/docs/crawling-indexing/url-structure"

RULES = catalogue(
    Rule("urls.uppercase", WARNING, "URL path contains upper-case letters",
         "Lower-case slugs in the generator", f"R10.9: SF 'URL: Uppercase' ({URL_STRUCTURE})."),
    Rule("urls.space", ERROR, "URL path contains a space", "Replace spaces in slugs with hyphens",
         f"R10.9: SF 'URL: Contains A Space', Issue ({URL_STRUCTURE})."),
    Rule("urls.double-slash", ERROR, "URL path contains //", "Remove empty path segments",
         "R10.9: SF 'URL: Multiple Slashes', Issue."),
    Rule("urls.trailing-slash", WARNING, "page URL style differs from the site's majority",
         "Use one style for all pages: /dir/ (index.html) or /name.html",
         "R10.8: https://developers.google.com/search/blog/2010/04/to-slash-or-not-to-slash"),
)  # fmt: skip


def _style(path: str) -> str:
    if path.endswith("/"):
        return "directory (/x/)"
    return "file (/x.html)" if path.endswith(".html") else "extensionless (/x)"


def check_site(site: Site, emit: SiteEmit) -> None:
    """R10.8/R10.9 on every page URL (redirect stubs and error pages keep their own names)."""
    styles: dict[str, str] = {}
    for page in site.pages.values():
        path = unquote(urlsplit(page.url).path)
        if any(ch.isupper() for ch in path):
            emit("urls.uppercase", page.url, f"path '{path}' has upper-case letters")
        if " " in path:
            emit("urls.space", page.url, f"path '{path}' contains a space")
        if "//" in path:
            emit("urls.double-slash", page.url, f"path '{path}' contains //")
        if path != site.urls.prefix and not (page.redirect or page.error_page):
            styles[page.url] = _style(path)
    if not styles:
        return
    majority, _ = Counter(styles.values()).most_common(1)[0]
    for url, style in styles.items():
        if style != majority:
            emit("urls.trailing-slash", url, f"{style} while most pages use {majority}")
