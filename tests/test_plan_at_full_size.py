"""The export SEO plan at full size builds: 2 products × 30 markets × 6 intents × 6
languages (benchmarks/plan_catalog.py), checked on the built HTML: the thin rule holds
back exactly the pages it names, titles carry the locative market name and the exact
converted "from" price, every hreflang cluster is complete, and no JSON-LD rule fires."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from benchmarks.plan_catalog import COUNTRY, INTENTS, LOCATIVE, MARKETS, MATRIX_ID, PLAN_LANGUAGES, write_plan
from generator.build import BuildResult, build_site
from generator.formatting import Formats

from .output import BuiltSite, canonical, hreflangs

PRODUCTS = 2
ORIGIN = "https://www.hengtai-valves.com"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite, BuildResult]:
    root = tmp_path_factory.mktemp("plan") / "site"
    write_plan(root, PRODUCTS)
    out = root.parent / "public"
    result = build_site(root, out, check=True, cache_dir=root.parent / "cache")
    return root, BuiltSite(out, ORIGIN), result


def url_of(lang: str, path: str) -> str:
    """The default language is served from the root, the others below their code."""
    return f"{ORIGIN}/{path}" if lang == "en" else f"{ORIGIN}/{lang}/{path}"


def rounded(amount: Fraction, increment: Fraction, mode: str) -> Fraction:
    """`amount` to a multiple of `increment`, from exact rationals (the reference)."""
    steps = amount / increment
    low = math.floor(steps)
    rest = steps - low
    up = {
        "half_up": rest >= Fraction(1, 2),
        "half_even": rest > Fraction(1, 2) or (rest == Fraction(1, 2) and low % 2 == 1),
        "ceil": rest > 0,
        "floor": False,
    }[mode]
    return (low + up) * increment


def test_the_plan_builds_without_errors_and_with_clean_markup(plan):
    _, _, result = plan
    assert result.check is not None
    assert result.check.error_count == 0
    assert [f for f in result.check.findings if f.rule_id.startswith("jsonld.")] == []
    assert sum(result.expansion.counts[MATRIX_ID].values()) == PRODUCTS * MARKETS * len(INTENTS) * 6


def test_the_thin_rule_holds_back_what_it_names(plan):
    """Product 1 lacks CE; markets 3, 9, 15, 21 and 27 require it and have no local
    content (markets 0, 6, 12… require it too, but have local content)."""
    _, _, result = plan
    expected = {
        (f"SKU-0000001.market-{number:02d}.{intent}", lang)
        for number in range(3, MARKETS, 6)
        for intent in INTENTS
        for lang in PLAN_LANGUAGES
    }
    assert {(flag.key, flag.lang) for flag in result.held_back} == expected
    assert len(expected) == 5 * 6 * 6
    assert {flag.rule for flag in result.held_back} == {"thin_when"}


def test_titles_carry_the_locative_and_the_exact_converted_price(plan):
    root, site, result = plan
    matrix = yaml.safe_load((root / f"content/pseo/{MATRIX_ID}.yaml").read_text(encoding="utf-8"))
    markets = {m["key"]: m for m in matrix["dimensions"][1]["markets"]}
    checked = 0
    for landing in result.expansion.landings:
        sku, market_key, intent = (value for _, value in landing.combo)
        market = markets[market_key]
        product = yaml.safe_load((root / f"content/products/product-{int(sku[4:])}.yaml").read_text())
        lowest = min(Fraction(str(tier["unit_price"])) for tier in product["price_tiers"])
        rate, increment = Fraction(str(market["fx_rate"])), Fraction(str(market["rounding"]["increment"]))
        price = rounded(lowest * rate, increment, market["rounding"]["mode"])
        number = int(market_key.rsplit("-", 1)[1])
        for lang, text in landing.texts.items():
            amount = Decimal(price.numerator) / Decimal(price.denominator)
            money = Formats(lang, {}).money(amount, market["currency"])
            locative = f"{LOCATIVE[lang]} {COUNTRY[lang]} {number}"
            intent_name = f"{intent.replace('-', ' ')} {lang}"
            assert text.title == f"{sku} {intent_name} {locative}: {money}"
            if market_key in ("market-00", "market-07"):
                tree = site.page(url_of(lang, text.path))
                assert tree.findtext(".//title") == text.title
                description = tree.xpath("string(//meta[@name='description']/@content)")
                assert " ".join(money.split()) in " ".join(description.split())  # spaces normalized
            checked += 1
    assert checked == PRODUCTS * MARKETS * len(INTENTS) * 6
    modes = {(m["rounding"]["mode"], m["rounding"]["increment"]) for m in markets.values()}
    assert {mode for mode, _ in modes} == {"half_up", "half_even", "ceil", "floor"}


def test_every_indexable_landing_page_has_a_complete_cluster_with_x_default(plan):
    _, site, result = plan
    held = {flag.key for flag in result.held_back}
    indexable = 0
    for landing in result.expansion.landings:
        urls = {lang: url_of(lang, text.path) for lang, text in landing.texts.items()}
        for url in urls.values():
            tree = site.page(url)
            robots = tree.xpath("string(//meta[@name='robots']/@content)")
            if landing.key in held:
                assert "noindex" in robots, url
                continue
            assert "noindex" not in robots and canonical(tree) == url
            alternates = hreflangs(tree)
            assert alternates.pop("x-default") == urls["en"], url
            assert alternates == urls, url
            indexable += 1
    assert indexable == (PRODUCTS * MARKETS * len(INTENTS) - 5 * 6) * 6
