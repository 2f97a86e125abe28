"""An export SEO plan at full size, in pseo's content format: products × 30 markets ×
6 buyer intents × 6 languages, as one keyword matrix.

    python benchmarks/plan_catalog.py OUT_DIR [--products 2]

The matrix states the plan the way an SEO team writes it: titles name the market in its
locative form ("in Land 7", "au Pays 7") and the "from" price converted at the market's
rate and rounding (every rounding mode and several increments occur); a page is thin when
the product lacks a certification the market requires and the market has no local content;
the six intent pages of one product and market are compared with each other only, and must
differ by their own texts and FAQs. Every market and intent text is written from its own
vocabulary, so pages differ the way real market and intent texts do.

Which pages the thin rule holds back follows from three facts: products with an odd number
lack CE, every third market requires CE, and markets with an odd number have no local
content.
"""

from __future__ import annotations

import argparse
import random
from decimal import Decimal
from pathlib import Path

import yaml

if __package__:
    from .synthetic import generate
else:  # run as a script
    from synthetic import generate

PLAN_LANGUAGES = ["en", "de", "es", "fr", "it", "ar"]
MARKETS = 30
INTENTS = ("wholesale", "oem", "factory-direct", "distributor", "sample", "custom")
MATRIX_ID = "plan"
CURRENCIES = (
    ("EUR", "0.92"),
    ("GBP", "0.79"),
    ("MXN", "17.2"),
    ("SAR", "3.75"),
    ("BRL", "5.43"),
    ("PLN", "3.97"),
    ("AED", "3.6725"),
    ("INR", "83.41"),
    ("ZAR", "18.37"),
    ("TRY", "32.6"),
)
INCREMENTS = ("0.01", "0.05", "0.25", "0.5", "1")
MODES = ("half_up", "half_even", "ceil", "floor")
COUNTRY = {"en": "Country", "de": "Land", "es": "País", "fr": "Pays", "it": "Paese", "ar": "البلد"}
LOCATIVE = {"en": "in", "de": "in", "es": "en", "fr": "au", "it": "nel", "ar": "في"}
SYLLABLES = (
    "ka ri mo tu le va ne si po da fe gu hi jo lu me na pe qui ro sa te vi xo za "
    "bra cre dri fla glo pri stu tro ven mar sol kin dor pel"
).split()


def market(number: int, rng: random.Random) -> dict:
    """Market `number`: its names with a locative form per language, currency, rounding,
    requirements and, for even numbers, local content."""
    currency, rate = CURRENCIES[number % len(CURRENCIES)]
    value: dict = {
        "key": f"market-{number:02d}",
        "name": {
            lang: {
                "nominative": f"{COUNTRY[lang]} {number}",
                "locative": f"{LOCATIVE[lang]} {COUNTRY[lang]} {number}",
            }
            for lang in PLAN_LANGUAGES
        },
        "currency": currency,
        "fx_rate": float(Decimal(rate) + Decimal(number) / 1000),
        "rounding": {
            "increment": float(INCREMENTS[number % len(INCREMENTS)]),
            "mode": MODES[number % len(MODES)],
        },
        "transit": {"min_days": 14 + number % 9, "max_days": 24 + number % 17},
        "ports": [f"Port {number}"],
        "required_certifications": ["ISO 9001", "CE"] if number % 3 == 0 else ["ISO 9001"],
        "text": {lang: prose(rng, 110) for lang in PLAN_LANGUAGES},
        "faqs": {lang: [faq(rng)] for lang in PLAN_LANGUAGES},
    }
    if number % 2 == 0:
        value["attributes"] = {"local_content": f"desk and guide for market {number}"}
    return value


def intent(key: str, rng: random.Random) -> dict:
    return {
        "key": key,
        "name": {lang: f"{key.replace('-', ' ')} {lang}" for lang in PLAN_LANGUAGES},
        "text": {lang: prose(rng, 120) for lang in PLAN_LANGUAGES},
        "faqs": {lang: [faq(rng), faq(rng)] for lang in PLAN_LANGUAGES},
    }


def prose(rng: random.Random, count: int) -> str:
    """`count` words of a vocabulary of its own: no other text repeats its shingles."""
    words = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(count)]
    return " ".join(words).capitalize() + "."


def faq(rng: random.Random) -> dict[str, str]:
    return {"question": prose(rng, 8)[:-1] + "?", "answer": prose(rng, 30)}


def plan_matrix(seed: int = 5) -> dict:
    rng = random.Random(seed)
    each = PLAN_LANGUAGES
    return {
        "id": MATRIX_ID,
        "hub": {
            "dimension": "market",
            "name": {lang: f"Markets {lang}" for lang in each},
            "slug": dict.fromkeys(each, "markets"),
            "title": dict.fromkeys(each, "{name}: buying from the factory | {site}"),
            "description": dict.fromkeys(
                each, "{name}: prices in local currency, terms per buyer intent, lead times and documents."
            ),
            "intro": {lang: prose(rng, 150) for lang in each},
        },
        "dimensions": [
            {"name": "product", "source": "products"},
            {
                "name": "market",
                "attributes": ["local_content"],
                "markets": [market(number, rng) for number in range(MARKETS)],
            },
            {"name": "intent", "values": [intent(key, rng) for key in INTENTS]},
        ],
        "rules": {
            "priced_only": True,
            "thin_when": {"all": ["missing_required_certification", {"market": {"local_content": None}}]},
        },
        "patterns": {
            "path": dict.fromkeys(each, "plan/{market}/{product}-{intent}"),
            "title": dict.fromkeys(each, "{sku} {intent} {market.locative}: {price_from}"),
            "description": dict.fromkeys(
                each,
                "{product}, {intent} {market.locative}: {price_from}, MOQ {moq}, "
                "{lead_time} days, {transit_min}–{transit_max} days to {port}.",
            ),
            "h1": dict.fromkeys(each, "{product}: {intent} {market.locative}"),
            "keyword": dict.fromkeys(each, "{product} {intent} {market}"),
        },
        "quality": {
            "max_pages": 10_000_000,
            "below_threshold": "noindex",
            "near_duplicates": {"compare_within": ["product", "market"]},
        },
    }


def write_plan(out: Path, products: int) -> None:
    """The synthetic catalog of `products` products in six languages, products with an odd
    number without CE, and the plan's matrix."""
    generate(out, products, len(PLAN_LANGUAGES), languages=PLAN_LANGUAGES)
    for number in range(products):
        path = out / f"content/products/product-{number}.yaml"
        product = yaml.safe_load(path.read_text(encoding="utf-8"))
        product["certifications"] = ["ISO 9001"] if number % 2 else ["ISO 9001", "CE"]
        path.write_text(yaml.safe_dump(product, allow_unicode=True, sort_keys=False), encoding="utf-8")
    matrix = out / f"content/pseo/{MATRIX_ID}.yaml"
    matrix.parent.mkdir(parents=True, exist_ok=True)
    matrix.write_text(yaml.safe_dump(plan_matrix(), allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--products", type=int, default=2)
    args = parser.parse_args()
    write_plan(args.out, args.products)


if __name__ == "__main__":
    main()
