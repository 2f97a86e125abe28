"""Whether a text shows anything: a cell pasted from a spreadsheet may hold nothing but a
zero-width space or a direction mark, which a page would publish as an empty name."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def blank(text: str) -> bool:
    """True when `text` holds only whitespace and invisible format characters (Unicode
    category Cf: U+200B zero-width space, U+200D joiner, U+200F right-to-left mark …)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def _shows_something(text: str) -> str:
    if text and blank(text):
        raise PydanticCustomError(
            "empty", "holds only invisible characters (zero-width spaces, direction marks): write the text"
        )
    return text


Text = Annotated[str, AfterValidator(_shows_something)]
"""A text pages show as it is (a title, a certificate number): not invisible."""
