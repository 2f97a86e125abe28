"""URL folders that belong to the build or to another language: content that routes a
page into one (a page with the slug `assets`, an English page with the slug `ar`) would
mix its page with files the build writes there, or take a language's home page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .search import INDEX_FOLDER

Reserved = dict[str, tuple[str | None, str]]

SYSTEM_FOLDERS = {
    "assets": "the theme's scripts and styles",
    "img": "the resized images",
    INDEX_FOLDER: "the search index",
    "sitemaps": "the sitemaps",
}
"""Top-level folders the build writes files into; no page may live there."""

SERVICE_SEGMENTS = {"basket": "inquiry-list", "thanks": "thank-you", "compare": "compare"}
"""URL segment of each language's inquiry-flow pages, by page kind."""
TRUST_SEGMENTS = {"certificates": "certificates", "factory": "factory", "cases": "cases"}
"""URL segment of each language's trust pages, by page kind."""
SITE_PAGES = frozenset((SERVICE_SEGMENTS | TRUST_SEGMENTS).values())
"""URL segments of the site's own pages, which follow each language's prefix."""


def reserved_folders(languages: Iterable[str], prefix_of: Callable[[str], str]) -> Reserved:
    """URL prefix → (the language it belongs to, or None for every language; what it is),
    for `languages` whose URLs start with `prefix_of(lang)` ("" in the root)."""
    folders: Reserved = {
        f"/{name}/": (None, f"/{name}/, the folder of {what}") for name, what in SYSTEM_FOLDERS.items()
    }
    for lang in languages:
        prefix = prefix_of(lang)
        if prefix:
            folders[prefix + "/"] = (lang, f"{prefix}/, the folder of the '{lang}' pages")
    return folders


def reserved_folder(path: str, lang: str, reserved: Reserved) -> str | None:
    """The reserved folder a page of `lang` at `path` would be written into, if any."""
    owner, what = reserved.get("/" + path.split("/")[1] + "/", (lang, None))
    return what if owner != lang else None
