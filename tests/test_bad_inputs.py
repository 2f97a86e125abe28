"""A corpus of bad inputs: each one fails the build with one positioned message
(`file:line:col: field: message`), exit code 1, no traceback, and the previous output
left exactly as it was; plus the inputs that look odd but must build.

Every case starts from a copy of one site built once for the module, so the corpus
stays fast however large it grows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import (
    CATEGORY_YAML,
    PAGE_AR_MD,
    PAGE_MD,
    PRODUCT_YAML,
    RFQ_PRODUCT_YAML,
    SITE_YAML,
    SiteFolder,
    build,
    fails_with,
    snapshot,
    write_site,
)

MATRIX_YAML = """\
id: uses
languages: [en]
hub:
  dimension: application
  name: {en: Uses}
  slug: {en: uses}
  title: {en: "{name} | {site}"}
  description: {en: "{name}: which of our valves suit it, with specifications and prices."}
  intro: {en: "Which valve suits which use, and how to choose one."}
dimensions:
  - name: product
    source: products
    where: {category: [valves]}
  - name: application
    values:
      - key: water-treatment
        name: {en: water treatment}
        text: {en: "What buyers in water treatment need, in a paragraph of its own."}
patterns:
  path: {en: "uses/{application}/{product}"}
  title: {en: "{product} for {application} | {site}"}
  description: {en: "{product} for {application}: specifications, prices and lead times."}
  h1: {en: "{product} for {application}"}
  keyword: {en: "{product} {application}"}
"""

PRODUCT = "content/products/ball-valve-dn50.yaml"
RFQ = "content/products/gate-valve-dn80.yaml"
CATEGORY = "content/categories/valves.yaml"
PAGE = "content/pages/about.md"
PAGE_AR = "content/pages/about.ar.md"
MATRIX = "content/pseo/uses.yaml"

Edit = Callable[[SiteFolder], object]


def replace(path: str, old: str, new: str) -> Edit:
    return lambda site: site.replace(path, old, new)


def write(path: str, text: str) -> Edit:
    return lambda site: site.write(path, text)


def write_bytes(path: str, data: bytes) -> Edit:
    def edit(site: SiteFolder) -> None:
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        (site.root / path).write_bytes(data)

    return edit


def copy(source: str, path: str, old: str = "", new: str = "") -> Edit:
    return lambda site: site.write(path, site.read(source).replace(old, new))


def link(path: str, target: str) -> Edit:
    """A symbolic link at `path` to `target` (relative to the site folder, or absolute)."""

    def edit(site: SiteFolder) -> None:
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(site.root / target, site.root / path)

    return edit


def remove(path: str) -> Edit:
    return lambda site: (site.root / path).unlink()


def both(*edits: Edit) -> Edit:
    return lambda site: [edit(site) for edit in edits]


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each anchor is a list of nine aliases of the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_nesting(depth: int = 150) -> str:
    return (
        "sku: DEEP-1\nspecs:\n"
        + "".join(f"{'  ' * (level + 1)}k{level}:\n" for level in range(depth))
        + ("  " * (depth + 1) + "x\n")
    )


@dataclass(frozen=True)
class Case:
    id: str
    edit: Edit
    expected: str
    """The whole message line, or its `file:line:col: field: message` beginning."""
    errors: int = 1
    """One mistake is one error, not a cascade."""


CONTENT_YAML = [
    Case(
        "yaml-syntax",
        replace(CATEGORY, "name: {en: Industrial valves", "name: {en: [Industrial valves"),
        f"{CATEGORY}:2:49: malformed YAML: while parsing a flow sequence did not find expected ',' or ']'",
    ),
    Case(
        "yaml-tab-indent",
        replace(PRODUCT, "moq: {quantity: 100, unit: C62}", "moq:\n\tquantity: 100"),
        f"{PRODUCT}:23:1: malformed YAML: while scanning for the next token found character that cannot start any token",
    ),
    Case(
        "duplicate-key",
        replace(RFQ, "price_on_request: true", "price_on_request: true\nsku: X"),
        f"{RFQ}:9:1: sku: duplicate key",
    ),
    Case(
        "wrong-type",
        replace(PRODUCT, "moq: {quantity: 100", "moq: {quantity: many"),
        f"{PRODUCT}:22:17: moq.quantity: input should be a valid integer",
    ),
    Case(
        "unknown-key",
        replace(PRODUCT, "lead_time:", "leadtime:"),
        f"{PRODUCT}:27:1: leadtime: unknown key 'leadtime' (did you mean 'lead_time'?)",
        errors=2,  # and lead_time is missing
    ),
    Case(
        "missing-field",
        replace(RFQ, "lead_time: {min_days: 30, max_days: 45}\n", ""),
        f"{RFQ}:1:1: lead_time: required field is missing",
    ),
    Case(
        "impossible-date",
        replace(PRODUCT, "updated: 2026-10-01", "updated: 2026-13-01"),
        f"{PRODUCT}:32:10: updated: '2026-13-01' is not a valid date (month must be in 1..12)",
    ),
    Case(
        "impossible-day",
        replace(PRODUCT, "updated: 2026-10-01", "updated: 2026-02-30"),
        f"{PRODUCT}:32:10: updated: '2026-02-30' is not a valid date (day is out of range for month)",
    ),
    Case(
        "date-as-text",
        replace(PRODUCT, "updated: 2026-10-01", "updated: last tuesday"),
        f"{PRODUCT}:32:10: updated: input should be a valid date",
    ),
    Case(
        "bad-sku",
        replace(RFQ, "sku: GV-DN80", "sku: gv-dn80"),
        f"{RFQ}:1:6: sku: string should match pattern",
    ),
    Case(
        "bad-slug",
        replace(RFQ, "slug: gate-valve-dn80", "slug: Gate Valve"),
        f"{RFQ}:2:7: slug: string should match pattern",
    ),
    Case(
        "unknown-category",
        replace(RFQ, "category: valves", "category: valve"),
        f"{RFQ}:3:11: category: unknown category 'valve' (did you mean 'valves'?)",
    ),
    Case(
        "unknown-related",
        replace(RFQ, "related: [BV-DN50]", "related: [BV-DN5]"),
        f"{RFQ}:10:11: related[0]: unknown product 'BV-DN5' (did you mean 'BV-DN50'?)",
    ),
    Case(
        "related-to-itself",
        replace(RFQ, "related: [BV-DN50]", "related: [GV-DN80]"),
        f"{RFQ}:10:11: related[0]: a product cannot be related to itself",
    ),
    Case(
        "duplicate-sku",
        copy(PRODUCT, "content/products/copy.yaml", "slug: ball-valve-dn50", "slug: other"),
        "content/products/copy.yaml:1:6: sku: duplicate SKU (also in content/products/ball-valve-dn50.yaml)",
    ),
    Case(
        "duplicate-url",
        replace(RFQ, "slug: gate-valve-dn80", "slug: ball-valve-dn50"),
        f"{RFQ}:2:7: slug: URL /products/ball-valve-dn50/ is also produced by product:BV-DN50",
        errors=2,  # and so are the matrix's landing page URLs
    ),
    Case(
        "currency",
        replace(RFQ, "price_on_request: true", "price_on_request: true\ncurrency: usd"),
        f"{RFQ}:9:11: currency: 'usd' is not an ISO 4217 currency code",
    ),
    Case(
        "unit-code",
        replace(PRODUCT, "unit: C62", "unit: PCS"),
        f"{PRODUCT}:22:28: moq.unit: 'PCS' is not a supported UN/CEFACT unit code",
    ),
    Case(
        "tiers-overlap",
        replace(PRODUCT, "min_qty: 500, max_qty: 1999", "min_qty: 400, max_qty: 1999"),
        f"{PRODUCT}:25:15: price_tiers[1].min_qty: overlaps the previous tier, which ends at 499",
    ),
    Case(
        "priced-and-on-request",
        replace(PRODUCT, "lead_time:", "price_on_request: true\nlead_time:"),
        f"{PRODUCT}:27:19: price_on_request: set either price_tiers or price_on_request, not both",
    ),
    Case(
        "no-price",
        replace(RFQ, "price_on_request: true\n", ""),
        f"{RFQ}:1:1: price_tiers: give price_tiers or set price_on_request: true",
    ),
    Case(
        "lead-time-reversed",
        replace(RFQ, "{min_days: 30, max_days: 45}", "{min_days: 30, max_days: 3}"),
        f"{RFQ}:9:37: lead_time.max_days: must not be below min_days (30)",
    ),
    Case(
        "hs-code",
        replace(RFQ, "price_on_request: true", 'price_on_request: true\nhs_code: "84818"'),
        f"{RFQ}:9:10: hs_code: string should match pattern",
    ),
    Case(
        "alt-text-missing-language",
        replace(
            PRODUCT,
            "alt: {en: Two-piece ball valve DN50, ar: صمام كروي DN50}",
            "alt: {en: Two-piece ball valve DN50}",
        ),
        f"{PRODUCT}:21:10: images[0].alt: translated to 'ar' in name but not here",
    ),
    Case(
        "text-in-undeclared-language",
        replace(RFQ, "name: {en: Flanged gate valve DN80}", "name: {en: Flanged gate valve DN80, fr: Vanne}"),
        f"{RFQ}:4:41: name.fr: 'fr' is not one of the site's languages (en, ar)",
    ),
    Case(
        "translation-incomplete",
        replace(CATEGORY, ", ar: صمامات كروية وبوابية من الفولاذ المقاوم للصدأ.", ""),
        f"{CATEGORY}:3:10: summary: translated to 'ar' in name but not here",
    ),
    Case("top-level-list", write(RFQ, "- sku: GV-DN80\n"), f"{RFQ}:1:1: input should be a valid dictionary"),
    Case("empty-file", write(RFQ, ""), f"{RFQ}:1:1: sku: required field is missing", errors=8),
    Case(
        "key-is-a-list",
        replace(RFQ, "related: [BV-DN50]", "? [a, b]\n: c"),
        f"{RFQ}:10:3: a key must be plain text",
    ),
    Case(
        "recursive-alias",
        replace(RFQ, "related: [BV-DN50]", "related: &loop [*loop]"),
        f"{RFQ}:10:1: related: recursive alias: the value contains itself",
    ),
    Case(
        "alias-bomb",
        write("content/products/lol.yaml", alias_bomb()),
        "content/products/lol.yaml:5:1: a4: aliases expand to more than 10,000 values",
    ),
    Case(
        "deep-nesting",
        write("content/products/deep.yaml", deep_nesting()),
        "content/products/deep.yaml:101:199: specs.k0.k1.k2.k3.k4…: nested deeper than 100 levels",
    ),
    Case(
        "not-utf8",
        write_bytes("content/products/latin.yaml", b"sku: CAFE-1\nname: {en: Caf\xe9}\n"),
        "content/products/latin.yaml:2:15: not UTF-8 text (invalid continuation byte); save the file as UTF-8",
    ),
    Case(
        "category-unknown-parent",
        replace(CATEGORY, "slug: valves", "slug: valves\nparent: fittings"),
        f"{CATEGORY}:2:9: parent: unknown category 'fittings'",
    ),
    Case(
        "category-cycle",
        replace(CATEGORY, "slug: valves", "slug: valves\nparent: valves"),
        f"{CATEGORY}:2:9: parent: categories form a cycle",
    ),
    Case(
        "duplicate-category",
        copy(CATEGORY, "content/categories/copy.yaml"),
        "content/categories/valves.yaml:1:7: slug: duplicate category slug (also in content/categories/copy.yaml)",
    ),
]

FILES = [
    Case(
        "yml-is-loaded",
        copy(RFQ, "content/products/extra.yml", "sku: GV-DN80", "sku: gv"),
        "content/products/extra.yml:1:6: sku: string should match pattern",
    ),
    Case(
        "sub-folder-is-loaded",
        both(
            copy(RFQ, "content/products/gates/flanged.yaml", "category: valves", "category: gates"),
            replace("content/products/gates/flanged.yaml", "GV-DN80", "GV-DN100"),
        ),
        "content/products/gates/flanged.yaml:3:11: category: unknown category 'gates'",
    ),
    Case(
        "unknown-file-in-products",
        write("content/products/notes.txt", "to do\n"),
        "content/products/notes.txt:1:1: not a content file: content/products/ holds only *.yaml or *.yml files",
    ),
    Case(
        "unknown-folder-in-content",
        write("content/blog/first.md", "# Hello\n"),
        "content/blog/first.md:1:1: not a content file: content/ holds only the folders categories/, products/, pseo/, pages/, articles/, certificates/, factory/, cases/, testimonials/, images/",
    ),
    Case(
        "file-at-top-of-content",
        write("content/catalog.yaml", "sku: X\n"),
        "content/catalog.yaml:1:1: not a content file: content/ holds only the folders categories/, products/, pseo/, pages/, articles/, certificates/, factory/, cases/, testimonials/, images/",
    ),
    Case(
        "markdown-among-products",
        write("content/products/README.md", "# Products\n"),
        "content/products/README.md:1:1: not a content file: content/products/ holds only *.yaml or *.yml files",
    ),
    Case(
        "yaml-among-pages",
        write("content/pages/faq.yaml", "title: FAQ\n"),
        "content/pages/faq.yaml:1:1: not a content file: content/pages/ holds only *.md files",
    ),
    Case(
        "not-an-image-in-images",
        write("content/images/credits.txt", "Photos: us\n"),
        "content/images/credits.txt:1:1: not an image file (.avif, .bmp, .gif, .heic, .heif, .ico, .jpeg, .jpg, .png, .psd, .svg, .tif, .tiff, .webp); move it out of content/",
    ),
    Case(
        "symlink-out-of-content",
        both(
            write("private/prices.yaml", "sku: SECRET\n"),
            link("content/products/prices.yaml", "private/prices.yaml"),
        ),
        "content/products/prices.yaml:1:1: links to private/prices.yaml, outside the content folder",
    ),
    Case(
        "symlinked-page-out-of-content",
        both(write("notes.md", "---\ntitle: x\n---\n"), link("content/pages/notes.md", "notes.md")),
        "content/pages/notes.md:1:1: links to notes.md, outside the content folder",
    ),
    Case(
        "symlinked-folder",
        both(write("more/a.yaml", "sku: A\n"), link("content/products/more", "more")),
        "content/products/more:1:1: links to more, outside the content folder",
    ),
    Case(
        "broken-symlink",
        link("content/products/gone.yaml", "content/products/nowhere.yaml"),
        "content/products/gone.yaml:1:1: is a broken link",
    ),
    Case(
        "image-outside-content",
        replace("site.yaml", "logo: images/logo.png", "logo: ../site.yaml"),
        "site.yaml:12:9: organization.logo: '../site.yaml' points outside the content folder",
    ),
    Case(
        "image-absolute",
        replace(PRODUCT, "src: images/valve.jpg", "src: /etc/passwd"),
        f"{PRODUCT}:20:10: images[0].src: '/etc/passwd' must be relative to content/",
    ),
    Case(
        "image-missing",
        replace(PRODUCT, "src: images/valve.jpg", "src: images/nope.jpg"),
        f"{PRODUCT}:20:10: images[0].src: image file 'images/nope.jpg' not found in content/",
    ),
    Case(
        "image-symlink-out-of-content",
        both(remove("content/images/valve.jpg"), link("content/images/valve.jpg", "site.yaml")),
        f"{PRODUCT}:20:10: images[0].src: 'images/valve.jpg' points outside the content folder",
    ),
    Case(
        "image-not-decodable",
        write_bytes("content/images/valve.jpg", b"not a jpeg at all"),
        "content/images/valve.jpg:1:1: not an image file in a format Pillow can read",
    ),
    Case(
        "image-empty",
        write_bytes("content/images/valve.jpg", b""),
        "content/images/valve.jpg:1:1: empty file (0 bytes)",
    ),
]

PAGES = [
    Case(
        "front-matter-missing",
        write(PAGE, "Just text.\n"),
        f"{PAGE}:1:1: missing YAML front matter (the file must start with ---)",
    ),
    Case(
        "front-matter-unclosed",
        write(PAGE, "---\ntitle: About\n"),
        f"{PAGE}:1:1: front matter is not closed by a --- line",
    ),
    Case(
        "front-matter-syntax", replace(PAGE, "nav_order: 1", "nav_order: [1"), f"{PAGE}:5:1: malformed YAML:"
    ),
    Case(
        "front-matter-type",
        replace(PAGE, "nav_order: 1", "nav_order: first"),
        f"{PAGE}:4:12: nav_order: input should be a valid integer",
    ),
    Case(
        "front-matter-unknown-key",
        replace(PAGE, "title:", "titel:"),
        f"{PAGE}:2:1: titel: unknown key 'titel' (did you mean 'title'?)",
        errors=2,  # and title is missing
    ),
    Case(
        "front-matter-date",
        replace(PAGE, "nav_order: 1", "updated: 2026-13-01"),
        f"{PAGE}:4:10: updated: '2026-13-01' is not a valid date",
    ),
    Case(
        "front-matter-alias-bomb",
        replace(PAGE, "nav_order: 1\n", alias_bomb()),
        f"{PAGE}:8:1: a4: aliases expand to more than 10,000 values",
    ),
    Case(
        "page-bad-slug",
        replace(PAGE_AR, "slug: about-us", "slug: About Us"),
        f"{PAGE_AR}:4:7: slug: string should match pattern",
    ),
    Case(
        "page-undeclared-language",
        write(
            "content/pages/about.fr.md", "---\ntitle: À propos\ndescription: Qui sommes-nous\n---\nTexte.\n"
        ),
        "content/pages/about.fr.md:1:1: file name: 'fr' is not one of the site's languages (en, ar)",
    ),
    Case(
        "page-bad-language-tag",
        write("content/pages/about.en_GB.md", "---\ntitle: About\ndescription: Who we are\n---\nText.\n"),
        "content/pages/about.en_GB.md:1:1: file name: 'en_GB' uses '_'; BCP 47 tags use '-' (did you mean 'en-GB'?)",
    ),
    Case(
        "translation-without-page",
        write("content/pages/faq.ar.md", "---\ntitle: أسئلة\ndescription: أسئلة شائعة\n---\nنص.\n"),
        "content/pages/faq.ar.md:2:1: translation of 'faq' has no faq.md in the default language",
    ),
    Case(
        "page-key-in-two-folders",
        copy(PAGE, "content/pages/legal/about.md"),
        "content/pages/legal/about.md:1:1: page 'about.md' also exists as content/pages/about.md",
    ),
    Case(
        "two-home-pages",
        both(
            replace(PAGE, "nav_order: 1", "layout: home"),
            write(
                "content/pages/index.md", "---\ntitle: Home\ndescription: Home page\nlayout: home\n---\nHi.\n"
            ),
        ),
        "content/pages/index.md:4:9: layout: only one page may use layout 'home' (also: about)",
    ),
    Case(
        "page-not-utf8",
        write_bytes("content/pages/legal.md", b"---\ntitle: Legal\ndescription: \xa9 2026\n---\n"),
        "content/pages/legal.md:3:14: not UTF-8 text (invalid start byte); save the file as UTF-8",
    ),
]

SITE = [
    Case(
        "site-syntax",
        replace("site.yaml", "currency: USD", "currency: [USD"),
        "site.yaml:9:13: malformed YAML: while parsing a flow sequence did not find expected ',' or ']'",
    ),
    Case(
        "site-unknown-key",
        replace("site.yaml", "currency: USD", "curency: USD"),
        "site.yaml:8:1: curency: unknown key 'curency' (did you mean 'currency'?)",
        errors=2,  # and currency is missing
    ),
    Case(
        "site-currency",
        replace("site.yaml", "currency: USD", "currency: usd"),
        "site.yaml:8:11: currency: 'usd' is not an ISO 4217 currency code",
    ),
    Case(
        "site-language-underscore",
        replace("site.yaml", "default_language:", "  - {code: en_US, name: US}\ndefault_language:"),
        "site.yaml:7:12: languages[2].code: 'en_US' uses '_'; BCP 47 tags use '-' (did you mean 'en-US'?)",
    ),
    Case(
        "site-language-unknown",
        replace("site.yaml", "default_language:", "  - {code: jp, name: JP}\ndefault_language:"),
        "site.yaml:7:12: languages[2].code: 'jp' is not a known BCP 47 language tag",
    ),
    Case(
        "site-navigation-target",
        replace("site.yaml", 'target: "category:valves"', 'target: "category:valve"'),
        "site.yaml:26:49: navigation[1].target: unknown category 'valve' (did you mean 'valves'?)",
    ),
    Case(
        "site-logo-missing",
        replace("site.yaml", "logo: images/logo.png", "logo: images/logo.svg"),
        "site.yaml:12:9: organization.logo: image file 'images/logo.svg' not found in content/",
    ),
    Case(
        "site-title-placeholder",
        replace(
            "site.yaml", 'product: {en: "{name} ({sku}) | {site}"', 'product: {en: "{nme} ({sku}) | {site}"'
        ),
        "site.yaml:31:19: seo.titles.product.en: unknown placeholder {nme} (available: {category}, {moq}, {name}, {site}, {sku}, {summary})",
    ),
    Case("site-missing", remove("site.yaml"), "site.yaml:1:1: file not found"),
    Case(
        "site-check-rule-unknown",
        replace(
            "site.yaml", "seo:\n  titles:", "seo:\n  checks: {severity: {title.mising: warning}}\n  titles:"
        ),
        "site.yaml:28:22: seo.checks.severity: unknown rule id 'title.mising' (did you mean 'title.missing'?)",
    ),
    Case(
        "site-date",
        replace("site.yaml", "founding_year: 2006", "founding_year: 2006-13-01"),
        "site.yaml:16:18: organization.founding_year: '2006-13-01' is not a valid date",
    ),
    Case(
        "site-alias-bomb",
        replace("site.yaml", "currency: USD\n", "currency: USD\n" + alias_bomb()),
        "site.yaml:13:1: a4: aliases expand to more than 10,000 values",
    ),
]

MATRICES = [
    Case(
        "matrix-placeholder",
        replace(MATRIX, 'h1: {en: "{product} for {application}"}', 'h1: {en: "{produkt} for {application}"}'),
        f"{MATRIX}:23:12: patterns.h1.en: unknown placeholder {{produkt}}",
    ),
    Case(
        "matrix-hub-dimension",
        replace(MATRIX, "dimension: application", "dimension: market"),
        f"{MATRIX}:4:14: hub.dimension: 'market' is not a dimension",
    ),
    Case(
        "matrix-where-field",
        replace(MATRIX, "where: {category: [valves]}", "where: {categroy: [valves]}"),
        f"{MATRIX}:13:13: dimensions[0].where.categroy: unknown product field 'categroy' (did you mean 'category'?)",
    ),
    Case(
        "matrix-duplicate-id",
        copy(MATRIX, "content/pseo/copy.yaml"),
        f"{MATRIX}:1:5: id: duplicate matrix id 'uses'",
    ),
    Case(
        "matrix-language",
        replace(MATRIX, "languages: [en]", "languages: [de]"),
        f"{MATRIX}:2:13: languages[0]: 'de' is not one of the site's languages",
    ),
    Case(
        "matrix-page-cap",
        replace(MATRIX, "languages: [en]", "languages: [en]\nquality: {max_pages: 1}"),
        f"{MATRIX}:1:5: quality.max_pages: matrix 'uses' would produce 2 pages, above its cap of 1",
    ),
    Case(
        "matrix-bad-pattern",
        replace(
            MATRIX, 'keyword: {en: "{product} {application}"}', 'keyword: {en: "{product} {application"}'
        ),
        f"{MATRIX}:24:17: patterns.keyword.en: expected '}}' before end of string",
    ),
    Case(
        "matrix-yml-syntax",
        write("content/pseo/more.yml", "id: [more\n"),
        "content/pseo/more.yml:2:1: malformed YAML:",
    ),
]

DRAFTS = [
    Case(
        "related-to-draft",
        replace(PRODUCT, "slug: ball-valve-dn50", "slug: ball-valve-dn50\ndraft: true"),
        f"{RFQ}:10:11: related[0]: product 'BV-DN50' is a draft ({PRODUCT}): publish it or remove this reference",
    ),
    Case(
        "product-in-draft-category",
        replace(CATEGORY, "slug: valves", "slug: valves\ndraft: true"),
        f"{PRODUCT}:3:11: category: category 'valves' is a draft ({CATEGORY}): publish it or remove this reference",
        errors=3,  # one per reference: both products and the navigation
    ),
    Case(
        "navigation-to-draft",
        both(
            replace(PAGE, "nav_order: 1", "nav_order: 1\ndraft: true"),
            replace("site.yaml", "target: home}", 'target: home}\n  - {label: About, target: "page:about"}'),
        ),
        f"site.yaml:26:28: navigation[1].target: page 'about' is a draft ({PAGE}): publish it or remove this reference",
    ),
    Case(
        "draft-not-a-boolean",
        replace(PAGE, "nav_order: 1", "draft: maybe"),
        f"{PAGE}:4:8: draft: input should be a valid boolean",
    ),
]

FILESYSTEM = [
    Case(
        "bom-in-the-middle",
        write_bytes("content/products/bom.yaml", b"sku: BOM-1\n\xef\xbb\xbfslug: x\n"),
        "content/products/bom.yaml:2:2: malformed YAML: while parsing a block mapping did not find expected key",
    ),
    Case(
        "utf16-file",
        write_bytes("content/categories/utf16.yaml", "slug: x\n".encode("utf-16")),
        "content/categories/utf16.yaml:1:1: not UTF-8 text (invalid start byte); save the file as UTF-8",
    ),
    Case(
        "nul-bytes",
        write_bytes("content/categories/binary.yaml", b"slug: x\n\x00\x01\x02"),
        "content/categories/binary.yaml:2:1: malformed YAML:",
    ),
]

THEME: list[Case] = []
"""Theme errors (template syntax, undefined variables, UI strings) belong here."""

MOQ_LINE = "moq: {quantity: 100, unit: C62}"
TRADE = [
    Case(
        "gtin-check-digit",
        replace(PRODUCT, MOQ_LINE, f'gtin: "4006381333932"\n{MOQ_LINE}'),
        f"{PRODUCT}:22:7: gtin: '4006381333932' has a wrong GS1 check digit",
    ),
    Case(
        "gtin-length",
        replace(PRODUCT, MOQ_LINE, f'gtin: "40063813339"\n{MOQ_LINE}'),
        f"{PRODUCT}:22:7: gtin: '40063813339' is not a GTIN-8, -12, -13 or -14 (digits only)",
    ),
    Case(
        "price-valid-until-past",
        replace(PRODUCT, MOQ_LINE, f"price_valid_until: 2020-01-31\n{MOQ_LINE}"),
        f"{PRODUCT}:22:20: price_valid_until: 2020-01-31 has passed: update the prices and this date",
    ),
    Case(
        "hs-code-country",
        replace(PRODUCT, MOQ_LINE, f'hs_codes: {{UK: "8481.80.81"}}\n{MOQ_LINE}'),
        f"{PRODUCT}:22:16: hs_codes.UK.[key]: 'UK' is not an ISO 3166-1 alpha-2 country code, e.g. DE or US",
    ),
    Case(
        "packaging-weight-unit",
        replace(PRODUCT, MOQ_LINE, f"packaging: {{gross_weight: {{value: 3, unit: LBR}}}}\n{MOQ_LINE}"),
        f"{PRODUCT}:22:44: packaging.gross_weight.unit: input should be 'GRM' or 'KGM'",
    ),
    Case(
        "returns-window-days",
        replace(
            "site.yaml",
            "currency: USD",
            "currency: USD\nreturns: {applicable_countries: [DE], return_country: CN, category: finite_window}",
        ),
        "site.yaml:9:10: returns.days: a finite_window policy needs days",
    ),
]

CASES = [*CONTENT_YAML, *FILES, *PAGES, *SITE, *MATRICES, *DRAFTS, *FILESYSTEM, *THEME, *TRADE]


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One good site with a matrix, built once; each case works on a copy of it."""
    root = tmp_path_factory.mktemp("prebuilt") / "site"
    site = write_site(
        root,
        {
            "site.yaml": SITE_YAML,
            CATEGORY: CATEGORY_YAML,
            PRODUCT: PRODUCT_YAML,
            RFQ: RFQ_PRODUCT_YAML,
            PAGE: PAGE_MD,
            PAGE_AR: PAGE_AR_MD,
            MATRIX: MATRIX_YAML,
        },
    )
    result = build(site, root / "public")
    assert result.exit_code == 0, result.output
    return root, snapshot(root / "public")


@pytest.fixture
def built(prebuilt: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    source, before = prebuilt
    root = tmp_path / "site"
    shutil.copytree(source, root, symlinks=True)
    return SiteFolder(root), root / "public", before


def test_the_corpus_is_large_and_ids_are_unique():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(built, case: Case):
    case.edit(built[0])
    output = fails_with(built, case.expected)
    assert f"Build failed: {case.errors} error{'s' if case.errors > 1 else ''}." in output, output


def test_unreadable_file(built):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = built[0].root / RFQ
    path.chmod(0)
    try:
        fails_with(built, f"{RFQ}:1:1: cannot read file: Permission denied")
    finally:
        path.chmod(0o644)


def test_bom_and_crlf_file_builds(built):
    """A file saved by a Windows editor: byte order mark and CRLF line ends."""
    site, out, _ = built
    for path in (PRODUCT, PAGE):
        text = site.read(path).replace("\n", "\r\n")
        (site.root / path).write_bytes(b"\xef\xbb\xbf" + text.encode())
    site.replace(
        RFQ, "related: [BV-DN50]", "related: [BV-DN50]\nupdated: 2026-13-01"
    )  # positions still count
    output = fails_with(built, f"{RFQ}:11:10: updated: '2026-13-01' is not a valid date")
    assert output.count(":") and "ball-valve-dn50.yaml" not in output and "about.md" not in output
    site.replace(RFQ, "\nupdated: 2026-13-01", "")
    result = build(site, out)
    assert result.exit_code == 0, result.output
    product = (out / "products/ball-valve-dn50/index.html").read_text(encoding="utf-8")
    assert "<h1" in product and "\ufeff" not in product and "\r" not in product.split("<main", 1)[1][:200]
    assert "About our valve factory" in (out / "about/index.html").read_text(encoding="utf-8")


def test_same_slug_in_two_languages_builds(built):
    """A slug is unique per language: the same slug in en and ar is two URLs."""
    site, out, _ = built
    site.replace(PAGE_AR, "slug: about-us", "slug: about")
    result = build(site, out)
    assert result.exit_code == 0, result.output
    assert (out / "about/index.html").is_file() and (out / "ar/about/index.html").is_file()
