"""Building blocks shared by every content model.

Content files are edited by hand, so every model forbids unknown keys (a typo must
never be silently ignored) and the reusable field types below carry their own rules.
Rules that need the site's configuration (which languages exist, the default
currency) read it from the validation context that the loader passes in.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError, core_schema

from ..errors import Loc, format_loc
from .currency import CurrencyCode as CurrencyCode
from .visible import blank

NEUTRAL = "*"
"""Key under which a language-neutral text (a plain string in YAML) is stored."""


def field_error(message: str, *sub_loc: str | int, **context: Any) -> PydanticCustomError:
    """An error whose location is `sub_loc` below the field being validated.

    Pydantic reports validator errors at the field (or model) that owns the
    validator; the loader appends `sub_loc` so the message points at the exact
    YAML node, e.g. `price_tiers[1].min_qty` instead of `price_tiers`.
    """
    return PydanticCustomError("content", message, {**context, "loc": sub_loc})


def printable(text: str) -> str:
    """`text` with control characters escaped (`\\n`), so a message quoting it stays one line."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class StrictModel(BaseModel):
    """Base for all content models: unknown keys are errors. A number where a text is
    expected (`gtin: 6941123000055`, `number: 2023010105`) is that text: the loader keeps
    every number YAML would rewrite (`0123`, `8481.80`) as written, so nothing is lost."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True, coerce_numbers_to_str=True
    )


def canonical_language_tag(tag: str) -> str:
    """Return the canonical BCP 47 form of `tag` or raise ValueError with a hint."""
    if "_" in tag:
        raise ValueError(f"'{tag}' uses '_'; BCP 47 tags use '-' (did you mean '{tag.replace('_', '-')}'?)")
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"'{tag}' is not a known BCP 47 language tag") from None
    canonical = "-".join(p for p in (locale.language, locale.script, locale.territory) if p)
    if canonical != tag:
        raise ValueError(f"'{tag}' is not a canonical language tag (did you mean '{canonical}'?)")
    return canonical


def _check_language_tag(tag: str) -> str:
    try:
        return canonical_language_tag(tag)
    except ValueError as exc:
        raise PydanticCustomError("language_tag", str(exc)) from None


LanguageTag = Annotated[
    str,
    AfterValidator(_check_language_tag),
    Field(description="BCP 47 language tag: language[-Script][-REGION], e.g. en, de, zh-Hans, en-GB"),
]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=80,
        description="Lowercase ASCII words separated by hyphens; part of the URL",
    ),
]
Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=4)]
MAX_COUNT = 10**12
"""Largest quantity or count a catalog may state: far above any real order, and small
enough for every number format (a 30-digit quantity cannot be formatted)."""
Count = Annotated[int, Field(gt=0, le=MAX_COUNT)]
"""A positive whole number of things: pieces, metres, packages, employees."""
Days = Annotated[int, Field(gt=0, le=3650)]
"""A number of days, at most ten years."""
Measure = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=4)]
"""A positive length or weight, as written (no float rounding)."""

UNIT_CODES: dict[str, str] = {
    "C62": "piece",
    "H87": "piece",
    "SET": "set",
    "PR": "pair",
    "DZN": "dozen",
    "MTR": "metre",
    "MTK": "square metre",
    "MTQ": "cubic metre",
    "KGM": "kilogram",
    "TNE": "tonne",
    "LTR": "litre",
    "XBX": "box",
    "XCT": "carton",
    "XPX": "pallet",
}
"""UN/CEFACT Recommendation 20 common codes accepted for quantities (schema.org unitCode)."""


def _check_unit_code(code: str) -> str:
    if code not in UNIT_CODES:
        raise PydanticCustomError(
            "unit_code",
            "'{code}' is not a supported UN/CEFACT unit code (use one of {codes})",
            {"code": code, "codes": ", ".join(UNIT_CODES)},
        )
    return code


UnitCode = Annotated[
    str,
    AfterValidator(_check_unit_code),
    Field(description="UN/CEFACT common code: " + ", ".join(f"{k} ({v})" for k, v in UNIT_CODES.items())),
]


def site_languages(info: ValidationInfo) -> tuple[str, ...] | None:
    """The site's language tags, when the loader provided them."""
    context = info.context or {}
    return context.get("languages")


def _keys_are_site_languages(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    known = site_languages(info)
    for key in value:
        if known is not None and key not in known:
            spelled = {tag.lower(): tag for tag in known}.get(key.lower().replace("_", "-"))
            hint = f" (did you mean '{spelled}'?)" if spelled else ""
            raise field_error(
                "'{key}' is not one of the site's languages ({known}){hint}",
                key,
                key=key,
                known=", ".join(known),
                hint=hint,
            )
    return value


SiteLanguageKeys = AfterValidator(_keys_are_site_languages)
Draft = Annotated[
    bool,
    Field(
        description="true: left out of production builds (and every link, list and sitemap); "
        "`pseo serve` shows it with a draft banner"
    ),
]
"""Use as `Annotated[dict[LanguageTag, X], SiteLanguageKeys]` for per-language maps."""
SeoTitle = Annotated[
    str | None,
    Field(
        min_length=1,
        description="Title for search results, filled into seo.titles.page instead of `title` when the "
        "headline is too long for one (Google shows about 60 characters)",
    ),
]
"""The `<title>` of a page or article whose headline is too long for a search result."""
Provenance = Literal["machine", "reviewed"]
"""Who stands behind a translation: a machine (built, but kept out of search until a
person reviews it, see `machine_translations` in site.yaml) or a reviewer."""
TranslationMarks = Annotated[
    dict[LanguageTag, Provenance],
    SiteLanguageKeys,
    Field(description="Per language: machine (unreviewed: published noindex) or reviewed (the default)"),
]


YES_NO = "yes, no, on, off, true and false are yes-or-no values in YAML: quote the text"
"""Why `value: Yes` is no text: editors write it for a spec such as "Fire safe"."""


class Localized(dict[str, str]):
    """Text per language: `{en: "Ball valve", de: "Kugelhahn"}`.

    A plain string in YAML is language-neutral (a model number, a brand) and is
    shown in every language. Keys must be languages the site declares.
    """

    def covers(self, lang: str) -> bool:
        """Whether the text reads in `lang`: it is neutral, or written in `lang` or a
        broader tag of it (`es` covers `es-MX`), never in another language."""
        return self.is_neutral or any(tag in self for tag in language_chain(lang))

    def for_language(self, chain: tuple[str, ...]) -> str | None:
        """The text for the first language of `chain` that has one, else the neutral text."""
        for tag in chain:
            if tag in self:
                return self[tag]
        return self.get(NEUTRAL)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(k for k in self if k != NEUTRAL)

    @property
    def is_neutral(self) -> bool:
        return NEUTRAL in self

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> Localized:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if blank(text):
                raise PydanticCustomError("empty", "must not be empty")
            return cls({NEUTRAL: text})
        if isinstance(value, bool):
            raise PydanticCustomError("localized", YES_NO)
        if not isinstance(value, dict):
            raise PydanticCustomError(
                "localized", "expected a text or a map of language → text, e.g. {en: …, de: …}"
            )
        if not value:
            raise PydanticCustomError("empty", "must not be empty")
        result: dict[str, str] = {}
        for key, text in _keys_are_site_languages({str(k): v for k, v in value.items()}, info).items():
            if isinstance(text, bool):
                raise field_error(YES_NO, key)
            if not isinstance(text, str | int | float) or blank(str(text)):
                raise field_error("expected a non-empty text", key)
            result[key] = str(text).strip()
        default = (info.context or {}).get("default_language")
        if default and default not in result:
            raise PydanticCustomError(
                "default_language", "missing the default language '{default}'", {"default": default}
            )
        return cls(result)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.with_info_plain_validator_function(
            cls._validate, serialization=core_schema.plain_serializer_function_ser_schema(dict)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "oneOf": [
                {"type": "string", "description": "Language-neutral text, shown in every language"},
                {
                    "type": "object",
                    "description": "Text per language tag",
                    "propertyNames": {"pattern": r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-\d{3})?$"},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ]
        }


def language_key(lang: str) -> tuple[str, ...]:
    """The location of one language's text below a Localized field: none for neutral text."""
    return () if lang == NEUTRAL else (lang,)


def language_chain(tag: str) -> tuple[str, ...]:
    """`tag` and its truncations, most specific first (RFC 4647 lookup):
    `zh-Hans-CN` → `zh-Hans` → `zh`; `pt-BR` → `pt`."""
    parts = tag.split("-")
    return tuple("-".join(parts[:count]) for count in range(len(parts), 0, -1))


def localized_texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Localized]]:
    """Every Localized text inside a model (through nested models and lists), with its
    location, so that a translatable field added later is checked without being listed."""
    if isinstance(value, Localized):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from localized_texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from localized_texts(item, (*loc, index))


def coverage_gaps(texts: Iterable[tuple[Loc, Localized]], languages: Iterable[str]) -> list[tuple[Loc, str]]:
    """(location, language) of each text that does not cover one of `languages`."""
    wanted = sorted(languages)
    return [(loc, lang) for loc, text in texts for lang in wanted if not text.covers(lang)]


def require_coverage(gaps: list[tuple[Loc, str]], message: str, within: Loc = ()) -> None:
    """Raise one positioned error at the first gap, naming the others too, so that one
    run shows every missing translation; `message` may use {lang}. Gaps are located from
    the model, or from `within` (the field being validated)."""
    if not gaps:
        return
    (loc, lang), others = gaps[0], gaps[1:]
    if others:
        message += "; also missing: " + listing([f"{format_loc(where)} ({tag})" for where, tag in others])
    raise field_error(message, *loc[len(within) :], lang=lang)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest of `known`, or nothing."""
    match = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def listing(items: list[str], limit: int = 5) -> str:
    """`a, b, c and 4 more`: enough to act on without flooding the report."""
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def require_translations(model: Any, info: ValidationInfo) -> Any:
    """Check that every displayed text of `model` exists in every language its `name`
    is translated to: a page published in Russian shows no English label or summary.

    With `missing_translations: error` in site.yaml, `name` itself must cover every
    site language.
    """
    known = site_languages(info) or ()
    published = model.languages(known)
    if (info.context or {}).get("require_all_languages"):
        for lang in sorted(set(known) - published):
            raise field_error(
                "no translation to '{lang}' (site.yaml requires every language)", "name", lang=lang
            )
    texts = (item for item in localized_texts(model) if item[0] != ("name",))
    require_coverage(coverage_gaps(texts, published), "translated to '{lang}' in name but not here")
    return model


def placeholders(pattern: str) -> set[str]:
    """Names of the `{placeholders}` in a pattern, `{market.locative}` included;
    ValueError if malformed or if a placeholder carries a conversion or format spec."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(pattern):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"'{{{name}}}' takes no format spec or conversion: write it as {{{name}}}")
        names.add(name)
    return names


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """`pattern` with each `{placeholder}` replaced by its value (validated names only)."""
    parts = string.Formatter().parse(pattern)
    return "".join(literal + (values[name] if name is not None else "") for literal, name, _, _ in parts)


FormCheck = Callable[[str, str, str], str | None]
"""(language, placeholder name, form) → what is wrong with `{name.form}` there, or None."""


def check_placeholders(
    texts: Localized,
    allowed: set[str] | frozenset[str],
    *loc: str | int,
    forms: FormCheck | None = None,
    unavailable: Mapping[str, str] | None = None,
) -> None:
    """Raise a positioned error for a malformed pattern or a `{placeholder}` outside
    `allowed`. `{name.form}` (a grammatical form of an allowed name) is asked of
    `forms`; `unavailable` says why a known placeholder cannot be used here."""
    for lang, pattern in texts.items():
        where = (*loc, *language_key(lang))
        try:
            names = sorted(placeholders(pattern))
        except ValueError as exc:
            raise field_error("{error}", *where, error=str(exc)) from None
        for name in names:
            base, dot, form = name.partition(".")
            shown = "{" + name + "}"
            if dot and base in allowed and forms is not None:
                problem = forms(lang, base, form)
                if problem:
                    raise field_error("{placeholder}: {problem}", *where, placeholder=shown, problem=problem)
            elif unavailable and name in unavailable:
                raise field_error("{placeholder} {why}", *where, placeholder=shown, why=unavailable[name])
            elif name not in allowed:
                raise field_error(
                    "unknown placeholder {unknown} (available: {allowed})",
                    *where,
                    unknown=shown,
                    allowed=", ".join("{" + known + "}" for known in sorted(allowed)),
                )
