"""Every plural message of the shipped catalogs, rendered for n = 1, 2, 5, 21 the way a page
renders it (the compiled catalog, CLDR's plural rule): English says "1 day" and "2 days",
and a language with several plural forms does not print one string for all of them unless
its grammar really leaves that word alone after a numeral."""

from __future__ import annotations

from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale

from generator.render.catalogs import catalog_layers, read_catalogs
from generator.theme_layers import theme_layers

from .conftest import REPO

COUNTS = (1, 2, 5, 21)
DAYS = {
    "%(min)s–%(max)s days",
    "%(sample)s, ready in %(days)s day",
    "Production: %(min)s–%(max)s days",
    "Sea freight to %(ports)s: %(min)s–%(max)s days",
    "Total: about %(min)s–%(max)s days from order to port",
    "Within %(days)s day of delivery",
}
UNINFLECTED_LANGUAGES = {"fa", "tr", "vi"}
"""A noun after a numeral stays singular in Persian, Turkish and Vietnamese."""
UNINFLECTED = {
    # Measure words and abbreviations that do not change after a numeral.
    ("en", "dozen"),
    *{(lang, unit) for lang in ("ru", "uk") for unit in ("box", "carton", "dozen", "pallet", "piece", "set")},
    *{("de", unit) for unit in ("dozen", "pair", "piece")},
    *{("nl", unit) for unit in ("dozen", "pair")},
    *{("it", unit) for unit in ("pallet", "set")},
    *{("pl", unit) for unit in ("piece", "set")},
    ("cs", "piece"),
    *{("hi", unit) for unit in ("carton", "dozen", "pair", "pallet", "piece", "set")},
    # Hindi's direct case of दिन is the same in both numbers.
    *{("hi", msgid) for msgid in DAYS if "%(min)s" in msgid},
}


@pytest.fixture(scope="module")
def compiled() -> dict[str, bytes]:
    import hashlib

    layers = theme_layers(REPO)
    catalogs = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), [])
    return catalogs.compiled


def plural_messages() -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    template = read_po((REPO / "themes" / "default" / "locale" / "messages.pot").open("rb"))
    return [(m.id[0], m.id[1]) for m in template if m.id and m.pluralizable]


def render(catalog: GNUTranslations, singular: str, plural: str, n: int) -> str:
    return catalog.ngettext(singular, plural, n) % {
        "min": 1,
        "max": n,
        "days": n,
        "sample": "S",
        "ports": "P",
    }


def test_english_says_one_day_and_two_days(compiled: dict[str, bytes]):
    english = GNUTranslations(BytesIO(compiled["en"]))
    assert render(english, "%(sample)s, ready in %(days)s day", "", 1) == "S, ready in 1 day"
    assert render(english, "%(sample)s, ready in %(days)s day", "", 21) == "S, ready in 21 days"
    for singular, plural in plural_messages():
        one, many = render(english, singular, plural, 1), render(english, singular, plural, 2)
        if singular != "dozen":
            assert one != many, singular
        assert "1 days" not in one and "–1 days" not in one, one


def test_languages_with_plural_forms_inflect_their_plural_messages(compiled: dict[str, bytes]):
    checked = 0
    for tag, mo in sorted(compiled.items()):
        locale = Locale.parse(tag, sep="-")
        if not locale.plural_form.tags or tag in UNINFLECTED_LANGUAGES:
            continue
        catalog = GNUTranslations(BytesIO(mo))
        for singular, plural in plural_messages():
            texts = {render(catalog, singular, plural, n).replace(str(n), "#") for n in COUNTS}
            if (tag.replace("-", "_"), singular) in UNINFLECTED:
                continue
            assert len(texts) > 1, f"{tag}: {singular!r} reads the same for {COUNTS}: {texts}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("tag", "n", "expected"),
    [
        ("ru", 1, "В течение 1 дня после доставки"),
        ("ru", 2, "В течение 2 дней после доставки"),
        ("ru", 21, "В течение 21 дня после доставки"),
        ("pl", 5, "W ciągu 5 dni od dostawy"),
        ("cs", 2, "Do 2 dnů od dodání"),
        ("de", 1, "Innerhalb von 1 Tag nach Lieferung"),
        ("he", 1, "תוך 1 יום מהמסירה"),
        ("ar", 1, "خلال يوم واحد من التسليم"),
        ("ar", 2, "خلال يومين من التسليم"),  # the dual says "two": no numeral before it
        ("ar", 11, "خلال 11 يومًا من التسليم"),
    ],
)
def test_a_plural_message_reads_right_for_its_count(
    compiled: dict[str, bytes], tag: str, n: int, expected: str
):
    catalog = GNUTranslations(BytesIO(compiled[tag]))
    assert (
        render(catalog, "Within %(days)s day of delivery", "Within %(days)s days of delivery", n) == expected
    )


def test_every_shipped_language_is_checked(compiled: dict[str, bytes]):
    shipped = {
        p.parts[-3] for p in Path(REPO / "themes" / "default" / "locale").glob("*/LC_MESSAGES/messages.po")
    }
    assert len(shipped) == 25
    assert {tag.replace("-", "_") for tag in compiled} >= shipped
