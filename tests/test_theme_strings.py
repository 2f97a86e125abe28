"""Every UI string of the default theme exists in every language file, so no page
silently falls back to English."""

from __future__ import annotations

import pytest
import yaml
from babel import Locale

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


@pytest.mark.parametrize("path", sorted(I18N.glob("*.yaml")), ids=lambda p: p.stem)
def test_unit_names_use_the_languages_plural_categories(path):
    """Unit names are looked up by CLDR plural category; a category the language does not
    have (Hebrew 'few') is never used, and 'other' is the form every number can fall back to."""
    categories = {*Locale.parse(path.stem, sep="-").plural_form.tags, "other"}
    for code, forms in yaml.safe_load(path.read_text(encoding="utf-8"))["units"].items():
        assert "other" in forms, f"{path.name}: units.{code} has no 'other' form"
        assert set(forms) <= categories, f"{path.name}: units.{code}: {set(forms) - categories} not in CLDR"
