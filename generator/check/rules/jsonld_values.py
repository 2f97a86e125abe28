"""Reading JSON-LD values the way the structured-data rules need: types, lists, numbers, codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from babel.numbers import is_currency

PRICE = re.compile(r"^\d+(\.\d+)?$")


def types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON value, depth first."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def number(value: Any) -> float | None:
    """A JSON number or a string of digits with '.' decimals (schema.org's price form)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and PRICE.match(value.strip()):
        return float(value)
    return None


def currency_ok(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 3 and code.isupper() and is_currency(code)
