"""All rule families: their catalogues and their per-page and site-wide checks.

Per-page checks run in worker processes on the parsed tree, in this order (later checks read
facts earlier ones set: structured data settles the page type before content falls back to
the URL). Site-wide checks run in the main process; sitemaps come before hreflang, which
compares the sitemap's alternates with the pages'.
"""

from __future__ import annotations

from ..facts import PageCheck
from ..registry import Rule
from ..site import SiteCheck
from . import (
    basics,
    canonical,
    content,
    hreflang,
    i18n,
    links,
    sitemaps,
    structured,
    structured_offers,
    urlstyle,
)

FAMILIES = (
    basics,
    canonical,
    hreflang,
    sitemaps,
    links,
    structured,
    structured_offers,
    content,
    urlstyle,
    i18n,
)

RULES: dict[str, Rule] = {rule.id: rule for family in FAMILIES for rule in family.RULES.values()}
"""Every rule by id (ids are unique across families)."""

PAGE_CHECKS: tuple[PageCheck, ...] = (
    basics.check_page,
    canonical.check_page,
    hreflang.check_page,
    links.check_page,
    structured.check_page,
    content.check_page,
    i18n.check_page,
)
SITE_CHECKS: tuple[SiteCheck, ...] = (
    basics.check_site,
    canonical.check_site,
    sitemaps.check_site,
    hreflang.check_site,
    links.check_site,
    content.check_site,
    urlstyle.check_site,
)

if len(RULES) != sum(len(family.RULES) for family in FAMILIES):
    raise RuntimeError("two rule families define the same rule id")
