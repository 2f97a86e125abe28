"""The default theme's gettext catalogs: every shipped .po translates every message of
messages.pot, with CLDR's plural forms and the msgid's placeholders, so no page silently
falls back to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from generator.render.catalogs import PLACEHOLDER, folder_tag, plural_forms

from .conftest import REPO

LOCALE = REPO / "themes/default/locale"
TEMPLATE = read_po((LOCALE / "messages.pot").open("rb"))
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))
SHIPPED = {
    "ar", "cs", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "ms", "nl", "pl",
    "pt-BR", "pt-PT", "ru", "th", "tr", "uk", "vi", "zh-Hans", "zh-Hant",
}  # fmt: skip


def tag(path: Path) -> str:
    return folder_tag(path.parent.parent.name)


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_every_shipped_language_has_a_catalog():
    assert {tag(path) for path in CATALOGS} == SHIPPED
    assert len(TEMPLATE) > 80


@pytest.mark.parametrize("path", CATALOGS, ids=tag)
def test_catalog_translates_every_message_of_the_template(path: Path):
    catalog = read_po(path.open("rb"))
    missing = [m.id for m in TEMPLATE if m.id and catalog.get(m.id, context=m.context) is None]
    assert not missing, f"{path.parent.parent.name}: untranslated {missing[:5]}"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{path.parent.parent.name}: fuzzy {message.id!r}"
        assert all(forms(message.string)), f"{path.parent.parent.name}: empty {message.id!r}"


@pytest.mark.parametrize("path", CATALOGS, ids=tag)
def test_catalog_has_the_plural_forms_cldr_gives_its_language(path: Path):
    catalog = read_po(path.open("rb"))
    locale = Locale.parse(tag(path), sep="-")
    categories = locale.plural_form.tags | {"other"}
    assert catalog.num_plurals == len(categories)
    assert dict(catalog.mime_headers)["Plural-Forms"] == plural_forms(tag(path))
    plurals = [message for message in catalog if message.pluralizable]
    assert plurals, "unit names and day counts are plural messages"
    for message in plurals:
        assert len(message.string) == len(categories), f"{message.id[0]!r}: {len(message.string)} forms"


@pytest.mark.parametrize("path", CATALOGS, ids=tag)
def test_translations_keep_the_placeholders_of_their_msgid(path: Path):
    for message in read_po(path.open("rb")):
        if not message.id:
            continue
        ids = forms(message.id)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in forms(message.string):
            # A singular form may leave the count out ("one day" in words); no other.
            found = set(PLACEHOLDER.findall(text))
            assert found <= expected and expected - found <= {"num", "days"}, f"{message.id!r} → {text!r}"


def test_plural_forms_pick_the_cldr_category():
    """The catalog's Plural-Forms expression agrees with CLDR for whole numbers, in the
    languages whose rules differ the most (French needs the compact exponent dropped)."""
    import gettext

    for lang in ("ru", "ar", "fr", "pl", "cs", "he"):
        expression = plural_forms(lang).split("plural=", 1)[1].rstrip(";")
        index_of = gettext.c2py(expression)
        rule = Locale.parse(lang).plural_form
        order = [
            tag for tag in ("zero", "one", "two", "few", "many", "other") if tag in rule.tags | {"other"}
        ]
        for number in (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000000):
            assert order[index_of(number)] == rule(number), f"{lang} {number}"
