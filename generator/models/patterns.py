"""The pattern language of keyword matrices.

A pattern is written per language and names what the page knows: the values of the
matrix's dimensions (`{market}`), a grammatical form of a value (`{market.locative}`:
"в Германии", "in Deutschland", "في ألمانيا"), and the page's data (`{price_from}`,
`{moq}`, `{lead_time}`…), formatted for the page's language when the page is expanded.
Every name is checked here, where the matrix file is read, so a typo is an error at the
pattern and never a page with a hole in its title.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError, core_schema

from .base import (
    NEUTRAL,
    FormCheck,
    Localized,
    StrictModel,
    check_placeholders,
    field_error,
    language_chain,
    language_key,
    listing,
    placeholders,
    printable,
)
from .visible import blank

if TYPE_CHECKING:
    from .matrix import Dimension

BASE_FORM = "nominative"
"""The form a plain `{dimension}` stands for; a plain text is that form."""
FORM_PATTERN = r"^[a-z][a-z_]*$"

TEXT_FIELDS = ("title", "description", "h1", "keyword")
PATTERN_FIELDS = ("path", *TEXT_FIELDS)
PAGE_DATA: dict[str, str] = {
    "sku": "products",
    "price_from": "products",  # lowest tier price, converted as in the page's tier table
    "moq": "products",  # with its unit: "500 pieces"
    "lead_time": "products",  # production days: "15–25"
    "brand": "products",  # else the organization's name
    "transit_min": "markets",
    "transit_max": "markets",
    "port": "markets",  # the first port of discharge
    "ports": "markets",
}
"""Placeholders for the page's data, and the kind of dimension each needs."""


class Names(Localized):
    """A value's name per language. A language may give grammatical forms instead of one
    text, `ru: {nominative: Германия, locative: в Германии}`: the nominative is the name
    (`{market}`, headings, links), the others are for patterns (`{market.locative}`)."""

    forms: dict[str, dict[str, str]] = {}  # noqa: RUF012 - replaced per instance, never mutated

    def forms_in(self, chain: tuple[str, ...]) -> dict[str, str]:
        """Every form of the name in the first language of `chain` that has the name."""
        for tag in chain:
            if tag in self:
                return {BASE_FORM: self[tag], **self.forms.get(tag, {})}
        return {BASE_FORM: self[NEUTRAL]} if self.is_neutral else {}

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> Names:
        forms: dict[str, dict[str, str]] = {}
        if isinstance(value, dict):
            value = dict(value)
            for lang, text in value.items():
                if isinstance(text, dict):
                    forms[str(lang)] = _forms(str(lang), text)
                    value[lang] = forms[str(lang)][BASE_FORM]
        names = super()._validate(value, info)
        names.forms = forms
        return names

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.with_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda names: {lang: names.forms.get(lang, text) for lang, text in names.items()}
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        base = Localized.__get_pydantic_json_schema__(schema, handler)
        text = {"type": "string", "minLength": 1}
        forms = {
            "type": "object",
            "description": "Grammatical forms, e.g. {nominative: Германия, locative: в Германии}",
            "required": [BASE_FORM],
            "propertyNames": {"pattern": FORM_PATTERN},
            "additionalProperties": text,
        }
        base["oneOf"][1]["additionalProperties"] = {"oneOf": [text, forms]}
        return base


def _forms(lang: str, given: dict[Any, Any]) -> dict[str, str]:
    forms = {}
    for name, text in given.items():
        if not re.fullmatch(FORM_PATTERN, str(name)):
            message = "'{form}' is not a form name (lowercase letters and _)"
            raise field_error(message, lang, str(name), form=name)
        if not isinstance(text, str) or blank(text):
            raise field_error("expected a non-empty text", lang, str(name))
        forms[str(name)] = text.strip()
    if BASE_FORM not in forms:
        raise PydanticCustomError(
            "content", "forms need the '{base}' one, the name itself", {"base": BASE_FORM, "loc": (lang,)}
        )
    return forms


class OnRequest(StrictModel):
    """Patterns for pages of products with price on request, used instead of those in
    `patterns` in the languages they are given in (they have no `{price_from}`)."""

    title: Localized | None = None
    description: Localized | None = None
    h1: Localized | None = None
    keyword: Localized | None = None


class Patterns(StrictModel):
    """Per-language patterns: `{dimension}` is the value's name (its slug in `path`),
    `{dimension.form}` one of its grammatical forms, and the page's data is
    `{sku}`, `{price_from}`, `{moq}`, `{lead_time}`, `{brand}`, `{transit_min}`, `{transit_max}`,
    `{port}`, `{ports}` and `{site}`."""

    path: Localized = Field(
        description="URL path below the language prefix, e.g. {market}/{product}-{intent}"
    )
    title: Localized
    description: Localized
    h1: Localized
    keyword: Localized = Field(description="The page's primary keyword")
    on_request: OnRequest = Field(
        default_factory=OnRequest, description="Patterns for products with price on request"
    )

    @field_validator("path")
    @classmethod
    def path_is_url_safe(cls, paths: Localized) -> Localized:
        """Literal parts are plain URL characters: the paths end up line by line in
        `_headers`, where a space or newline would start a rule of its own."""
        for lang, pattern in paths.items():
            literal = re.sub(r"\{[^{}]*\}", "", pattern)
            segments = pattern.strip("/").split("/")
            if not re.fullmatch(r"[A-Za-z0-9/._~-]*", literal) or {"", ".", ".."} & set(segments):
                raise field_error(
                    "'{pattern}' may hold only letters, digits, - _ . ~ and {placeholders} "
                    "between single slashes",
                    *language_key(lang),
                    pattern=printable(pattern),
                )
        return paths

    def covers(self, lang: str) -> bool:
        """Whether pages can be written in `lang`: every pattern reads in it."""
        return all(getattr(self, field).covers(lang) for field in PATTERN_FIELDS)

    def check(self, dimensions: list[Dimension], priced_only: bool, languages: Iterable[str]) -> None:
        """Raise a positioned error for the first pattern naming something the page lacks."""
        names = {dimension.name for dimension in dimensions} | {"site"}
        kinds = {d.source or ("markets" if d.markets else "values") for d in dimensions}
        data = {name for name, needs in PAGE_DATA.items() if needs in kinds}
        unavailable = {name: f"needs a {PAGE_DATA[name]} dimension" for name in PAGE_DATA.keys() - data}
        forms = form_check(dimensions, tuple(languages))
        check_placeholders(self.path, names, "patterns", "path")
        for field in TEXT_FIELDS:
            check_placeholders(
                getattr(self, field), names | data, "patterns", field, forms=forms, unavailable=unavailable
            )
            instead: Localized | None = getattr(self.on_request, field)
            no_price = {**unavailable, "price_from": "has no value for products on price request"}
            if instead is not None:
                loc = ("patterns", "on_request", field)
                check_placeholders(instead, names | data, *loc, forms=forms, unavailable=no_price)
            if priced_only:
                continue
            for lang, pattern in getattr(self, field).items():
                replaced = instead is not None and (instead.is_neutral or lang in instead)
                if "price_from" in placeholders(pattern) and not replaced:
                    raise field_error(
                        "{placeholder} has no value for products on price request: give "
                        "patterns.on_request.{field} in this language, or set rules.priced_only: true",
                        "patterns",
                        field,
                        *language_key(lang),
                        placeholder="{price_from}",
                        field=field,
                    )


def form_check(dimensions: list[Dimension], languages: tuple[str, ...]) -> FormCheck:
    """What is wrong with `{name.form}` in a pattern of one language: forms belong to
    inline values and markets, and every value published in that language needs it."""
    by_name = {dimension.name: dimension for dimension in dimensions}

    def problem(lang: str, name: str, form: str) -> str | None:
        dimension = by_name.get(name)
        if dimension is None:
            return "only dimension values have grammatical forms"
        if dimension.source:
            return f"{dimension.source} have no grammatical forms; give forms to inline values or markets"
        missing, known = [], set()
        for tag in languages if lang == NEUTRAL else (lang,):
            for value in dimension.inline:
                if (value.languages and tag not in value.languages) or not value.name.covers(tag):
                    continue
                found = value.name.forms_in(language_chain(tag))
                known |= set(found)
                if form not in found:
                    missing.append(f"{value.key} ({tag})")
        if not missing:
            return None
        hint = difflib.get_close_matches(form, sorted(known), n=1, cutoff=0.8)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        return f"no '{form}' form in the name of {listing(missing)}{suggestion}"

    return problem
