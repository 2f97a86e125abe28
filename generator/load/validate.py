"""Turn Pydantic validation errors into positioned, human-friendly content errors."""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Loc, format_loc
from .source import Document

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], document: Document, context: dict[str, Any]
) -> tuple[M | None, list[ContentError]]:
    """Validate `document.data` as `model`; return the instance or every error found."""
    try:
        return model.model_validate(document.data, context=context), []
    except ValidationError as exc:
        errors = [e for e in exc.errors(include_url=False) if tuple(e["loc"]) not in document.unreadable]
        return None, [_to_content_error(model, document, error) for error in errors]


def _to_content_error(model: type[BaseModel], document: Document, error: Any) -> ContentError:
    context = error.get("ctx") or {}
    loc: Loc = tuple(error["loc"]) + tuple(context.get("loc", ()))
    kind = error["type"]
    if kind == "extra_forbidden":
        return document.error(loc, format_loc(loc), _unknown_key_message(model, loc), key=True)
    if kind == "missing":
        return document.error(loc, format_loc(loc), "required field is missing")
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "string_pattern_mismatch" and isinstance(error.get("input"), str):
        message += _hidden_character(error["input"])
    at_key = bool(context.get("at_key"))  # the error is about the key itself, e.g. an unknown name
    return document.error(loc, format_loc(loc), message[:1].lower() + message[1:], key=at_key)


def _hidden_character(text: str) -> str:
    """A note on the first character of `text` its editor cannot see (a zero-width joiner,
    a direction mark, a combining accent): without it, the text looks as the pattern asks."""
    for position, char in enumerate(text, 1):
        if not char.isprintable() or unicodedata.combining(char):
            name = unicodedata.name(char, "without a name")
            return f"; character {position} is U+{ord(char):04X} {name}, hard to see: retype the text"
    return ""


def _unknown_key_message(model: type[BaseModel], loc: Loc) -> str:
    key = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    message = f"unknown key '{key}'"
    if owner is not None:
        match = difflib.get_close_matches(key, list(owner.model_fields), n=1, cutoff=0.6)
        if match:
            message += f" (did you mean '{match[0]}'?)"
    return message


def _model_at(annotation: Any, loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping found at `loc`, if any."""
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return None
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            if not args:
                return None
            annotation = args[-1]
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that validates data."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation
