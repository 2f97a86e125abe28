"""The content models on their own: the rules every file is held to."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from generator.models import Localized, Product, Site, canonical_language_tag

CONTEXT = {"languages": ("en", "de", "es-MX"), "default_language": "en"}


def product(**changes) -> dict:
    data = {
        "sku": "BV-1",
        "slug": "ball-valve",
        "category": "valves",
        "name": {"en": "Ball valve", "de": "Kugelhahn"},
        "summary": {"en": "Full bore.", "de": "Voller Durchgang."},
        "description": {"en": "Text.", "de": "Text."},
        "moq": {"quantity": 100},
        "lead_time": {"min_days": 10, "max_days": 20},
        "price_tiers": [{"min_qty": 100, "max_qty": 499, "unit_price": 5}, {"min_qty": 500, "unit_price": 4}],
    }
    data.update(changes)
    return data


def errors(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        Product.model_validate(data, context=CONTEXT)
    return [(e["loc"] + tuple((e.get("ctx") or {}).get("loc", ())), e["msg"]) for e in caught.value.errors()]


def test_valid_product_and_its_languages():
    item = Product.model_validate(product(), context=CONTEXT)
    assert item.languages(CONTEXT["languages"]) == {"en", "de"}
    assert item.moq.unit == "C62"
    assert str(item.lowest_price) == "4"


def test_plain_string_is_language_neutral_and_falls_back():
    text = Localized._validate("DN50", None)  # type: ignore[arg-type]
    assert text.is_neutral and text.for_language(("de",)) == "DN50"
    spanish = Localized({"es": "Válvula", "en": "Valve"})
    assert spanish.for_language(("es-MX", "es", "en")) == "Válvula"


@pytest.mark.parametrize(
    ("tiers", "loc", "message"),
    [
        (
            [{"min_qty": 100, "unit_price": 5}, {"min_qty": 500, "unit_price": 4}],
            ("price_tiers", 0, "max_qty"),
            "only the last tier may leave max_qty open",
        ),
        (
            [{"min_qty": 100, "max_qty": 50, "unit_price": 5}],
            ("price_tiers", 0, "max_qty"),
            "must not be below min_qty (100)",
        ),
        (
            [{"min_qty": 100, "max_qty": 499, "unit_price": 0}],
            ("price_tiers", 0, "unit_price"),
            "Input should be greater than 0",
        ),
    ],
)
def test_tier_rules(tiers, loc, message):
    assert (loc, message) in errors(product(price_tiers=tiers))


def test_price_tiers_or_price_on_request():
    assert (("price_tiers",), "give price_tiers or set price_on_request: true") in errors(
        product(price_tiers=[])
    )
    both = errors(product(price_on_request=True))
    assert (("price_on_request",), "set either price_tiers or price_on_request, not both") in both


def test_translation_must_cover_required_text():
    found = errors(product(description={"en": "Text."}))
    assert (("description",), "translated to 'de' in name but not here") in found


def test_unknown_language_key_and_unit_code():
    found = errors(product(name={"en": "Valve", "fr": "Vanne"}, moq={"quantity": 1, "unit": "pcs"}))
    assert any(loc == ("name", "fr") and "not one of the site's languages" in msg for loc, msg in found)
    assert any(loc == ("moq", "unit") and "not a supported UN/CEFACT unit code" in msg for loc, msg in found)


@pytest.mark.parametrize(("tag", "canonical"), [("en", "en"), ("zh-Hans", "zh-Hans"), ("es-MX", "es-MX")])
def test_language_tags(tag, canonical):
    assert canonical_language_tag(tag) == canonical


@pytest.mark.parametrize("tag", ["en-UK", "en_US", "jp", "EN"])
def test_bad_language_tags(tag):
    with pytest.raises(ValueError):
        canonical_language_tag(tag)


def test_site_needs_https_origin():
    import yaml

    from .conftest import SITE_YAML

    data = yaml.safe_load(SITE_YAML)
    data["base_url"] = "http://www.example.com/shop"
    with pytest.raises(ValidationError) as caught:
        Site.model_validate(data)
    assert "must use https://" in str(caught.value)


@pytest.mark.parametrize(
    ("also_serves", "message"),
    [(["ar-EG"], "'ar-EG' is not a variant of 'en'"), (["ar"], "'ar' is already a site language")],
)
def test_also_serves_names_an_unclaimed_variant(also_serves: list[str], message: str):
    import yaml

    from .conftest import SITE_YAML

    data = yaml.safe_load(SITE_YAML)
    data["languages"][0]["also_serves"] = also_serves
    with pytest.raises(ValidationError) as caught:
        Site.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"] + error["ctx"]["loc"] == ("languages", 0, "also_serves", 0)
    assert message in error["msg"]
