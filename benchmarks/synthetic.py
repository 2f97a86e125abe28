"""A synthetic B2B catalog in pseo's content format, for benchmarks.

    python benchmarks/synthetic.py OUT_DIR --products 25000 --languages 4 [--matrix-markets 0]

N products × L languages: names, summaries and ~300 words of Markdown per language,
8 specs, 3 price tiers, FAQs, one of 8 shared images; 50 categories; optionally a
keyword matrix over products × markets (--matrix-markets).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "de", "es", "fr", "it", "pt", "nl", "pl"]
WORDS = (
    "valve brass steel flange pressure thread seal gasket pipe fitting bronze nickel chrome industrial "
    "export carton pallet tolerance certificate inspection drawing sample batch forged machined polished "
    "coated tested rated temperature medium water oil gas steam handle lever stem ball seat body bonnet "
    "port bore nominal diameter standard flow customer order quote delivery lead time warehouse shipment "
    "incoterm container quality control audit factory workshop engineer specification tooling mould "
    "casting hydraulic pneumatic actuator gearbox bearing shaft coupling pump impeller housing motor"
).split()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def markdown(rng: random.Random) -> str:
    parts = []
    for _ in range(3):
        parts.append(f"## {words(rng, 4).capitalize()}\n\n{words(rng, 60).capitalize()}.\n")
        parts.append("\n".join(f"- {words(rng, 8)}" for _ in range(3)) + "\n")
        parts.append(f"{words(rng, 22).capitalize()}.\n")
    return "\n".join(parts)


def site_yaml(languages: list[str]) -> dict:
    site = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    site["languages"] = [{"code": code, "name": code.upper()} for code in languages]
    site["default_language"] = "en"
    site["x_default"] = "en"

    def only(value: object) -> object:
        if isinstance(value, dict) and set(value) <= {"en", "de", "es-MX", "ar"} and "en" in value:
            return {code: value["en"] for code in languages}
        if isinstance(value, dict):
            return {k: only(v) for k, v in value.items()}
        if isinstance(value, list):
            return [only(v) for v in value]
        return value

    site = only(site)
    site["navigation"] = [item for item in site["navigation"] if item["target"] == "home"]
    site["seo"]["checks"] = {"min_words": 50}
    # The Hugo twin of this site makes no images; social cards would only measure Pillow.
    site["images"] = {"social_cards": False}
    # Nor a search index or PDFs; and the demo's showcase names the demo's products and photos.
    site["search"] = {"enabled": False}
    site.pop("documents", None)
    site.pop("showcase", None)
    return site


def generate(
    out: Path, products: int, language_count: int, seed: int = 1, languages: list[str] | None = None
) -> None:
    """The catalog in the first `language_count` of LANGUAGES, or in `languages`."""
    rng = random.Random(seed)
    languages = languages or LANGUAGES[:language_count]
    if out.exists():
        shutil.rmtree(out)
    (out / "content/products").mkdir(parents=True)
    (out / "content/categories").mkdir(parents=True)
    (out / "content/images").mkdir(parents=True)
    shutil.copytree(REPO / "themes", out / "themes")
    shutil.copy(REPO / "content/images/logo.png", out / "content/images/logo.png")
    for index in range(8):
        Image.new("RGB", (800, 600), (40 + index * 20, 90, 160)).save(out / f"content/images/p{index}.jpg")
    (out / "site.yaml").write_text(yaml.safe_dump(site_yaml(languages), allow_unicode=True), encoding="utf-8")
    for number in range(50):
        category = {
            "slug": f"category-{number}",
            "name": {lang: f"Category {number} {lang}" for lang in languages},
            "summary": {lang: words(rng, 18).capitalize() + "." for lang in languages},
        }
        path = out / f"content/categories/category-{number}.yaml"
        path.write_text(yaml.safe_dump(category, allow_unicode=True), encoding="utf-8")
    for number in range(products):
        name = f"{words(rng, 3).title()} {number}"
        product = {
            "sku": f"SKU-{number:07d}",
            "slug": f"product-{number}",
            "category": f"category-{number % 50}",
            "name": {lang: f"{name} {lang}" for lang in languages},
            "summary": {lang: words(rng, 20).capitalize() + "." for lang in languages},
            "description": {lang: markdown(rng) for lang in languages},
            "specs": [
                {
                    "name": {lang: f"Spec {i} {lang}" for lang in languages},
                    "value": str(rng.randint(1, 500)),
                    "unit": "mm",
                }
                for i in range(8)
            ],
            "images": [
                {"src": f"images/p{number % 8}.jpg", "alt": {lang: f"{name} {lang}" for lang in languages}}
            ],
            "moq": {"quantity": 100, "unit": "C62"},
            "price_tiers": [
                {"min_qty": 100, "max_qty": 499, "unit_price": 20.5},
                {"min_qty": 500, "max_qty": 1999, "unit_price": 18.25},
                {"min_qty": 2000, "unit_price": 16.75},
            ],
            "lead_time": {"min_days": 15, "max_days": 30},
            "incoterms": ["FOB", "CIF"],
            "faqs": {
                lang: [{"question": words(rng, 6) + "?", "answer": words(rng, 25)}] for lang in languages
            },
            "updated": "2026-10-01",
        }
        path = out / f"content/products/product-{number}.yaml"
        path.write_text(yaml.safe_dump(product, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_matrix(out: Path, markets: int, languages: list[str], seed: int = 2) -> None:
    """A keyword matrix over every product × `markets` markets (pages = products × markets × languages)."""
    rng = random.Random(seed)
    (out / "content/pseo").mkdir(parents=True, exist_ok=True)
    matrix = {
        "id": "markets",
        "hub": {
            "dimension": "market",
            "name": {lang: f"Markets {lang}" for lang in languages},
            "slug": dict.fromkeys(languages, "markets"),
            "title": {lang: "{name}: industrial valves for importers | {site}" for lang in languages},
            "description": {
                lang: "Valves for buyers in {name}: prices in local currency, lead times, "
                "standards and documents for import."
                for lang in languages
            },
            "intro": {lang: words(rng, 170) for lang in languages},
        },
        "dimensions": [
            {"name": "product", "source": "products"},
            {
                "name": "market",
                "markets": [
                    {
                        "key": f"market-{number}",
                        "name": {lang: f"Market {number} {lang}" for lang in languages},
                        "currency": "EUR",
                        "fx_rate": 0.92,
                        "transit": {"min_days": 20 + number % 10, "max_days": 35 + number % 10},
                        "ports": [f"Port {number}"],
                        "text": {lang: words(rng, 120) for lang in languages},
                    }
                    for number in range(markets)
                ],
            },
        ],
        "patterns": {
            "path": dict.fromkeys(languages, "markets/{market}/{product}"),
            "title": {lang: "{product} for {market}" for lang in languages},
            "description": {
                lang: "Buy {product} for {market}: factory prices, lead time and documents for importers."
                for lang in languages
            },
            "h1": {lang: "{product} for {market}" for lang in languages},
            "keyword": {lang: "{product} {market}" for lang in languages},
        },
        "quality": {"max_pages": 2_000_000},
    }
    path = out / "content/pseo/markets.yaml"
    path.write_text(yaml.safe_dump(matrix, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--languages", type=int, default=4)
    parser.add_argument("--matrix-markets", type=int, default=0, help="add a products × markets matrix")
    args = parser.parse_args()
    generate(args.out, args.products, args.languages)
    if args.matrix_markets:
        write_matrix(args.out, args.matrix_markets, LANGUAGES[: args.languages])


if __name__ == "__main__":
    main()
