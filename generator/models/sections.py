"""The first URL segment of product, category and article pages (`sections` in
site.yaml), per language: it must leave room for what else lives below the language's
prefix, or the build would put two pages at one URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import NEUTRAL, field_error, language_key
from .reserved import SITE_PAGES, SYSTEM_FOLDERS

if TYPE_CHECKING:
    from .site import Site

SECTIONS = ("products", "categories", "articles")
"""The sections whose segment follows the language's prefix (tags live below articles)."""


def check_sections(site: Site) -> None:
    """Each segment is free of the site's own pages (/de/compare/), and at the root of the
    build's folders and the other languages' folders (/assets/, /de/); the products and
    the articles index may not share one. The error is at the entry that gives the segment."""
    pages = {segment: f"the URL segment of the site's {segment} page" for segment in SITE_PAGES}
    root = {name: f"the folder of {what}" for name, what in SYSTEM_FOLDERS.items()}
    codes = [language.code for language in site.languages if language.code != site.default_language]
    root |= {code.lower(): f"the folder of the '{code}' pages" for code in codes}
    for language in site.languages:
        in_root = site.default_language_in_root and language.code == site.default_language
        taken = pages | root if in_root else dict(pages)
        chain = site.fallback_chain(language.code)
        for name in SECTIONS:
            segments = site.sections.get(name)  # type: ignore[call-overload]
            given = segments.for_language(chain) if segments else None
            segment = given or name
            what = taken.get(segment)
            if what is not None:
                at = name
                if not given:  # the articles' default segment meets the one given to products
                    at, what = "products", f"the URL segment of the {name} index"
                entries = site.sections[at]  # type: ignore[index]
                key = next((tag for tag in chain if tag in entries), NEUTRAL)
                message = "'{segment}' is {what}; the pages of '{lang}' start with it"
                loc = ("sections", at, *language_key(key))
                raise field_error(message, *loc, segment=segment, what=what, lang=language.code)
            if name == "products":
                taken[segment] = "the URL segment of the products index"
