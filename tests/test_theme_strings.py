"""Every UI string of the default theme exists in every language file, so no page
silently falls back to English."""

from __future__ import annotations

import pytest
import yaml

from generator.models.base import placeholders

from .conftest import REPO

I18N = REPO / "themes/default/i18n"
ENGLISH = yaml.safe_load((I18N / "en.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(I18N.glob("*.yaml")), ids=lambda p: p.stem)
def test_language_file_is_complete(path):
    strings = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(strings) == set(ENGLISH)
    assert set(strings["units"]) == set(ENGLISH["units"])
    for key, text in ENGLISH.items():
        if isinstance(text, str):
            assert placeholders(strings[key]) == placeholders(text), f"{path.name}: {key} placeholders differ"
