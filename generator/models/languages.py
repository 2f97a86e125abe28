"""The site's languages: tags, text direction, and how translation gaps are handled."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from babel import Locale
from pydantic import Field

from .base import LanguageTag, StrictModel, language_chain


class Language(StrictModel):
    code: LanguageTag
    name: str = Field(description="Name shown in the language switcher, in the language itself")
    direction: Literal["ltr", "rtl"] | None = Field(
        default=None, description="Text direction; defaults to the one CLDR gives the language"
    )
    also_serves: list[LanguageTag] = Field(
        default_factory=list,
        description="Further hreflang tags these pages answer for, e.g. [es] on es-MX when it is the "
        "site's only Spanish, so Spanish searchers elsewhere get it rather than x-default",
    )
    fallback: LanguageTag | None = Field(
        default=None,
        description="Language whose theme UI strings stand in for the ones this language's catalog "
        "lacks; each is shown inside an element with that lang. Without it, a missing UI string "
        "is an error",
    )

    @property
    def text_direction(self) -> str:
        return self.direction or _cldr_direction(self.code)


@lru_cache(maxsize=64)
def _cldr_direction(code: str) -> str:
    return Locale.parse(code, sep="-").text_direction


@dataclass(frozen=True)
class ThemeStrings:
    """Which UI messages a theme's catalogs translate, by language tag; the loader passes
    it to validation."""

    name: str
    template: str
    """The theme's messages.pot, as the user sees it."""
    messages: dict[tuple[str | None, str], int]
    """(context, msgid) of every message of the template → its line there."""
    translated: dict[str, frozenset[tuple[str | None, str]]]
    """Language tag → the messages its catalog translates."""
    shown: int = 3
    """Missing messages named in one error."""

    def problem(self, code: str, fallback: str | None = None) -> str | None:
        """Why pages in `code` would show UI text of another language unmarked, or None.
        A message the catalogs of `code` and its broader tags (es for es-MX) lack is a
        problem unless the language declares a `fallback` whose catalog has it."""
        chain = [tag for tag in language_chain(code) if tag in self.translated]
        have = frozenset().union(*(self.translated[tag] for tag in chain))
        if fallback is not None:
            have |= frozenset().union(
                *(self.translated.get(tag, frozenset()) for tag in language_chain(fallback))
            )
        missing = [key for key in self.messages if key not in have]
        if not missing:
            return None
        theme = f"the theme '{self.name}'"
        # Next to the site's own copy of the template, else in the site's override catalogs.
        locale = self.template.rpartition("/")[0] if not self.template.startswith("/") else "locale"
        folder = f"{locale}/{code.replace('-', '_')}/LC_MESSAGES/messages.po"
        if fallback is not None:
            listing = self._listing(missing)
            return f"{theme} catalogs for '{code}' and its fallback '{fallback}' lack {listing}"
        if not chain:
            available = ", ".join(sorted(self.translated))
            return (
                f"{theme} has no UI catalog for '{code}' (has: {available}); add {folder} "
                f"(pybabel init -l {code.replace('-', '_')}) or declare a fallback language for it"
            )
        return (
            f"{theme} catalog for '{code}' lacks {len(missing)} of {len(self.messages)} messages: "
            f"{self._listing(missing)}; translate them in {folder} or declare a fallback language"
        )

    def _listing(self, missing: list[tuple[str | None, str]]) -> str:
        named = [
            f"'{msgid}' ({self.template}:{self.messages[(context, msgid)]})" for context, msgid in missing
        ]
        more = f" and {len(missing) - self.shown} more" if len(missing) > self.shown else ""
        return ", ".join(named[: self.shown]) + more


class MissingTranslations(StrEnum):
    """What happens when content lacks a translation for one of the site's languages."""

    skip = "skip"
    error = "error"


class MachineTranslations(StrEnum):
    """How pages in a machine translation (`translation: machine`, not yet reviewed) are published."""

    noindex = "noindex"
    publish = "publish"
