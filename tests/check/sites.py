"""Tiny built sites for the check tests: one clean bilingual catalog, mutated per test.

`clean_site()` returns {relative path: file text}; tests plant one defect with `replace` and
write the result with `write_site`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

BASE = "https://example.com"
WORD_LIST = (
    "valve brass steel flange pressure thread seal gasket pipe fitting bronze nickel chrome "
    "industrial export carton pallet tolerance certificate inspection drawing sample batch "
    "forged machined polished coated tested rated temperature medium water oil gas steam "
    "handle lever stem ball seat body bonnet port bore nominal diameter standard flow "
    "customer order quote delivery lead time warehouse port shipment incoterm container "
    "quality control audit factory workshop engineer specification tooling mould casting "
    "Ventil Messing Stahl Flansch Druck Gewinde Dichtung Rohr Armatur Lieferung Angebot Prüfung"
)
VOCABULARY = WORD_LIST.split()

# (path, lang, kind, slug-name) of every page; hreflang pairs share the cluster key.
PAGES = [
    ("index.html", "en", "home", "home"),
    ("de/index.html", "de", "home", "home"),
    ("categories/valves/index.html", "en", "category", "valves"),
    ("de/kategorien/ventile/index.html", "de", "category", "valves"),
    ("products/ball-valve/index.html", "en", "product", "ball"),
    ("de/produkte/kugelhahn/index.html", "de", "product", "ball"),
    ("products/gate-valve/index.html", "en", "product", "gate"),
    ("de/produkte/schieber/index.html", "de", "product", "gate"),
]


PRICE_TABLES = {
    "en": "<table><tr><td>100 – 999 pieces</td><td>US$12.50</td></tr>"
    "<tr><td>1,000 pieces or more</td><td>US$11.00</td></tr></table>",
    "de": "<table><tr><td>100 – 999 Stück</td><td>US$12.50</td></tr>"
    "<tr><td>ab 1.000 Stück</td><td>US$11.00</td></tr></table>",
}
"""The visible tiers every product page's offer marks up, in the page's language (English
UI text on the German pages would be an i18n.untranslated-ui finding)."""


def url_of(path: str) -> str:
    return f"{BASE}/{path[: -len('index.html')]}"


def _text(seed: str, words: int = 220) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def _jsonld(kind: str, url: str, name: str) -> dict:
    if kind == "product":
        tier = {
            "@type": "UnitPriceSpecification",
            "priceCurrency": "USD",
            "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitCode": "C62"},
        }
        return {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "Organization", "@id": f"{BASE}/#org", "name": "Acme Export", "url": f"{BASE}/"},
                {
                    "@type": "Product", "@id": f"{url}#product", "name": name,
                    "image": [f"{BASE}/images/valve.webp"],
                    "offers": {
                        "@type": "Offer", "url": url, "price": "12.50", "priceCurrency": "USD",
                        "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": 100, "unitCode": "C62"},
                        "priceSpecification": [
                            {**tier, "price": "12.50", "eligibleQuantity": {
                                "@type": "QuantitativeValue", "minValue": 100, "maxValue": 999,
                                "unitCode": "C62"}},
                            {**tier, "price": "11.00", "eligibleQuantity": {
                                "@type": "QuantitativeValue", "minValue": 1000, "unitCode": "C62"}},
                        ],
                        "seller": {"@id": f"{BASE}/#org"},
                    },
                },
            ],
        }  # fmt: skip
    if kind == "category":
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{BASE}/"},
                {"@type": "ListItem", "position": 2, "name": name, "item": url},
            ],
        }
    return {"@context": "https://schema.org", "@type": "Organization", "name": "Acme", "url": f"{BASE}/"}


def _page(path: str, lang: str, kind: str, key: str) -> str:
    url = url_of(path)
    cluster = [p for p in PAGES if p[2] == kind and p[3] == key]
    alternates = (
        "\n".join(f'<link rel="alternate" hreflang="{p[1]}" href="{url_of(p[0])}">' for p in cluster)
        + f'\n<link rel="alternate" hreflang="x-default" href="{url_of(cluster[0][0])}">'
    )
    name = f"{key.title()} {kind} {lang.upper()}"
    title = f"{name} – industrial valves from Acme Export"
    description = (
        f"{name}: forged brass and steel valves made to drawing, tested and shipped worldwide by Acme Export."
    )
    home = "/de/" if lang == "de" else "/"
    nav = " ".join(f'<a href="/{p[0][: -len("index.html")]}">{p[3]}</a>' for p in PAGES if p[1] == lang)
    jsonld = json.dumps(_jsonld(kind, url, name)).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
{alternates}
<meta property="og:title" content="{title}">
<meta property="og:type" content="{"product" if kind == "product" else "website"}">
<meta property="og:image" content="{BASE}/images/valve.webp">
<meta property="og:url" content="{url}">
<link rel="stylesheet" href="/assets/site.css">
<script type="application/ld+json">{jsonld}</script>
</head>
<body>
<header><a href="{home}">Acme</a> <nav>{nav}</nav></header>
<main>
<h1>{name}</h1>
<img src="/images/valve.webp" alt="{name}" width="640" height="480">
<p>{_text(path)}</p>
{PRICE_TABLES[lang] if kind == "product" else ""}
</main>
<footer><a href="/">English</a> <a href="/de/">Deutsch</a></footer>
</body>
</html>
"""


def _sitemap() -> str:
    entries = []
    for path, _lang, kind, key in PAGES:
        cluster = [p for p in PAGES if p[2] == kind and p[3] == key]
        links = (
            "".join(f'<xhtml:link rel="alternate" hreflang="{p[1]}" href="{url_of(p[0])}"/>' for p in cluster)
            + f'<xhtml:link rel="alternate" hreflang="x-default" href="{url_of(cluster[0][0])}"/>'
        )
        entries.append(f"<url><loc>{url_of(path)}</loc><lastmod>2026-01-15</lastmod>{links}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def clean_site() -> dict[str, str]:
    """A small en/de catalog with no errors and no warnings."""
    files = {path: _page(path, lang, kind, key) for path, lang, kind, key in PAGES}
    files["404.html"] = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex"><title>Page not found – Acme Export</title></head>'
        '<body><main><h1>Page not found</h1><a href="/">Home</a></main></body></html>\n'
    )
    files["robots.txt"] = f"User-agent: *\nDisallow: /search\n\nSitemap: {BASE}/sitemap-index.xml\n"
    files["sitemap-index.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{BASE}/sitemaps/pages.xml</loc><lastmod>2026-01-15</lastmod></sitemap>"
        "</sitemapindex>\n"
    )
    files["sitemaps/pages.xml"] = _sitemap()
    files["assets/site.css"] = "body { font-family: sans-serif; }\n"
    files["images/valve.webp"] = "RIFF"
    return files


def write_site(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
