"""UI strings of one page language, looked up in the theme's compiled gettext catalogs.

Catalog text is text, not markup: it is escaped like any other value, and so are the
values filled into its `%(name)s` placeholders; the result is Markup, ready for a template.
A message the page language lacks is taken from the site's declared fallback language and
wrapped in an element carrying that language's `lang`, so no English passes for Russian.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property, lru_cache
from gettext import GNUTranslations, NullTranslations
from io import BytesIO
from typing import Any, TypeVar

from markupsafe import Markup, escape

from ..formatting import locale_for


def counted(singular: str, plural: str) -> tuple[str, str]:
    """A counted unit's English names: marks the pair for `pybabel extract -k counted:1,2`."""
    return singular, plural


COUNTED_UNITS: dict[str, tuple[str, str]] = {
    "C62": counted("piece", "pieces"),
    "H87": counted("piece", "pieces"),
    "SET": counted("set", "sets"),
    "PR": counted("pair", "pairs"),
    "DZN": counted("dozen", "dozen"),
    "XBX": counted("box", "boxes"),
    "XCT": counted("carton", "cartons"),
    "XPX": counted("pallet", "pallets"),
}
"""Counted units (UN/CEFACT code → the catalog's plural message); CLDR names the
measured ones (kg, m) but has no pieces, sets or cartons."""
SAMPLE_SEARCH = 1000
"""Numbers tried to find one of each CLDR plural category the unit names are keyed by."""


class Missing(LookupError):
    """A message the catalogs of the page language do not have."""


class _Absent(NullTranslations):
    """End of a language's catalog chain: a miss raises instead of returning the msgid."""

    def gettext(self, message: str) -> str:
        raise Missing(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise Missing(msgid1)

    def pgettext(self, context: str, message: str) -> str:
        raise Missing(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        raise Missing(msgid1)


def catalog_chain(compiled: list[bytes]) -> GNUTranslations | NullTranslations:
    """Compiled catalogs, most specific first (es-MX, then es), as one lookup that
    raises Missing for a message none of them has."""
    chain: GNUTranslations | NullTranslations = _Absent()
    for data in reversed(compiled):
        translations = GNUTranslations(BytesIO(data))
        translations.add_fallback(chain)
        chain = translations
    return chain


Made = TypeVar("Made")

MADE_LIMIT = 8192
"""Texts `Strings.once` keeps per language before starting afresh: far more than the
distinct tier breaks, lead times and sample terms of a large catalog."""


class Strings:
    """The `t` of templates and views: gettext, ngettext, pgettext and npgettext that
    return escaped, formatted Markup."""

    def __init__(self, lang: str, own: GNUTranslations | NullTranslations, fallback: tuple[str, Any] | None):
        self.lang = lang
        self.own = own
        self.fallback = fallback
        """(language, its catalog chain) a missing message is taken from, marked with its lang."""
        self._looked_up: dict[tuple[Any, ...], Markup] = {}
        """Messages found so far: a theme's Strings serve every page of its language."""
        self._made: dict[Hashable, Any] = {}

    def _find(self, method: str, *args: Any) -> tuple[str, str]:
        """The message's text and the language it is in."""
        try:
            return getattr(self.own, method)(*args), self.lang
        except Missing:
            pass
        if self.fallback is not None:
            lang, catalogs = self.fallback
            try:
                return getattr(catalogs, method)(*args), lang
            except Missing:
                pass
        return getattr(NullTranslations(), method)(*args), "en"  # msgids are English

    def _lookup(self, method: str, *args: Any) -> Markup:
        found = self._looked_up.get((method, *args))
        if found is None:
            text, lang = self._find(method, *args)
            if lang == self.lang:
                found = escape(text)
            else:
                direction = locale_for(lang).text_direction
                found = Markup('<span lang="{}" dir="{}">{}</span>').format(lang, direction, text)
            self._looked_up[(method, *args)] = found
        return found

    def once(self, key: Hashable, make: Callable[[], Made]) -> Made:
        """`make()` the first time `key` is asked for in this worker, then the same text:
        what many products format alike (a tier's quantities, a lead time) costs one
        formatting per language, not one per product and page. `make` may use only these
        strings and the language's `Formats`, which depend on nothing else."""
        if key in self._made:
            return self._made[key]
        if len(self._made) >= MADE_LIMIT:
            self._made.clear()
        made = self._made[key] = make()
        return made

    def lang_attribute(self, message: str) -> Markup:
        """` lang="en"` when `message` is shown in a fallback language, for an element
        that holds text only (`<option>`), where no marked span may go."""
        lang = self._find("gettext", message)[1]
        return Markup(' lang="{}"').format(lang) if lang != self.lang else Markup("")

    def _filled(self, values: dict[str, Any], method: str, *args: Any) -> Markup:
        """The message with `values` filled in; without values, filled once (`%%` → `%`)."""
        if values:
            return self._lookup(method, *args) % values
        key = ("filled", method, *args)
        if key not in self._looked_up:
            self._looked_up[key] = self._lookup(method, *args) % values
        return self._looked_up[key]

    def gettext(self, message: str, **values: Any) -> Markup:
        return self._filled(values, "gettext", message)

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> Markup:
        return self._lookup("ngettext", singular, plural, count) % {"num": count, **values}

    def pgettext(self, context: str, message: str, **values: Any) -> Markup:
        return self._filled(values, "pgettext", context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int, **values: Any) -> Markup:
        return self._lookup("npgettext", context, singular, plural, count) % {"num": count, **values}

    @property
    def callables(self) -> dict[str, Callable[..., Markup]]:
        """What `{% trans %}` and `_()` call in a template (jinja2.ext.i18n, newstyle)."""
        return {
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "pgettext": self.pgettext,
            "npgettext": self.npgettext,
        }

    @cached_property
    def units(self) -> dict[str, dict[str, str]]:
        """Counted unit names by code and CLDR plural category, as `Formats` looks them up
        (plain text: a quantity is text, and a fallback unit name is not marked)."""
        samples = _plural_samples(self.lang)
        return {
            code: {tag: self.ngettext(one, other, n).striptags() for tag, n in samples.items()}
            for code, (one, other) in COUNTED_UNITS.items()
        }


@lru_cache(maxsize=64)
def _plural_samples(lang: str) -> dict[str, int]:
    """A whole number of each plural category of `lang` that whole numbers reach."""
    rule = locale_for(lang).plural_form
    samples: dict[str, int] = {}
    for number in range(SAMPLE_SEARCH):
        samples.setdefault(rule(number), number)
    return samples
