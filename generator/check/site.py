"""The whole built site as the site-wide rules see it: page facts indexed by URL and file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .facts import PageFacts
from .urls import SiteUrls

if TYPE_CHECKING:
    from generator.models.checks import CheckSettings

Alternates = frozenset[tuple[str, str]]


@dataclass(slots=True)
class Site:
    """Facts of every page plus what the sitemap rules learn for the hreflang rules."""

    root: Path
    urls: SiteUrls
    settings: CheckSettings
    pages: dict[str, PageFacts]
    linked: set[str]
    by_path: dict[str, PageFacts] = field(default_factory=dict)
    sitemap_alternates: dict[str, Alternates] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {page.path: page for page in self.pages.values()}

    def page_at(self, url: str) -> PageFacts | None:
        """The page an absolute URL reaches without a redirect, or None."""
        site_path = self.urls.site_path(url)
        if site_path is None:
            return None
        file = self.urls.file_for(site_path)
        return self.by_path.get(file) if file else None


SiteEmit = Callable[[str, str, str], None]
"""`emit(rule_id, url_or_path, message)` for a finding found across pages."""
SiteCheck = Callable[[Site, SiteEmit], None]
