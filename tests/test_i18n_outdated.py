"""Translations made from an earlier source text: the import records in translations.lock
what each was made from; after an edit of the default language's text, status counts it
outdated and export hands exactly that text back, its old translation as a draft."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from lxml import etree, html

from generator.translate.lock import source_digest

from .conftest import REPO, SiteFolder, build, snapshot
from .test_i18n_cli import GATE_VALVE_YAML, TRANSLATED, export, fill, i18n

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
GATE = "content/products/gate-valve-dn80.yaml"
BALL = "content/products/ball-valve-dn50.yaml"
ABOUT = "content/pages/about.md"
NEW_SUMMARY = "Rising-stem gate valve to DIN 3352 for PN16 lines."
NEW_SUMMARY_AR = "صمام بوابة بساق صاعدة وفق DIN 3352 لخطوط PN16."


def messages(po: Path) -> dict[str, object]:
    with po.open("rb") as handle:
        return {message.context: message for message in read_po(handle) if message.id}


def imported(site: SiteFolder, tmp_path: Path) -> None:
    """The gate valve and the about page exported, translated and imported into Arabic."""
    (site.root / "content/pages/about.ar.md").unlink()
    site.write(GATE, GATE_VALVE_YAML)
    po = export(site, tmp_path)
    fill(po, TRANSLATED)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 0, result.output


def test_import_records_the_source_of_each_translation(site: SiteFolder, tmp_path: Path):
    imported(site, tmp_path)
    lock = json.loads(site.read("translations.lock"))
    assert lock == {
        "format": 1,
        "languages": {
            "ar": {
                f"{ABOUT}::body": source_digest("We have made stainless valves since 2006.\n"),
                f"{ABOUT}::description": source_digest(
                    "Who we are, what we make and how we test every valve before it ships."
                ),
                f"{ABOUT}::title": source_digest("About our valve factory"),
                f"{BALL}::faqs.ar[0].answer": source_digest("Yes, by laser marking on the body."),
                f"{BALL}::faqs.ar[0].question": source_digest("Can you add our logo?"),
                f"{GATE}::description": source_digest(
                    "Rising stem, bolted bonnet.\n\nFlanged ends to EN 1092-1."
                ),
                f"{GATE}::name": source_digest("Flanged gate valve DN80"),
                f"{GATE}::summary": source_digest("Rising-stem gate valve to DIN 3352."),
            }
        },
    }
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]
    assert messages(export(site, tmp_path)) == {}, "nothing left to translate"


def test_a_changed_source_text_is_exported_with_its_old_translation(site: SiteFolder, tmp_path: Path):
    imported(site, tmp_path)
    site.replace(GATE, "{en: Rising-stem gate valve to DIN 3352.,", f"{{en: {NEW_SUMMARY},")

    status = i18n(site, "status").output.splitlines()
    assert status[0].startswith("ar: texts 12/12, pages 1/1, outdated 1, ")
    assert status[1:] == [
        f"  {GATE}:8:1: summary: outdated, the source text changed since the translation was imported"
    ]
    (ar,) = json.loads(i18n(site, "status", "--format", "json").output)
    assert ar["outdated"] == [{"path": GATE, "line": 8, "column": 1, "field": "summary"}]

    po = export(site, tmp_path)
    exported = messages(po)
    assert list(exported) == [f"{GATE}::summary"]
    summary = exported[f"{GATE}::summary"]
    assert summary.id == NEW_SUMMARY
    assert summary.string == TRANSLATED["yaml::summary"], "the old translation, to revise"
    assert summary.fuzzy
    assert summary.auto_comments == [
        "The source text changed since this translation was imported: revise it."
    ]
    assert "#, fuzzy" in po.read_text(encoding="utf-8")

    before = snapshot(site.root)
    result = i18n(site, "import", str(po))
    assert result.output == "imported ar: 0 file(s) updated\n", "a draft left fuzzy is not imported"
    assert snapshot(site.root) == before

    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog.get(NEW_SUMMARY, context=f"{GATE}::summary").string = NEW_SUMMARY_AR
    catalog.get(NEW_SUMMARY, context=f"{GATE}::summary").flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    result = i18n(site, "import", str(po))
    assert result.output == "imported ar: 1 file(s) updated\n", result.output
    assert f"{{en: {NEW_SUMMARY}, ar: {NEW_SUMMARY_AR}}}" in site.read(GATE)
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]
    assert messages(export(site, tmp_path)) == {}


def test_a_translation_confirmed_unchanged_is_current_again(site: SiteFolder, tmp_path: Path):
    """The translator keeps the old translation (a typo fix in the English): the file
    stays as it was, the lock records the new source."""
    imported(site, tmp_path)
    site.replace(
        GATE, "{en: Rising-stem gate valve to DIN 3352.,", "{en: Rising-stem gate valve to  DIN 3352 .,"
    )
    po = export(site, tmp_path)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("#, fuzzy\n", ""), encoding="utf-8")
    content = site.read(GATE)
    result = i18n(site, "import", str(po))
    assert result.output == "imported ar: 0 file(s) updated\n", result.output
    assert site.read(GATE) == content
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]


def test_an_outdated_page_field_revises_the_translation_file_in_place(site: SiteFolder, tmp_path: Path):
    imported(site, tmp_path)
    site.replace(ABOUT, "since 2006.", "since 2006 and test each one at 1.5 × PN.")
    site.replace(
        "content/pages/about.ar.md",
        "---\n",
        "---\n# reviewed by the Dubai office\n",
    )
    po = export(site, tmp_path)
    exported = messages(po)
    assert list(exported) == [f"{ABOUT}::body"]
    assert exported[f"{ABOUT}::body"].string == TRANSLATED["md::body"]
    assert exported[f"{ABOUT}::body"].locations == [(ABOUT, 6)]
    fill(po, {"md::body": "نصنع الصمامات منذ عام 2006 ونختبر كل صمام عند 1.5 × PN.\n"})
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    result = i18n(site, "import", str(po))
    assert result.output == "imported ar: 1 file(s) updated\n", result.output
    assert site.read("content/pages/about.ar.md") == (
        "---\n# reviewed by the Dubai office\n"
        f"title: {TRANSLATED['md::title']}\ndescription: {TRANSLATED['md::description']}\n"
        "---\nنصنع الصمامات منذ عام 2006 ونختبر كل صمام عند 1.5 × PN.\n"
    )
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]


def test_xliff_gives_an_outdated_translation_as_a_target_to_review(site: SiteFolder, tmp_path: Path):
    imported(site, tmp_path)
    site.replace(GATE, "{en: Rising-stem gate valve to DIN 3352.,", f"{{en: {NEW_SUMMARY},")
    xlf = tmp_path / "ar.xlf"
    assert i18n(site, "export", "--lang", "ar", "--format", "xliff", "--out", str(xlf)).exit_code == 0
    tree = etree.parse(str(xlf))
    (unit,) = tree.iterfind(".//x:trans-unit", NS)
    assert unit.get("id") == f"{GATE}::summary"
    assert unit.findtext("x:source", namespaces=NS) == NEW_SUMMARY
    target = unit.find("x:target", NS)
    assert (target.get("state"), target.text) == ("needs-review-translation", TRANSLATED["yaml::summary"])
    assert unit.findtext("x:note", namespaces=NS) == (
        "The source text changed since this translation was imported: revise it."
    )
    before = snapshot(site.root)
    assert i18n(site, "import", str(xlf)).output == "imported ar: 0 file(s) updated\n"
    assert snapshot(site.root) == before, "a target still to review is not imported"
    target.text, target.attrib["state"] = NEW_SUMMARY_AR, "translated"
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    assert i18n(site, "import", str(xlf)).output == "imported ar: 1 file(s) updated\n"
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]


def test_an_unreadable_lock_stops_the_import_and_is_named(site: SiteFolder, tmp_path: Path):
    imported(site, tmp_path)
    site.write("translations.lock", "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n")
    site.replace(GATE, "{en: Rising-stem gate valve to DIN 3352.,", f"{{en: {NEW_SUMMARY},")
    po = export(site, tmp_path)
    fill(po, {"yaml::summary": NEW_SUMMARY_AR})
    before = snapshot(site.root)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("translations.lock:1:1: cannot be read (")
    assert result.output.splitlines()[-1] == "nothing imported: 1 error(s)"
    assert snapshot(site.root) == before
    assert "skipped: translations.lock:1:1: cannot be read (" in i18n(site, "status").output


def test_outdated_translations_of_the_second_catalog(tmp_path: Path):
    """The cable catalog in Hebrew: everything translatable exported, imported and built
    (articles and landing pages included), one English text edited; export hands back
    exactly that text."""
    root = tmp_path / "cable"
    shutil.copytree(REPO / "tests/fixtures/cable-catalog", root)
    shutil.copytree(REPO / "themes", root / "themes")
    site = SiteFolder(root)
    po = tmp_path / "he.po"
    assert i18n(site, "export", "--lang", "he", "--out", str(po)).exit_code == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context and message.context.endswith(("hub.slug", "patterns.path")):
            message.string = message.id.replace("projects", "proyektim")  # URL parts stay ASCII
        elif message.id:
            message.string = f"עברית: {message.id}"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    result = i18n(site, "import", str(po))
    assert result.exit_code == 0, result.output
    recorded = json.loads(site.read("translations.lock"))["languages"]["he"]
    assert len(recorded) == sum(1 for message in catalog if message.id)
    out = tmp_path / "public"
    built = build(site, out)
    assert built.exit_code == 0, built.output
    article = html.fromstring((out / "he/maamarim/xlpe-or-pvc-insulation/index.html").read_bytes())
    assert article.get("lang") == "he" and article.findtext(".//h1").startswith("עברית: ")
    assert list((out / "he/proyektim").rglob("index.html")), "the matrix's Hebrew landing pages"
    assert i18n(site, "export", "--lang", "he", "--out", str(po)).exit_code == 0
    assert messages(po) == {}

    site.replace("content/products/swa-4x25.yaml", "black PVC sheath", "black LSZH sheath")
    assert i18n(site, "export", "--lang", "he", "--out", str(po)).exit_code == 0
    exported = messages(po)
    assert list(exported) == ["content/products/swa-4x25.yaml::description"]
    description = exported["content/products/swa-4x25.yaml::description"]
    assert description.fuzzy and "black LSZH sheath" in description.id
    assert description.string == (
        "עברית: Galvanised steel wire armour over an extruded bedding; black PVC sheath, UV resistant."
    )


def test_an_outdated_faq_answer_is_revised_in_its_list(site: SiteFolder, tmp_path: Path):
    """The Arabic FAQ list made from the English one: an edited English answer comes back
    alone, and the import rewrites that answer only."""
    imported(site, tmp_path)
    site.replace(
        BALL, "answer: Yes, by laser marking on the body.", "answer: Yes, by laser marking or etching."
    )
    po = export(site, tmp_path)
    exported = messages(po)
    assert list(exported) == [f"{BALL}::faqs.ar[0].answer"]
    answer = exported[f"{BALL}::faqs.ar[0].answer"]
    assert (answer.id, answer.string, answer.fuzzy) == (
        "Yes, by laser marking or etching.",
        TRANSLATED["faqs.ar[0].answer"],
        True,
    )
    assert answer.locations == [(BALL, 31)]
    status = i18n(site, "status").output.splitlines()
    assert (
        f"  {BALL}:31:15: faqs.ar[0].answer: outdated, the source text changed since the translation was imported"
        in status
    )

    revised = "نعم، بالحفر بالليزر أو بالحفر الكيميائي."
    with po.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(answer.id, context=f"{BALL}::faqs.ar[0].answer")
    message.string, message.flags = revised, set()
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    assert i18n(site, "import", str(po)).output == "imported ar: 1 file(s) updated\n"
    assert site.read(BALL).endswith(
        f"  ar:\n    - question: {TRANSLATED['faqs.ar[0].question']}\n      answer: {revised}\nupdated: 2026-10-01\n"
    )
    assert "outdated 0," in i18n(site, "status").output.splitlines()[0]
