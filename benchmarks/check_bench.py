"""Benchmark of `pseo check` on a synthetic multilingual B2B catalog.

Writes an N-page built site (4 languages; product pages of ~10-15 KB with canonical,
hreflang, JSON-LD Product with price tiers; category and home pages; sitemap index with
per-language child sitemaps; robots.txt) to a temporary folder, then times `check_site`
and prints the median wall time and pages per second.

    .venv/bin/python benchmarks/check_bench.py --pages 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from synthetic import WORDS

from generator.check import check_site

BASE = "https://bench.example.com"
LANGUAGES = ("en", "de", "fr", "es")
CATEGORIES = 60
SITEMAP_SPLIT = 45_000


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def _product_path(lang: str, index: int) -> str:
    return f"{_prefix(lang)}products/item-{index:06d}/index.html"


def _category_path(lang: str, index: int) -> str:
    return f"{_prefix(lang)}categories/group-{index:03d}/index.html"


def _url(path: str) -> str:
    return f"{BASE}/{path.removesuffix('index.html')}"


def _alternates(paths: dict[str, str]) -> str:
    links = [f'<link rel="alternate" hreflang="{lang}" href="{_url(p)}">' for lang, p in paths.items()]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{_url(paths["en"])}">')
    return "\n".join(links)


def _jsonld(url: str, name: str, rng: random.Random) -> str:
    base = round(rng.uniform(5, 500), 2)
    tiers = []
    for low, high, factor in ((100, 999, 1.0), (1000, 4999, 0.93), (5000, None, 0.88)):
        quantity = {"@type": "QuantitativeValue", "minValue": low, "unitCode": "C62"}
        if high:
            quantity["maxValue"] = high
        tiers.append({"@type": "UnitPriceSpecification", "price": f"{base * factor:.2f}",
                      "priceCurrency": "USD", "eligibleQuantity": quantity})  # fmt: skip
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": f"{BASE}/#org", "name": "Bench Export", "url": f"{BASE}/"},
            {"@type": "Product", "@id": f"{url}#product", "name": name, "sku": name.split()[-1],
             "image": [f"{BASE}/img/product.webp"], "brand": {"@type": "Brand", "name": "BenchFix"},
             "offers": {"@type": "Offer", "url": url, "price": tiers[0]["price"], "priceCurrency": "USD",
                        "availability": "https://schema.org/InStock", "priceSpecification": tiers,
                        "seller": {"@id": f"{BASE}/#org"}}},
            {"@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{BASE}/"},
                {"@type": "ListItem", "position": 2, "name": name, "item": url}]},
        ],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _page(
    lang: str, paths: dict[str, str], title: str, links: list[str], rng: random.Random, kind: str
) -> str:
    url = _url(paths[lang])
    body = " ".join(rng.choices(WORDS, k=450))
    specs = "".join(
        f"<tr><th>{rng.choice(WORDS)} {i}</th><td>{rng.randint(1, 900)} {rng.choice(WORDS)}</td></tr>"
        for i in range(20)
    )
    nav = "".join(
        f'<li><a href="/{_prefix(lang)}categories/group-{i:03d}/">group {i}</a></li>'
        for i in range(CATEGORIES)
    )
    related = "".join(
        f'<li><a href="/{p.removesuffix("index.html")}">{p.split("/")[-2]}</a></li>' for p in links
    )
    jsonld = (
        _jsonld(url, title, rng)
        if kind == "product"
        else json.dumps(
            {"@context": "https://schema.org", "@type": "CollectionPage", "name": title, "url": url}
        )
    )
    description = f"{title}: {' '.join(rng.choices(WORDS, k=12))} from Bench Export, shipped worldwide."
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Bench Export</title>
<meta name="description" content="{description[:150]}">
<link rel="canonical" href="{url}">
{_alternates(paths)}
<link rel="stylesheet" href="/assets/site.css">
<script type="application/ld+json">{jsonld}</script>
</head>
<body>
<header><a href="/{_prefix(lang)}">Bench Export</a><nav><ul>{nav}</ul></nav></header>
<main>
<h1>{title}</h1>
<img src="/img/product.webp" alt="{title}" width="800" height="600" fetchpriority="high">
<p>{body}</p>
<table>{specs}</table>
<ul>{related}</ul>
</main>
<footer><p>Bench Export Co., Ltd. All prices FOB.</p><script src="/assets/site.js"></script></footer>
</body>
</html>
"""


def _sitemaps(root: Path, entries: dict[str, list[str]]) -> None:
    children = []
    for lang, urls in entries.items():
        for part in range(0, len(urls), SITEMAP_SPLIT):
            name = f"sitemaps/{lang}-{part // SITEMAP_SPLIT + 1}.xml"
            body = "".join(urls[part : part + SITEMAP_SPLIT])
            (root / name).write_text(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:xhtml="http://www.w3.org/1999/xhtml">{body}</urlset>\n',
                encoding="utf-8",
            )
            children.append(f"<sitemap><loc>{BASE}/{name}</loc></sitemap>")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(children) + "</sitemapindex>\n", encoding="utf-8",
    )  # fmt: skip
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /search\nSitemap: {BASE}/sitemap.xml\n")


def generate(root: Path, pages: int) -> int:
    """Write a built site of about `pages` HTML pages; returns the exact number written."""
    per_language = max(CATEGORIES + 2, pages // len(LANGUAGES))
    products = per_language - CATEGORIES - 1
    rng = random.Random(7)
    entries: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    clusters = [("home", {lang: f"{_prefix(lang)}index.html" for lang in LANGUAGES})]
    clusters += [
        ("category", {lang: _category_path(lang, i) for lang in LANGUAGES}) for i in range(CATEGORIES)
    ]
    clusters += [("product", {lang: _product_path(lang, i) for lang in LANGUAGES}) for i in range(products)]
    for position, (kind, paths) in enumerate(clusters):
        alternates = (
            "".join(
                f'<xhtml:link rel="alternate" hreflang="{lang}" href="{_url(p)}"/>'
                for lang, p in paths.items()
            )
            + f'<xhtml:link rel="alternate" hreflang="x-default" href="{_url(paths["en"])}"/>'
        )
        for lang, path in paths.items():
            related = [_product_path(lang, (position + step) % products) for step in (1, 2, 3, 7)]
            title = f"{kind.title()} {rng.choice(WORDS)} {rng.choice(WORDS)} {lang.upper()}-{position:06d}"
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(lang, paths, title, related, rng, kind), encoding="utf-8")
            entries[lang].append(
                f"<url><loc>{_url(path)}</loc><lastmod>2026-01-15</lastmod>{alternates}</url>"
            )
    for asset in ("assets/site.css", "assets/site.js", "img/product.webp"):
        (root / asset).parent.mkdir(parents=True, exist_ok=True)
        (root / asset).write_text("/* asset */\n")
    (root / "sitemaps").mkdir(exist_ok=True)
    _sitemaps(root, entries)
    return len(clusters) * len(LANGUAGES)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0 = one per CPU)")
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pseo-check-bench-") as temp:
        root = args.keep or Path(temp)
        started = time.perf_counter()
        count = generate(root, args.pages)
        print(f"generated {count:,} pages in {time.perf_counter() - started:.1f} s at {root}")
        times = []
        for run in range(args.runs):
            started = time.perf_counter()
            report = check_site(root, BASE, jobs=args.jobs)
            times.append(time.perf_counter() - started)
            print(f"run {run + 1}: {times[-1]:.1f} s, {report.pages_checked:,} pages, "
                  f"{report.error_count:,} errors, {report.warning_count:,} warnings")  # fmt: skip
        wall = statistics.median(times)
        print(f"median wall time {wall:.1f} s, {count / wall:,.0f} pages/s ({args.runs} runs)")


if __name__ == "__main__":
    main()
