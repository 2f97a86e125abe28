"""Texts formatted once per language (`Strings.once`) are the texts formatted afresh."""

from __future__ import annotations

import pytest

from generator.render import strings
from generator.render.strings import Strings, catalog_chain


def test_once_makes_a_text_once_per_key() -> None:
    t = Strings("en", catalog_chain([]), None)
    made: list[int] = []

    def make() -> str:
        made.append(1)
        return t("%(min)s or more", min="500 pieces")

    first, again = t.once(("tier", 500, None, "C62"), make), t.once(("tier", 500, None, "C62"), make)
    assert first == again == "500 pieces or more"
    assert len(made) == 1
    assert t.once(("tier", 100, None, "C62"), lambda: "other") == "other"


def test_once_starts_afresh_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strings, "MADE_LIMIT", 2)
    t = Strings("en", catalog_chain([]), None)
    for key in range(3):
        t.once(key, lambda key=key: f"text {key}")
    assert t.once(0, lambda: "made again") == "made again"
