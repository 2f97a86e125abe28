"""UI strings left in English on a page in another language (issue: no silent fallback).

The theme's English catalog says what its UI reads in English; a phrase of it (two words
or more: single words such as "OEM" are also product data) in the visible text of a page
whose `lang` is not English is an untranslated UI string. Text inside an element whose own
`lang` differs from the page's (a declared fallback, marked as such) is not counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Doc, PageEmit, PageEnv
from ..langtags import primary_language
from ..registry import WARNING, Rule, catalogue

if TYPE_CHECKING:
    from lxml.html import HtmlElement

SHOWN = 3
"""Phrases named in one finding."""

RULES = catalogue(
    Rule("i18n.untranslated-ui", WARNING, "English UI text of the theme on a page in another language",
         "Translate the message in the theme's catalog (locale/LANG/LC_MESSAGES/messages.po) or "
         "declare a fallback language, whose text is marked with its lang",
         "WCAG 2.2 SC 3.1.2 Language of Parts; Google: use the same language for the whole page "
         "(https://developers.google.com/search/docs/specialty/international/managing-multi-regional-sites)."),
)  # fmt: skip


def visible_text(root: HtmlElement, lang: str) -> str:
    """The body's text in `lang`: no scripts or styles, nothing inside an element whose
    nearest `lang` is another language."""
    nodes = root.xpath(
        "//body//text()[not(ancestor::script or ancestor::style)][ancestor::*[@lang][1]/@lang = $lang]",
        lang=lang,
    )
    return " ".join(" ".join(nodes).split())


def english_ui(text: str, phrases: frozenset[str]) -> list[str]:
    """The phrases of `phrases` that `text` contains, longest first."""
    return sorted((phrase for phrase in phrases if phrase in text), key=lambda p: (-len(p), p))


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    lang = doc.facts.lang
    if not env.ui_phrases or not lang or primary_language(lang) == "en":
        return
    found = english_ui(visible_text(doc.root, lang), env.ui_phrases)
    if found:
        named = ", ".join(f"'{phrase}'" for phrase in found[:SHOWN])
        more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        emit("i18n.untranslated-ui", f'English UI text on a lang="{lang}" page: {named}{more}')
