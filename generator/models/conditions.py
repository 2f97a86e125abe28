"""Conditions over a landing page's dimension values, as an SEO plan states its rules.

A condition is a named fact (`missing_required_certification`), a test of one dimension's
value (`{market: {local_content: null}}`: the attribute is empty or absent; a scalar:
equal; a list: any of), or a combination (`{all: […]}`, `{any: […]}`, `{not: …}`). They are
checked against the matrix's dimensions when the file loads, so a misspelt dimension,
attribute or fact is a positioned error instead of a rule that silently never holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from .base import did_you_mean, field_error

Condition = str | dict[str, Any]
"""A fact's name, or a mapping with one key (all, any, not or a dimension)."""
COMBINATIONS = ("all", "any", "not")
FACTS: dict[str, str] = {
    "missing_required_certification": "a product lacks a certification its market requires",
    "price_on_request": "a product has no price",
}
Entities = Mapping[str, Any]
"""Dimension name → the page's product, category or inline value."""


def check_condition(
    condition: Any, dimensions: Mapping[str, Sequence[str]], loc: tuple[str | int, ...]
) -> None:
    """Raise a positioned error for the first part of `condition` that names no fact,
    dimension or attribute; `dimensions` maps each dimension name to its attributes."""
    if isinstance(condition, str):
        if condition not in FACTS:
            hint = did_you_mean(condition, [*FACTS, *COMBINATIONS])
            raise field_error("unknown fact '{name}'{hint}", *loc, name=condition, hint=hint)
        return
    if not isinstance(condition, dict) or len(condition) != 1:
        raise field_error("a condition is a fact name or a mapping with one key", *loc)
    ((key, inner),) = condition.items()
    if key in ("all", "any"):
        if not isinstance(inner, list) or not inner:
            raise field_error("'{key}' takes a list of conditions", *loc, key, key=key)
        for index, part in enumerate(inner):
            check_condition(part, dimensions, (*loc, key, index))
    elif key == "not":
        check_condition(inner, dimensions, (*loc, key))
    elif key in dimensions:
        if not isinstance(inner, dict) or not inner:
            raise field_error("'{key}' takes a mapping of attribute: value", *loc, key, key=key)
        for attribute in inner:
            if attribute not in dimensions[key]:
                hint = did_you_mean(attribute, dimensions[key])
                message = "dimension '{key}' has no attribute '{name}'{hint}"
                where = (*loc, key, attribute)
                raise field_error(message, *where, key=key, name=attribute, hint=hint, at_key=True)
    else:
        hint = did_you_mean(key, [*COMBINATIONS, *dimensions])
        message = "'{key}' is neither all, any, not nor a dimension{hint}"
        raise field_error(message, *loc, key, key=key, hint=hint, at_key=True)


def attributes_of(model: type[BaseModel], extra: Sequence[str] = ()) -> list[str]:
    """Attribute names a condition may test on a dimension whose values are `model`s."""
    return [*model.model_fields, *extra]


def holds(condition: Condition, entities: Entities, facts: Mapping[str, Callable[[Entities], bool]]) -> bool:
    """Whether `condition` (already checked) holds for a page with these `entities`."""
    if isinstance(condition, str):
        return facts[condition](entities)
    ((key, inner),) = condition.items()
    if key == "all":
        return all(holds(part, entities, facts) for part in inner)
    if key == "any":
        return any(holds(part, entities, facts) for part in inner)
    if key == "not":
        return not holds(inner, entities, facts)
    return all(_matches(_attribute(entities[key], name), wanted) for name, wanted in inner.items())


def describe(condition: Condition) -> str:
    """The condition in a line of the report, e.g. `all of (…, market.local_content is empty)`."""
    if isinstance(condition, str):
        return condition
    ((key, inner),) = condition.items()
    if key in ("all", "any"):
        return f"{key} of ({', '.join(describe(part) for part in inner)})"
    if key == "not":
        return f"not {describe(inner)}"
    tests = (f"{key}.{name} " + ("is empty" if want is None else f"= {want}") for name, want in inner.items())
    return " and ".join(tests)


def _attribute(entity: Any, name: str) -> Any:
    attributes = getattr(entity, "attributes", None) or {}
    return attributes[name] if name in attributes else getattr(entity, name, None)


def _matches(actual: Any, wanted: Any) -> bool:
    if wanted is None:
        return actual is None or actual == "" or actual == [] or actual == {}
    options = {str(option) for option in (wanted if isinstance(wanted, list) else [wanted])}
    if isinstance(actual, list):
        return bool(options & {str(item) for item in actual})
    return str(actual) in options or (isinstance(actual, bool) and str(actual).lower() in options)
