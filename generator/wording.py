"""The English of the command line's summaries: "1 page", "0 pages", "2 pages"."""

from __future__ import annotations


def noun(count: int, singular: str, plural: str = "") -> str:
    """The form of `singular` that follows `count`: the singular for exactly one, else
    `plural` (by default `singular` with an s)."""
    return singular if count == 1 else plural or singular + "s"
