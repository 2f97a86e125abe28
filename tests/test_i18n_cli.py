"""`pseo i18n`: status per language, PO export and import back into the YAML files."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner, Result
from lxml import etree, html

from generator.cli import main

from .conftest import REPO, SiteFolder, snapshot

THEME = sum(1 for message in read_po((REPO / "themes/default/locale/messages.pot").open("rb")) if message.id)
"""Messages of the default theme's template: every shipped catalog translates them all."""


def i18n(site: SiteFolder, *args: str) -> Result:
    result = CliRunner().invoke(main, ["i18n", *args, "--site", str(site.root)])
    assert "Traceback" not in result.output, result.output
    return result


def test_status_lists_every_missing_text_and_page_at_its_place(site: SiteFolder):
    site.write(
        "content/pages/contact.md", "---\ntitle: Contact\ndescription: How to reach us.\n---\nCall us.\n"
    )
    result = i18n(site, "status")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"ar: texts 7/12, pages 1/2, outdated 0, theme strings {THEME}/{THEME}, machine-translated 0",
        "  content/products/gate-valve-dn80.yaml:4:1: name",
        "  content/products/gate-valve-dn80.yaml:5:1: summary",
        "  content/products/gate-valve-dn80.yaml:6:1: description",
        "  content/products/ball-valve-dn50.yaml:30:17: faqs.ar[0].question",
        "  content/products/ball-valve-dn50.yaml:31:15: faqs.ar[0].answer",
        "  content/pages/contact.md:1:1: contact.ar.md",
    ]


def test_status_as_json_names_the_theme_strings_a_language_lacks(site: SiteFolder):
    site.replace(
        "site.yaml",
        "  - {code: ar, name: العربية}\n",
        "  - {code: ar, name: العربية}\n  - {code: sv, name: Svenska}\n",
    )
    result = i18n(site, "status", "--lang", "sv", "--format", "json")
    assert result.exit_code == 0, result.output
    (sv,) = json.loads(result.output)
    assert sv["lang"] == "sv"
    assert sv["theme_strings"]["present"] == 0 and sv["theme_strings"]["total"] > 0
    assert sv["pages"] == {"total": 1, "missing": 1}
    assert {"path": "content/categories/valves.yaml", "line": 2, "column": 1, "field": "name"} in sv[
        "missing"
    ]


def test_status_refuses_a_language_the_site_does_not_have(site: SiteFolder):
    result = i18n(site, "status", "--lang", "fr")
    assert result.exit_code == 2
    assert "--lang fr is not one of the site's languages (en, ar)" in result.output


GATE_VALVE_YAML = """\
# Gate valve: priced on request, quoted per project.
sku: GV-DN80
slug: gate-valve-dn80
category: valves   # the only line so far
name:
  en: Flanged gate valve DN80  # as on the drawing
summary: {en: Rising-stem gate valve to DIN 3352.}
description:
  en: |
    Rising stem, bolted bonnet.

    Flanged ends to EN 1092-1.
moq: {quantity: 20, unit: C62}
price_on_request: true
lead_time: {min_days: 30, max_days: 45}
related: [BV-DN50]
"""
TRANSLATED = {
    "yaml::name": "صمام بوابة بشفة DN80",
    "yaml::summary": "صمام بوابة بساق صاعدة وفق DIN 3352.",
    "yaml::description": "ساق صاعدة وغطاء مثبت بمسامير.\n\nأطراف بشفة وفق EN 1092-1.\n",
    "md::title": "عن مصنع الصمامات",
    "md::description": "من نحن وكيف نختبر كل صمام قبل الشحن.",
    "md::body": "نصنع الصمامات منذ عام 2006.\n",
    "faqs.ar[0].question": "هل يمكنكم إضافة شعارنا؟",
    "faqs.ar[0].answer": "نعم، بالحفر بالليزر على جسم الصمام.",
}


def export(site: SiteFolder, tmp_path: Path) -> Path:
    po = tmp_path / "ar.po"
    result = i18n(site, "export", "--lang", "ar", "--format", "po", "--out", str(po))
    assert result.exit_code == 0, result.output
    return po


def fill(po: Path, translations: dict[str, str]) -> None:
    """Translate each message whose msgctxt ends with a key of `translations`."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        for key, text in translations.items():
            if (message.context or "").endswith(key):
                message.string = text
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_export_then_import_round_trip_builds_the_translated_pages(site: SiteFolder, tmp_path: Path):
    (site.root / "content/pages/about.ar.md").unlink()
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    po = export(site, tmp_path)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    messages = {message.context: message for message in catalog if message.id}
    assert sorted(messages) == [
        "content/pages/about.md::body",
        "content/pages/about.md::description",
        "content/pages/about.md::title",
        "content/products/ball-valve-dn50.yaml::faqs.ar[0].answer",
        "content/products/ball-valve-dn50.yaml::faqs.ar[0].question",
        "content/products/gate-valve-dn80.yaml::description",
        "content/products/gate-valve-dn80.yaml::name",
        "content/products/gate-valve-dn80.yaml::summary",
    ]
    name = messages["content/products/gate-valve-dn80.yaml::name"]
    assert name.id == "Flanged gate valve DN80"
    assert name.locations == [("content/products/gate-valve-dn80.yaml", 5)]
    assert str(catalog.locale) == "ar"

    fill(po, TRANSLATED)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 0, result.output
    assert result.output == "imported ar: 3 file(s) updated\n"
    assert site.read("content/products/ball-valve-dn50.yaml").endswith(
        "    - question: Can you add our logo?\n      answer: Yes, by laser marking on the body.\n"
        f"  ar:\n    - question: {TRANSLATED['faqs.ar[0].question']}\n"
        f"      answer: {TRANSLATED['faqs.ar[0].answer']}\nupdated: 2026-10-01\n"
    )

    expected = (
        GATE_VALVE_YAML.replace(
            "  en: Flanged gate valve DN80  # as on the drawing\n",
            "  en: Flanged gate valve DN80  # as on the drawing\n  ar: صمام بوابة بشفة DN80\n",
        )
        .replace(
            "{en: Rising-stem gate valve to DIN 3352.}",
            "{en: Rising-stem gate valve to DIN 3352., ar: صمام بوابة بساق صاعدة وفق DIN 3352.}",
        )
        .replace(
            "    Flanged ends to EN 1092-1.\n",
            "    Flanged ends to EN 1092-1.\n  ar: |\n    ساق صاعدة وغطاء مثبت بمسامير.\n\n    أطراف بشفة وفق EN 1092-1.\n",
        )
    )
    assert site.read("content/products/gate-valve-dn80.yaml") == expected

    out = tmp_path / "public"
    built = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])
    assert built.exit_code == 0, built.output
    headings = {}
    for page in (out / "ar").rglob("index.html"):
        tree = html.fromstring(page.read_bytes())
        assert tree.get("lang") == "ar"
        headings.update({h1.text_content().strip(): tree for h1 in tree.iter("h1")})
    assert TRANSLATED["yaml::name"] in headings
    assert TRANSLATED["md::title"] in headings
    assert "نصنع الصمامات منذ عام 2006." in headings[TRANSLATED["md::title"]].text_content()
    ball_valve = headings["صمام كروي من قطعتين DN50"].text_content()
    assert TRANSLATED["faqs.ar[0].question"] in ball_valve and TRANSLATED["faqs.ar[0].answer"] in ball_valve
    assert "Flanged gate valve DN80" not in headings[TRANSLATED["yaml::name"]].xpath("string(//main)")


def test_import_errors_point_into_the_catalog_and_leave_the_site_untouched(site: SiteFolder, tmp_path: Path):
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    po = export(site, tmp_path)
    fill(po, {"yaml::summary": TRANSLATED["yaml::summary"]})
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace("gate-valve-dn80.yaml::summary", "gate-valve-dn80.yaml::sumary")
        + '\nmsgctxt "content/products/gate-valve-dn80.yaml::sku"\nmsgid "GV-DN80"\nmsgstr "X"\n'
        + '\nmsgctxt "site.yaml::tagline"\nmsgid "Stainless valves"\nmsgstr "X"\n',
        encoding="utf-8",
    )
    lines = po.read_text(encoding="utf-8").splitlines()
    summary_line = lines.index('msgid "Rising-stem gate valve to DIN 3352."') + 1
    sku_line = lines.index('msgid "GV-DN80"') + 1
    tagline_line = lines.index('msgid "Stainless valves"') + 1
    before = snapshot(site.root)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{po}:{summary_line}: msgctxt 'content/products/gate-valve-dn80.yaml::sumary' names no translatable field",
        f"{po}:{sku_line}: msgctxt 'content/products/gate-valve-dn80.yaml::sku' is language-neutral text",
        f"{po}:{tagline_line}: msgctxt 'site.yaml::tagline' names no field of the site",
        "nothing imported: 3 error(s)",
    ]
    assert snapshot(site.root) == before


def test_an_import_that_would_break_the_site_writes_nothing(site: SiteFolder, tmp_path: Path):
    """Only the name translated: the product would be published in Arabic without its summary."""
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    po = export(site, tmp_path)
    fill(po, {"yaml::name": TRANSLATED["yaml::name"]})
    before = snapshot(site.root)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "content/products/gate-valve-dn80.yaml:8:10: summary: translated to 'ar' in name but not here; "
        "also missing: description (ar) (after import)"
    )
    assert snapshot(site.root) == before


def built_pages(site: SiteFolder, out: Path) -> dict[str, html.HtmlElement]:
    """Every built page by its h1, after a build that must succeed."""
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])
    assert result.exit_code == 0, result.output
    pages = {}
    for page in out.rglob("index.html"):
        tree = html.fromstring(page.read_bytes())
        pages.update({h1.text_content().strip(): tree for h1 in tree.iter("h1")})
    return pages


def sitemap_urls(out: Path) -> set[str]:
    """Every <loc> and hreflang alternate of every sitemap."""
    urls = set()
    for path in out.rglob("*.xml"):
        tree = etree.parse(str(path))
        urls.update(tree.xpath("//*[local-name()='loc']/text() | //*[local-name()='link']/@href"))
    return urls


def test_machine_translations_are_built_noindex_and_listed_until_reviewed(site: SiteFolder, tmp_path: Path):
    (site.root / "content/pages/about.ar.md").unlink()
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    po = export(site, tmp_path)
    fill(po, TRANSLATED)
    result = i18n(site, "import", "--machine", str(po))
    assert result.exit_code == 0, result.output
    product = site.read("content/products/gate-valve-dn80.yaml")
    assert product.endswith("related: [BV-DN50]\ntranslation:\n  ar: machine\n")
    assert "translation: machine\n" in site.read("content/pages/about.ar.md")

    status = i18n(site, "status").output.splitlines()
    assert (
        status[0]
        == f"ar: texts 12/12, pages 1/1, outdated 0, theme strings {THEME}/{THEME}, machine-translated 3"
    )
    assert status[1:] == [
        "  content/pages/about.ar.md:4:14: machine translation, not reviewed",
        "  content/products/ball-valve-dn50.yaml:37:7: machine translation, not reviewed",
        "  content/products/gate-valve-dn80.yaml:23:7: machine translation, not reviewed",
    ]

    out = tmp_path / "public"
    pages = built_pages(site, out)
    sitemaps = sitemap_urls(out)
    for name, english in (
        (TRANSLATED["yaml::name"], "Flanged gate valve DN80"),
        (TRANSLATED["md::title"], "About our valve factory"),
    ):
        translated = pages[name]
        assert translated.xpath("string(//meta[@name='robots']/@content)") == "noindex, follow"
        url = translated.xpath("string(//link[@rel='canonical']/@href)")
        assert url and url not in sitemaps
        assert pages[english].xpath("string(//link[@rel='canonical']/@href)") in sitemaps
        assert pages[english].xpath("//link[@rel='alternate'][@hreflang='ar']") == []
        assert pages[english].xpath("string(//meta[@name='robots']/@content)") == "index, follow"

    site.replace("site.yaml", "currency: USD\n", "currency: USD\nmachine_translations: publish\n")
    pages = built_pages(site, tmp_path / "published")
    translated = pages[TRANSLATED["yaml::name"]]
    assert translated.xpath("string(//meta[@name='robots']/@content)") == "index, follow"
    assert translated.xpath("string(//link[@rel='canonical']/@href)") in sitemap_urls(tmp_path / "published")


def test_a_file_whose_layout_a_rewrite_would_change_is_refused(site: SiteFolder, tmp_path: Path):
    """Mixed indentation cannot be reproduced by the round trip: refused, not reformatted."""
    site.write(
        "content/products/gate-valve-dn80.yaml",
        GATE_VALVE_YAML.replace("  en: Flanged gate valve DN80", "      en: Flanged gate valve DN80"),
    )
    po = export(site, tmp_path)
    fill(po, TRANSLATED)
    before = snapshot(site.root)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/products/gate-valve-dn80.yaml:1:1: its layout cannot be kept by a rewrite; translate it by hand",
        "nothing imported: 1 error(s)",
    ]
    assert snapshot(site.root) == before


def test_a_catalog_in_a_language_the_site_lacks_is_refused(site: SiteFolder, tmp_path: Path):
    result = i18n(site, "export", "--lang", "ar")
    assert result.exit_code == 0
    assert 'msgctxt "content/products/gate-valve-dn80.yaml::name"' in result.output
    po = tmp_path / "fr.po"
    po.write_text(result.output.replace('"Language: ar\\n"', '"Language: fr\\n"'), encoding="utf-8")
    result = i18n(site, "import", str(po))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{po}:1: Language 'fr' is not a translation language of the site (ar)",
        "nothing imported: 1 error(s)",
    ]


def test_export_without_a_language_writes_one_file_per_language(tmp_path: Path):
    """The second catalog: a PO file for each of zh-Hans, ru and he, each naming its language,
    with the texts of products, categories, pages, articles and landing-page matrices."""
    root = tmp_path / "cable"
    shutil.copytree(REPO / "tests/fixtures/cable-catalog", root)
    site = SiteFolder(root)
    out = tmp_path / "to-translate"
    result = i18n(site, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["he.po", "ru.po", "zh-Hans.po"]
    for lang in ("zh-Hans", "ru", "he"):
        with (out / f"{lang}.po").open("rb") as handle:
            catalog = read_po(handle)
        assert str(catalog.locale).replace("_", "-") == lang
        alone = read_po(io.BytesIO(i18n(site, "export", "--lang", lang).stdout_bytes))
        assert [(m.context, m.id) for m in catalog] == [(m.context, m.id) for m in alone], lang
    assert f"{out / 'he.po'}: 36 texts to translate into he" in result.output.splitlines()
    hebrew = (out / "he.po").read_text(encoding="utf-8")
    for context in (
        "content/pages/privacy.md::body",
        "content/articles/xlpe-or-pvc-insulation.md::title",
        "content/pseo/cables-by-project.yaml::dimensions[1].values[0].text",
    ):
        assert f'msgctxt "{context}"' in hebrew

    refused = i18n(site, "export")
    assert refused.exit_code == 2
    assert "without --lang, --out names the folder for one file per language" in refused.output
