"""The theme's UI strings on built pages: no English under another `lang` in ten shipped
languages, a site's catalog overriding single messages, a declared fallback marked with
its lang, positioned errors for broken catalogs, and `pseo check`'s i18n.untranslated-ui."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import html

from generator.check import check_site
from generator.cli import main
from generator.models.checks import CheckSettings
from generator.render.catalogs import ui_phrases
from generator.theme_layers import theme_layers

from .conftest import REPO, SiteFolder, build, fails_with, snapshot, write_site

TEN = ["en", "de", "fr", "ru", "ja", "zh-Hans", "ar", "es", "pt-BR", "he"]
ORIGIN = "https://www.example-valves.com"
SITE_YAML = """\
base_url: https://www.example-valves.com
name: Valvco
tagline: "DN15–DN300 · PN16 · CF8M"
languages:
{languages}
default_language: en
currency: USD
organization:
  name: Valvco
  legal_name: Valvco Ltd.
  founding_year: 2006
  employees: 120
  logo: images/logo.png
  address: {{street: 1 Harbour Road, city: Ningbo, country: CN}}
  phone: "+86 574 1234 5678"
  email: sales@example-valves.com
inquiry:
  endpoint: https://forms.example-valves.com/inquiry
  consent: "GDPR ✓"
  fields:
    - {{name: email, label: "✉", type: email, required: true}}
    - {{name: port, label: "⚓", type: select, options: [DN50, DN80]}}
navigation:
  - {{label: "⌂", target: home}}
  - {{label: "DN", target: "category:valves"}}
seo:
  titles: {{home: "{{site}} DN15–DN300", category: "{{name}} | {{site}}", product: "{{name}} ({{sku}}) | {{site}}", page: "{{title}} | {{site}}"}}
  descriptions: {{home: "{{tagline}}", category: "{{name}}: {{summary}}", product: "{{name}} {{summary}} {{moq}}", page: "{{title}}"}}
"""
CATEGORY_YAML = "slug: valves\nname: CF8M DN15–DN300\nsummary: PN16 · PN40\n"
PRODUCT_YAML = """\
sku: BV-DN50
slug: bv-dn50
category: valves
name: BV-DN50 CF8M
summary: "CF8M · PTFE · PN40"
description: "CF8M / PTFE / ISO 5211"
specs:
  - {name: DN, value: "50"}
images:
  - {src: images/valve.jpg, alt: BV-DN50}
moq: {quantity: 100, unit: C62}
price_tiers:
  - {min_qty: 100, max_qty: 499, unit_price: 18.50}
  - {min_qty: 500, unit_price: 15.20}
lead_time: {min_days: 15, max_days: 25}
availability: made_to_order
sample: {available: true, lead_days: 3}
incoterms: [FOB]
"""
RFQ_YAML = """\
sku: GV-DN80
slug: gv-dn80
category: valves
name: GV-DN80 WCB
summary: "WCB · DIN 3352"
description: "WCB / DIN 3352"
moq: {quantity: 2, unit: SET}
price_on_request: true
lead_time: {min_days: 1, max_days: 2}
availability: in_stock
"""


def neutral_site(root: Path, languages: list[str], extra: str = "") -> SiteFolder:
    """A site whose own texts are language-neutral codes: every word on its pages in a
    language other than English is the theme's."""
    listed = "\n".join(
        f"  - {{code: {code}, name: {code}{extra if code == languages[-1] else ''}}}" for code in languages
    )
    return write_site(
        root,
        {
            "site.yaml": SITE_YAML.format(languages=listed),
            "content/categories/valves.yaml": CATEGORY_YAML,
            "content/products/bv-dn50.yaml": PRODUCT_YAML,
            "content/products/gv-dn80.yaml": RFQ_YAML,
        },
    )


def catalog_texts(lang: str) -> list[str]:
    """Every translation (each plural form) of the theme's catalog for `lang`."""
    path = REPO / f"themes/default/locale/{lang.replace('-', '_')}/LC_MESSAGES/messages.po"
    texts = []
    for message in read_po(path.open("rb")):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += strings if message.id else ()
    return texts


def english_parts(words: int) -> set[str]:
    """Text of the English catalog between placeholders, not codes alone: phrases of two
    words or more (`words=2`) or single words of three letters or more (`words=1`)."""
    found = set()
    for text in catalog_texts("en"):
        for part in re.split(r"%\(\w+\)s", text):
            phrase = " ".join(part.split()).strip(" :;,.–")
            count = len(phrase.split())
            if any(c.islower() for c in phrase) and (
                count >= 2 if words == 2 else count == 1 and len(phrase) > 2
            ):
                found.add(phrase)
    return found


def own_text(tree: html.HtmlElement) -> str:
    """Visible text in the page's own language: no scripts, nothing marked with another lang."""
    lang = tree.get("lang")
    texts = tree.xpath(
        "//body//text()[not(ancestor::script)][ancestor::*[@lang][1]/@lang = $lang]", lang=lang
    )
    return " ".join(" ".join(texts).split())


def built_pages(out: Path) -> dict[str, html.HtmlElement]:
    pages = {
        p.relative_to(out).as_posix(): html.fromstring(p.read_bytes()) for p in sorted(out.rglob("*.html"))
    }
    return {path: tree for path, tree in pages.items() if not tree.xpath('//meta[@http-equiv="refresh"]')}


def test_no_english_ui_text_on_pages_in_ten_languages(tmp_path: Path):
    site = neutral_site(tmp_path / "site", TEN)
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    english = english_parts(2)
    assert {"Request a quotation", "Minimum order quantity", "Lead time"} <= english
    words = english_parts(1)
    assert {"Home", "Specifications", "Warranty", "pieces"} <= words
    # A word the language's own catalog writes the same ("Incoterms") is not a leak.
    own_words = {lang: set(re.findall(r"\w+", " ".join(catalog_texts(lang)))) for lang in TEN}
    seen: dict[str, int] = {}
    for path, tree in built_pages(out).items():
        lang = tree.get("lang")
        seen[lang] = seen.get(lang, 0) + 1
        if lang == "en":
            continue
        text = own_text(tree)
        leaks = sorted(phrase for phrase in english if phrase in text)
        leaks += sorted(
            word for word in words - own_words[lang] if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
        )
        assert not leaks, f"{path} ({lang}): English UI text {leaks}"
        assert not tree.xpath("//body//span[@lang]"), f"{path}: nothing falls back"
        assert re.fullmatch(
            r"[a-z]{2}_[A-Z]{2}", tree.xpath("string(//meta[@property='og:locale']/@content)")
        )
    assert set(seen) == set(TEN) and min(seen.values()) >= 5, seen
    report = check_site(out, ORIGIN, CheckSettings(), jobs=1, ui_phrases=ui_phrases(theme_layers(site.root)))
    assert [f for f in report.findings if f.rule_id.startswith(("i18n.", "og."))] == []


def test_a_regional_language_without_its_generic_code_is_found_by_pseo_check(tmp_path: Path):
    """Spanish only as es-MX leaves Spanish searchers elsewhere to English, until es-MX
    declares that it also serves `es`."""
    site = neutral_site(tmp_path / "site", ["en", "es-MX"])
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    report = check_site(out, ORIGIN, CheckSettings(), jobs=1)
    found = {f.url_or_path for f in report.findings if f.rule_id == "hreflang.generic-missing"}
    assert f"{ORIGIN}/es-mx/products/bv-dn50/" in found and f"{ORIGIN}/products/bv-dn50/" in found

    site.replace("site.yaml", "{code: es-MX, name: es-MX}", "{code: es-MX, name: es-MX, also_serves: [es]}")
    assert build(site, out).exit_code == 0
    page = html.fromstring((out / "es-mx/products/bv-dn50/index.html").read_bytes())
    assert page.xpath("//link[@hreflang='es']/@href") == [f"{ORIGIN}/es-mx/products/bv-dn50/"]
    assert page.xpath("string(//meta[@property='og:locale']/@content)") == "es_MX"
    report = check_site(out, ORIGIN, CheckSettings(), jobs=1)
    assert [f for f in report.findings if f.rule_id == "hreflang.generic-missing"] == []


def test_a_site_catalog_overrides_single_messages(tmp_path: Path):
    site = neutral_site(tmp_path / "site", ["en", "ru"])
    site.write(
        "locale/ru/LC_MESSAGES/messages.po",
        """\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"
        "Plural-Forms: nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : 3);\\n"

        msgid "Request a quotation"
        msgstr "Получить цену <сегодня> & сейчас"
        """,
    )
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    raw = (out / "ru/products/bv-dn50/index.html").read_text(encoding="utf-8")
    tree = html.fromstring(raw)
    assert "Получить цену <сегодня> & сейчас" in tree.xpath("//h2/text()")
    assert "Получить цену &lt;сегодня&gt; &amp; сейчас" in raw, "catalog text is escaped like any text"
    assert "Минимальная партия:" in tree.xpath("//strong/text()"), "other messages come from the theme"
    english = (out / "products/bv-dn50/index.html").read_text(encoding="utf-8")
    assert "Request a quotation" in english
    site.replace("locale/ru/LC_MESSAGES/messages.po", "Получить цену <сегодня> & сейчас", "Узнать цену")
    assert build(site, out).exit_code == 0
    rebuilt = html.fromstring((out / "ru/products/bv-dn50/index.html").read_bytes())
    assert "Узнать цену" in rebuilt.xpath("//h2/text()"), "a changed site catalog re-renders the pages"


def test_a_declared_fallback_is_marked_with_its_language(tmp_path: Path):
    """Swedish has no catalog; with `fallback: en` its pages show the English UI, each
    string inside an element with lang="en" (attributes carry the plain text)."""
    site = neutral_site(tmp_path / "site", ["en", "sv"], extra=", fallback: en")
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    tree = html.fromstring((out / "sv/products/bv-dn50/index.html").read_bytes())
    assert tree.get("lang") == "sv"
    marked = [span.text_content() for span in tree.xpath('//span[@lang="en"]')]
    assert "Request a quotation" in marked and "Minimum order quantity" in marked
    assert tree.xpath('//nav[@aria-label="Breadcrumb"]'), "attribute text is plain"
    assert tree.xpath('//option[@lang="en"]/text()') == ["Please choose"], (
        "an option holds no span: it is marked"
    )
    not_found = html.fromstring((out / "sv/404.html").read_bytes())
    assert not_found.xpath('//h1/span[@lang="en"]/text()') == ["Page not found"]
    report = check_site(out, ORIGIN, CheckSettings(), jobs=1, ui_phrases=ui_phrases(theme_layers(site.root)))
    assert [f for f in report.findings if f.rule_id == "i18n.untranslated-ui"] == []


def test_a_fallback_must_be_complete_itself(tmp_path: Path):
    site = neutral_site(tmp_path / "site", ["en", "sv"], extra=", fallback: sw")
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 1
    assert (
        "site.yaml:6:12: languages[1].code: the theme 'default' catalogs for 'sv' and its fallback 'sw' lack "
        in result.output
    )
    assert "'%(label)s:' (themes/default/locale/messages.pot:" in result.output


def test_untranslated_ui_is_found_by_pseo_check(tmp_path: Path):
    """A site catalog that leaves two Russian messages in English: the check names them."""
    site = neutral_site(tmp_path / "site", ["en", "ru"])
    site.write(
        "locale/ru/LC_MESSAGES/messages.po",
        """\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"

        msgid "Request a quotation"
        msgstr "Request a quotation"

        msgid "Lead time"
        msgstr "Lead time"
        """,
    )
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    report = check_site(out, ORIGIN, CheckSettings(), jobs=1, ui_phrases=ui_phrases(theme_layers(site.root)))
    found = {f.url_or_path: f for f in report.findings if f.rule_id == "i18n.untranslated-ui"}
    product = found[f"{ORIGIN}/ru/products/bv-dn50/"]
    assert product.severity == "warning"
    assert product.message == "English UI text on a lang=\"ru\" page: 'Request a quotation', 'Lead time'"
    assert all("/ru/" in url for url in found)


def test_a_malformed_site_catalog_is_a_positioned_error(site: SiteFolder, tmp_path: Path):
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    site.write(
        "locale/ar/LC_MESSAGES/messages.po",
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Home"\nmsgstr "x\n',
    )
    fails_with((site, out, snapshot(out)), "locale/ar/LC_MESSAGES/messages.po:6:1: ")


def test_a_catalog_with_other_plural_forms_than_cldr_is_an_error(site: SiteFolder, tmp_path: Path):
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    site.write(
        "locale/ar/LC_MESSAGES/messages.po",
        """\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "piece"
        msgid_plural "pieces"
        msgstr[0] "قطعة"
        msgstr[1] "قطع"

        msgid "Home"
        msgstr "%(page)s"
        """,
    )
    output = fails_with((site, out, snapshot(out)))
    assert (
        "locale/ar/LC_MESSAGES/messages.po:4:1: Plural-Forms: nplurals=2, but CLDR gives 'ar' nplurals=6;"
        in output
    )
    assert "locale/ar/LC_MESSAGES/messages.po:11:1: Home: placeholder %(page)s is not in the msgid" in output


def test_i18n_status_reports_theme_catalog_completeness(site: SiteFolder, no_packaged_theme: None):
    """`pseo i18n status` counts the messages each language's catalogs translate and names
    the missing ones at their line in messages.pot."""
    site.write(
        "locale/ar/LC_MESSAGES/messages.po",
        """\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"

        msgid "Lead time"
        msgstr ""
        """,
    )
    catalog = site.root / "themes/default/locale/ar/LC_MESSAGES/messages.po"
    catalog.write_text(
        re.sub(r'(msgid "Lead time"\nmsgstr ).*', r'\1""', catalog.read_text("utf-8")), "utf-8"
    )
    result = CliRunner().invoke(main, ["i18n", "status", "--site", str(site.root)])
    assert result.exit_code == 0, result.output
    template = (REPO / "themes/default/locale/messages.pot").read_text("utf-8").splitlines()
    line = template.index('msgid "Lead time"') + 1
    total = sum(text.startswith("msgid ") for text in template) - 1
    assert f"theme strings {total - 1}/{total}" in result.output.splitlines()[0]
    assert (
        f"  themes/default/locale/messages.pot:{line}: UI message 'Lead time'" in result.output.splitlines()
    )
