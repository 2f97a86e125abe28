"""Page titles that fit a search result."""

from __future__ import annotations

import re
from collections.abc import Callable

TITLE_LIMIT = 60
"""Characters of a title a search result shows before cutting it (Screaming Frog's default)."""
SITE_AFFIX = re.compile(r"\s*[|｜·•–—:：-]\s*\{site\}\s*$|^\s*\{site\}\s*[|｜·•–—:：-]\s*")
"""`{site}` with its separator at the end or the start of a title pattern."""


def fit_title(pattern: str, fill: Callable[[str], str], keep_site: bool = False) -> str:
    """`fill(pattern)`, without the site's name when the title would be longer than
    TITLE_LIMIT: the page's own words are what a cut title must keep. `keep_site`: the
    name is the page's subject (the home page)."""
    title = fill(pattern)
    if keep_site or len(title) <= TITLE_LIMIT:
        return title
    shorter = SITE_AFFIX.sub("", pattern, count=1)
    return fill(shorter) if shorter != pattern and shorter.strip() else title
