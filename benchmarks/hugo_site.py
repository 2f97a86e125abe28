"""Convert a synthetic pseo catalog into an equivalent Hugo site, for build benchmarks.

    python benchmarks/hugo_site.py SYNTH_DIR HUGO_DIR

A speed comparison only means something if both tools do the same work, so the Hugo
site gets the same pages (every product and category in every language, one home per
language, the default language at /), the same URLs, and layouts (benchmarks/hugo/)
that compute what pseo's theme computes per product page: hreflang from the page's
translations, an escaped Product JSON-LD graph with price tiers, locale-formatted
prices, Markdown description and FAQ answers, responsive images and, when the catalog's
`images.social_cards` is on, a 1200 x 630 social card per product drawn from its photo
(otherwise og:image is the photo, as in pseo). What pseo resolves from `site.yaml`
(title templates, form fields, UI strings) becomes Hugo configuration, per language.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
LAYOUTS = HERE / "hugo"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Where pseo's social cards find DejaVu Sans; Hugo's cards use the same files if present."""

CARD_SIZE, PHOTO_BOX = (1200, 630), 630
PANEL, ACCENT = (243, 244, 246), (11, 92, 173)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when available: reading 25,000 product files is otherwise the slow part."""


def text(value: Any, lang: str) -> Any:
    """A translatable field is a language map; a plain value is language-neutral."""
    return value.get(lang) if isinstance(value, dict) else value


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def front_matter(data: dict[str, Any], body: str = "") -> str:
    """JSON front matter: Hugo reads it natively and it is much faster to write than YAML."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n\n" + body


def product_languages(product: dict[str, Any], languages: list[str]) -> list[str]:
    """pseo publishes a product in exactly the languages its `name` has."""
    return [lang for lang in languages if text(product["name"], lang)]


def product_files(product: dict[str, Any], languages: list[str]) -> dict[Path, str]:
    """Content files of one product, by path relative to content/ (one per language).

    Products live inside their category's folder so a category page lists them with
    Hugo's own `.Pages` (the idiomatic and fastest way); permalinks give them pseo's
    /products/SLUG/ URLs regardless.
    """
    files = {}
    slugs = product.get("slugs") or {}
    for lang in product_languages(product, languages):
        data = {
            "title": text(product["name"], lang),
            "slug": slugs.get(lang, product["slug"]),
            "sku": product["sku"],
            "lead": text(product["summary"], lang),
            "lastmod": str(product["updated"]),
            "images": [{"src": image["src"], "alt": text(image["alt"], lang)} for image in product["images"]],
            "moq": product["moq"],
            "tiers": product.get("price_tiers", []),
            "lead_time": product.get("lead_time"),
            "incoterms": product.get("incoterms", []),
            "specs": [
                {"name": text(spec["name"], lang), "value": spec["value"], "unit": spec.get("unit")}
                for spec in product.get("specs", [])
            ],
            "faqs": text(product.get("faqs", {}), lang) or [],
        }
        path = Path("categories", product["category"], f"{product['slug']}.{lang}.md")
        files[path] = front_matter(data, text(product["description"], lang))
    return files


def write_product(hugo_dir: Path, product: dict[str, Any], languages: list[str]) -> None:
    """(Re)write one product's content files; the edit benchmark calls this too."""
    for path, content in product_files(product, languages).items():
        (hugo_dir / "content" / path).write_text(content, encoding="utf-8")


def hugo_i18n(theme_strings: dict[str, Any]) -> dict[str, Any]:
    """pseo's `{name}` placeholders become Hugo's `{{ .name }}`; unit names become plural
    forms taking the locale-formatted quantity. Every string is written as `{other: …}`
    because keys such as `description` are reserved in Hugo's short form."""
    strings: dict[str, Any] = {}
    for key, value in theme_strings.items():
        if isinstance(value, str):
            strings[key] = {"other": re.sub(r"\{(\w+)\}", r"{{ .\1 }}", value)}
    for code, forms in theme_strings.get("units", {}).items():
        strings[f"unit_{code}"] = {plural: f"{{{{ .Qty }}}} {name}" for plural, name in forms.items()}
    return strings


def hugo_config(site: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    default = site["default_language"]
    sections = site.get("sections", {})
    settings = site.get("images", {})
    quality = settings.get("quality", {})
    organization = site["organization"]
    config: dict[str, Any] = {
        "baseURL": site["base_url"].rstrip("/") + "/",
        "title": site["name"],
        "defaultContentLanguage": default,
        "defaultContentLanguageInSubdir": not site.get("default_language_in_root", True),
        # pseo has no tag pages or feeds; the default `categories` taxonomy would also
        # claim the categories/ content folder.
        "taxonomies": {},
        "disableKinds": ["taxonomy", "term", "rss"],
        "disableDefaultLanguageRedirect": True,
        "enableRobotsTXT": True,
        "imaging": {
            "resampleFilter": "lanczos",
            "jpeg": {"quality": quality.get("jpeg", 80)},
            "webp": {"quality": quality.get("webp", 75)},
        },
        "sitemap": {"changeFreq": "", "priority": -1, "filename": "sitemap.xml"},
        "params": {
            "default_language": default,
            "x_default": site.get("x_default", default),
            "currency": site["currency"],
            "organization": {k: v for k, v in organization.items() if k != "logo"},
            "logo": organization["logo"],
            "host": re.sub(r"^https?://", "", site["base_url"]).rstrip("/"),
            "endpoint": site["inquiry"]["endpoint"],
            "image_widths": settings.get("widths", [320, 640, 960, 1280, 1920]),
            "social_cards": settings.get("social_cards", True),
        },
        "languages": {},
    }
    for weight, language in enumerate(site["languages"], start=1):
        lang = language["code"]
        if lang not in languages:
            continue
        seo = site["seo"]
        config["languages"][lang] = {
            "label": language["name"],
            "weight": weight,
            "permalinks": {
                "page": {"categories": f"/{text(sections.get('products', 'products'), lang)}/:slug/"},
                "section": {"categories": f"/{text(sections.get('categories', 'categories'), lang)}/:slug/"},
            },
            "params": {
                "tagline": text(site["tagline"], lang),
                "titles": {kind: text(value, lang) for kind, value in seo["titles"].items()},
                "descriptions": {kind: text(value, lang) for kind, value in seo["descriptions"].items()},
                "consent": text(site["inquiry"]["consent"], lang),
                "fields": [
                    {**field, "label": text(field["label"], lang)} for field in site["inquiry"]["fields"]
                ],
            },
        }
    return config


def card_base(path: Path) -> None:
    """The static part of pseo's social card (white card, grey photo panel, accent
    rule); Hugo's image filters overlay the photo and the text on it."""
    card = Image.new("RGB", CARD_SIZE, "white")
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, PHOTO_BOX - 1, PHOTO_BOX - 1), fill=PANEL)
    draw.rectangle((690, 124, 774, 130), fill=ACCENT)
    card.save(path)


def convert(synth_dir: Path, hugo_dir: Path) -> int:
    """Write the Hugo site; returns the number of content files (pages before Hugo adds
    the home, 404 and sitemaps)."""
    site = load(synth_dir / "site.yaml")
    languages = [language["code"] for language in site["languages"]]
    if hugo_dir.exists():
        shutil.rmtree(hugo_dir)
    content = hugo_dir / "content"
    (content / "categories").mkdir(parents=True)
    shutil.copytree(LAYOUTS, hugo_dir / "layouts")
    assets = hugo_dir / "assets"
    shutil.copytree(synth_dir / "content/images", assets / "images")
    static = synth_dir / "themes/default/static"
    for name in ("style.css", "site.js"):
        shutil.copy(static / name, assets / name)
    (assets / "fonts").mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if (FONT_DIR / name).is_file():
            shutil.copy(FONT_DIR / name, assets / "fonts" / name)
    card_base(assets / "card-base.png")

    config = hugo_config(site, languages)
    (hugo_dir / "hugo.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    strings = hugo_i18n(load(HERE / "hugo_strings.en.yaml"))
    (hugo_dir / "i18n").mkdir()
    for lang in languages:
        # The theme ships English strings only; pseo falls back to them for every language.
        (hugo_dir / "i18n" / f"{lang}.yaml").write_text(
            yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8"
        )

    files = 0
    for lang in languages:
        (content / f"_index.{lang}.md").write_text(front_matter({"title": site["name"]}), encoding="utf-8")
        hidden = {"title": "categories", "build": {"render": "never"}}  # no /categories/ in pseo
        (content / "categories" / f"_index.{lang}.md").write_text(front_matter(hidden), encoding="utf-8")
    for path in sorted((synth_dir / "content/categories").glob("*.yaml")):
        category = load(path)
        folder = content / "categories" / category["slug"]
        folder.mkdir()
        for lang in languages:
            if not text(category["name"], lang):
                continue
            data = {"title": text(category["name"], lang), "slug": category["slug"]}
            data["lead"] = text(category["summary"], lang)
            (folder / f"_index.{lang}.md").write_text(front_matter(data), encoding="utf-8")
            files += 1
    for path in sorted((synth_dir / "content/products").glob("*.yaml")):
        product = load(path)
        write_product(hugo_dir, product, languages)
        files += len(product_languages(product, languages))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("synth_dir", type=Path)
    parser.add_argument("hugo_dir", type=Path)
    args = parser.parse_args()
    files = convert(args.synth_dir, args.hugo_dir)
    print(f"Wrote {files} product and category files into {args.hugo_dir}")


if __name__ == "__main__":
    main()
