"""Compact, picklable facts about one built page and the per-page check interface.

Workers parse each HTML file once, run the per-page rules on the tree, and send back only
these facts; the site-wide rules (duplicates, canonical targets, hreflang return links,
sitemaps, orphans) work on the facts of every page in the main process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .urls import SiteUrls

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from generator.models.checks import CheckSettings

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Comparison form of a title or description (rule book C0.6): NFKC, collapsed, case-folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def clean_text(text: str) -> str:
    """Visible form of a title or description: whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class PageFacts:
    """What site-wide rules and reports need to know about one page."""

    path: str
    url: str
    lang: str = ""
    title: str = ""
    description: str = ""
    title_length: int = 0
    description_length: int = 0
    canonical: str | None = None
    noindex: bool = False
    redirect: bool = False
    error_page: bool = False
    hreflang: tuple[tuple[str, str], ...] = ()
    page_type: str = "other"
    matrix: str = ""
    """Id of the keyword matrix a landing page comes from (`<article data-matrix>`), if any."""
    words: int = 0
    signature: bytes = b""

    @property
    def self_canonical(self) -> bool:
        return self.canonical is None or self.canonical == self.url

    @property
    def indexable(self) -> bool:
        """C0.5: served as a normal page, no noindex, and canonical absent or pointing to itself."""
        return not (self.noindex or self.redirect or self.error_page) and self.self_canonical

    @property
    def why_not_indexable(self) -> str:
        if self.error_page:
            return "is an error page"
        if self.redirect:
            return "is a meta-refresh redirect"
        if self.noindex:
            return "is noindex"
        return f"canonicalises to {self.canonical}"


@dataclass(frozen=True, slots=True)
class PageEnv:
    """Everything a worker needs besides the page itself (sent once per worker process)."""

    root: Path
    urls: SiteUrls
    settings: CheckSettings
    ui_phrases: frozenset[str] = frozenset()
    """The theme's English UI phrases (i18n.untranslated-ui); none: the rule does not run."""


@dataclass(slots=True)
class Doc:
    """One parsed page inside a worker: the tree, the raw bytes and its elements grouped by tag."""

    raw: bytes
    root: HtmlElement
    head: HtmlElement | None
    facts: PageFacts
    elements: dict[str, list[HtmlElement]]
    linked: set[str] = field(default_factory=set)

    def tags(self, tag: str) -> list[HtmlElement]:
        return self.elements.get(tag, [])

    def in_head(self, element: HtmlElement) -> bool:
        return self.head is not None and element.getparent() is self.head


PageEmit = Callable[[str, str], None]
"""`emit(rule_id, message)` for a finding on the page being checked."""
PageCheck = Callable[[Doc, PageEnv, PageEmit], None]
