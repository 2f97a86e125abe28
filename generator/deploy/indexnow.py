"""IndexNow: tell search engines which pages were added, changed or removed.

The pages come from the difference of two deploy manifests; each page's URL is its
folder's (`products/x/index.html` → `https://host/products/x/`). Pages a search engine
should not index are left out: noindex pages, alias redirect stubs (noindex too) and
pages whose canonical URL is another page's; 404 pages are not `index.html` files.
The built HTML says which is which. A removed page is submitted so that engines drop
it, unless the old build is at hand and shows it was never indexable.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from lxml import html

from ..manifest import ManifestDiff
from ..route import absolute

MAX_URLS_PER_REQUEST = 10_000
"""The protocol's limit for one POST."""

PAGE = "index.html"

_REFUSALS = {
    400: "the request is malformed",
    403: "the key is not valid: {key_location} must be live and hold the key (deploy the build first)",
    422: "the URLs do not belong to {host}, or the key does not match the protocol",
    429: "too many requests (the engine suspects spam); submit again later",
}
"""What an IndexNow endpoint means by each refusal (indexnow.org/documentation)."""


class PingError(Exception):
    """A submission failed; the message says why on one line."""


@dataclass(frozen=True)
class PageChanges:
    added: list[str]
    changed: list[str]
    removed: list[str]
    """Absolute URLs of indexable pages."""

    @property
    def urls(self) -> list[str]:
        return [*self.added, *self.changed, *self.removed]


def page_url(origin: str, relative: str) -> str | None:
    """The URL an output file is served at, if it is a page (`index.html`)."""
    if relative != PAGE and not relative.endswith("/" + PAGE):
        return None
    return absolute(origin, "/" + quote(relative.removesuffix(PAGE), safe="/"))


def is_indexable(file: Path, url: str) -> bool:
    """True unless the page's head asks not to be indexed or names another canonical URL."""
    head = file.read_bytes().partition(b"</head>")[0]
    if not head.strip():
        return True
    tree = html.fromstring(head + b"</head></html>")
    for robots in tree.xpath('//meta[translate(@name, "ROBTS", "robts")="robots"]/@content'):
        if {"noindex", "none"} & {rule.strip() for rule in robots.lower().split(",")}:
            return False
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    return not canonical or unquote(canonical[0]) == unquote(url)


def page_changes(
    diff: ManifestDiff, origin: str, new_folder: Path, old_folder: Path | None = None
) -> PageChanges:
    """The indexable pages of `diff`, read from the new build (and the old one, when at
    hand, for removed pages)."""

    def indexable(folder: Path | None, relative: str, url: str) -> bool:
        """Unknown without the folder: then a removed page is assumed to have been."""
        file = folder / relative if folder else None
        return file is None or not file.is_file() or is_indexable(file, url)

    def urls(paths: Iterable[str], *folders: Path | None) -> list[str]:
        found = []
        for relative in paths:
            url = page_url(origin, relative)
            if url is not None and any(indexable(folder, relative, url) for folder in folders):
                found.append(url)
        return found

    # A page that became noindex is submitted when the old build shows it was indexable,
    # so that engines recrawl it and drop it.
    return PageChanges(
        added=urls(diff.added, new_folder),
        changed=urls(diff.changed, new_folder, *([old_folder] if old_folder else [])),
        removed=urls(diff.removed, old_folder),
    )


Post = Callable[[str, bytes], int]
"""Sends a JSON body to an endpoint and returns the HTTP status."""


def post_json(endpoint: str, body: bytes) -> int:
    request = urllib.request.Request(
        endpoint, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PingError(f"{endpoint}: cannot reach the endpoint ({reason})") from None


def submit(urls: list[str], origin: str, key: str, endpoint: str, post: Post = post_json) -> list[int]:
    """POST `urls` in batches of at most 10,000; return each batch's status (200, or 202
    when the engine validates the key later). Raise PingError at the first refusal."""
    host = urlsplit(origin).netloc
    key_location = absolute(origin, f"/{key}.txt")
    statuses = []
    for start in range(0, len(urls), MAX_URLS_PER_REQUEST):
        batch = urls[start : start + MAX_URLS_PER_REQUEST]
        body = {"host": host, "key": key, "keyLocation": key_location, "urlList": batch}
        status = post(endpoint, json.dumps(body).encode())
        if status not in (200, 202):
            meaning = _REFUSALS.get(status, "unexpected answer").format(host=host, key_location=key_location)
            sent = f" ({start} of {len(urls)} URLs were submitted before)" if start else ""
            raise PingError(f"{endpoint} answered {status}: {meaning}{sent}")
        statuses.append(status)
    return statuses
