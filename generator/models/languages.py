"""The site's languages: tags, text direction, and how translation gaps are handled."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from babel import Locale
from pydantic import Field

from .base import LanguageTag, StrictModel, language_chain, listing


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

    @property
    def text_direction(self) -> str:
        return self.direction or _cldr_direction(self.code)


@lru_cache(maxsize=64)
def _cldr_direction(code: str) -> str:
    return Locale.parse(code, sep="-").text_direction


@dataclass(frozen=True)
class ThemeStrings:
    """Which UI strings a theme has, by language tag; the loader passes it to validation."""

    name: str
    keys: dict[str, frozenset[str]]
    """Keys of each strings file (`i18n/<tag>.yaml`), by tag."""
    reference: str = "en"
    """The file every other one is complete against."""

    def problem(self, code: str) -> str | None:
        """Why pages in `code` would show text of another language, or None."""
        chain = [tag for tag in language_chain(code) if tag in self.keys]
        theme = f"the theme '{self.name}'"
        if not chain:
            available = ", ".join(sorted(self.keys))
            return (
                f"{theme} has no UI strings for '{code}' (has: {available}); "
                f"add themes/{self.name}/i18n/{code}.yaml with the keys of {self.reference}.yaml"
            )
        missing = self.keys.get(self.reference, frozenset()).difference(*(self.keys[tag] for tag in chain))
        if missing and self.reference not in chain:
            return f"{theme} UI strings for '{code}' ({chain[0]}.yaml) lack {listing(sorted(missing))}"
        return None


class MissingTranslations(StrEnum):
    """What happens when content lacks a translation for one of the site's languages."""

    skip = "skip"
    error = "error"


class MachineTranslations(StrEnum):
    """How pages in a machine translation (`translation: machine`, not yet reviewed) are published."""

    noindex = "noindex"
    publish = "publish"
