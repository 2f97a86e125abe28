"""Mapping between public URLs and files of the built site, the way a static host serves them.

`/a/b/` is served from `a/b/index.html`, any other path from the file of the same name. A path
without the trailing slash whose directory has an `index.html` is answered by a redirect on
common static hosts, so it is reported separately from a broken link. Comparisons use a light
RFC 3986 normalisation (rule book C0.3): lower-case scheme and host, no fragment, consistent
percent-encoding, path case and trailing slash kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def normalize(url: str) -> str:
    """Canonical comparison form of an absolute URL (C0.3); relative input is returned as is."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    netloc = parts.netloc.lower()
    scheme = parts.scheme.lower()
    if (scheme, netloc.rsplit(":", 1)[-1]) in {("https", "443"), ("http", "80")}:
        netloc = netloc.rsplit(":", 1)[0]
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


@dataclass(frozen=True, slots=True)
class SiteUrls:
    """The site's public address plus the set of built files (paths relative to the site root)."""

    base_url: str
    files: frozenset[str]
    origin: tuple[str, str] = field(init=False)
    prefix: str = field(init=False)
    _cache: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        path = parts.path or "/"
        object.__setattr__(self, "origin", (parts.scheme.lower(), parts.netloc.lower()))
        object.__setattr__(self, "prefix", path if path.endswith("/") else path + "/")
        object.__setattr__(self, "_cache", {})

    def url_of(self, path: str) -> str:
        """Public URL of the built file `path` (`a/index.html` → `…/a/`)."""
        if path == "index.html" or path.endswith("/index.html"):
            path = path[: -len("index.html")]
        scheme, netloc = self.origin
        return urlunsplit((scheme, netloc, quote(self.prefix + path, safe=_PATH_SAFE), "", ""))

    def is_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.netloc.lower() == self.origin[1]) and parts.scheme.lower() in {"http", "https"}

    def site_path(self, url: str, base: str | None = None) -> str | None:
        """Path relative to the site root that `url` (resolved against `base`) names.

        None for other hosts, non-HTTP schemes (mailto:, tel:, data:) and paths outside the
        base URL's prefix. Root-relative and absolute URLs do not depend on `base`, so their
        answers are memoised: navigation repeats the same few hundred URLs on every page.
        """
        url = url.strip()
        if url.startswith("/") or "://" in url[:12]:
            if url in self._cache:
                return self._cache[url]
            answer = self._site_path(url, self.base_url)
            if len(self._cache) < 200_000:
                self._cache[url] = answer
            return answer
        return self._site_path(url, base)

    def _site_path(self, url: str, base: str | None) -> str | None:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in {"http", "https"} or parts.netloc.lower() != self.origin[1]:
            return None
        path = unquote(parts.path) or "/"
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def file_for(self, site_path: str) -> str | None:
        """The built file serving `site_path` without a redirect, or None."""
        candidate = site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path
        return candidate if candidate in self.files else None

    def redirects_to_directory(self, site_path: str) -> bool:
        """True when `site_path` lacks only the trailing slash of a directory with an index.html."""
        return bool(site_path) and not site_path.endswith("/") and f"{site_path}/index.html" in self.files
