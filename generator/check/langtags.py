"""Validation of language tags in `hreflang` values and `<html lang>` (rule book R3.1, R3.2, R10.1).

Google accepts `x-default` or `language[-Script][-REGION]`: an ISO 639-1 language, an optional
ISO 15924 script and an optional ISO 3166-1 alpha-2 region
(https://developers.google.com/search/docs/specialty/international/localized-versions). The code
lists come from CLDR through Babel; reserved regions such as `UK`, `EU` and `UN` are rejected,
and the usual mistakes get a suggestion.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

COUNTRY_NOT_LANGUAGE = {
    "jp": "ja", "cn": "zh", "kr": "ko", "dk": "da", "gr": "el", "cz": "cs", "ua": "uk",
    "vn": "vi", "us": "en-US", "gb": "en-GB", "iw": "he", "in": "id", "ji": "yi",
}  # fmt: skip
"""Codes often used as languages that are countries (or deprecated), with the intended code."""
RESERVED_REGIONS = {"UK": "GB", "EU": "", "EZ": "", "UN": "", "QO": "", "ZZ": "", "XA": "", "XB": ""}
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})


@cache
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    english = Locale("en")
    languages = frozenset(code for code in english.languages if code.isalpha() and code.islower())
    two_letter = frozenset(code for code in languages if len(code) == 2) - COUNTRY_NOT_LANGUAGE.keys()
    scripts = frozenset(english.scripts)
    regions = frozenset(c for c in english.territories if len(c) == 2 and c.isalpha())
    return two_letter, languages, scripts, regions - RESERVED_REGIONS.keys()


def tag_problem(tag: str, *, hreflang: bool) -> str | None:
    """Why `tag` is not an accepted language tag, with a suggested fix; None when it is fine.

    `hreflang=True` applies Google's hreflang form (two-letter languages, `x-default`);
    otherwise BCP 47 as used by `<html lang>` (also three-letter languages).
    """
    if hreflang and tag.lower() == "x-default":
        return None
    if not tag:
        return "empty language code"
    if "_" in tag:
        return f"'{tag}' uses '_'; use '-' ('{tag.replace('_', '-')}')"
    two_letter, languages, scripts, regions = _tables()
    parts = tag.split("-")
    language = parts[0].lower()
    if language in COUNTRY_NOT_LANGUAGE:
        return f"'{parts[0]}' is not a language code (did you mean '{COUNTRY_NOT_LANGUAGE[language]}'?)"
    if language not in (two_letter if hreflang else languages):
        if hreflang and len(language) == 3 and language in languages:
            return f"'{parts[0]}' is not ISO 639-1; hreflang needs the two-letter code"
        return f"'{parts[0]}' is not a known language code"
    rest = parts[1:]
    if rest and len(rest[0]) == 4:
        if rest[0].title() not in scripts:
            return f"'{rest[0]}' is not an ISO 15924 script"
        rest = rest[1:]
    if rest:
        region = rest[0].upper()
        if region in RESERVED_REGIONS:
            better = RESERVED_REGIONS[region]
            suggestion = f" (use '{language}-{better}')" if better else f" (use a country or '{language}')"
            return f"'{rest[0]}' is a reserved code, not a country{suggestion}"
        if not (len(region) == 3 and region.isdigit()) and region not in regions:
            return f"'{rest[0]}' is not an ISO 3166-1 alpha-2 region"
        rest = rest[1:]
    if rest:
        return f"unexpected subtag '{rest[0]}' in '{tag}'"
    return None


def primary_language(tag: str) -> str:
    """The language subtag, lower-cased (`de-AT` → `de`)."""
    return tag.split("-")[0].split("_")[0].lower()


def is_cjk(tag: str) -> bool:
    """Chinese, Japanese and Korean: character-count limits do not apply (rule book R1.3)."""
    return primary_language(tag) in CJK_LANGUAGES
