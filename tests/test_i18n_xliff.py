"""`pseo i18n export --format xliff` and importing the translated XLIFF 1.2 back: the same
texts as the PO export, the same rules on import, errors at the line of the unit."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import etree, html

from generator.cli import main

from .conftest import SiteFolder, snapshot
from .test_i18n_cli import GATE_VALVE_YAML, TRANSLATED, i18n

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def export(site: SiteFolder, tmp_path: Path) -> Path:
    xlf = tmp_path / "ar.xlf"
    result = i18n(site, "export", "--lang", "ar", "--format", "xliff", "--out", str(xlf))
    assert result.exit_code == 0, result.output
    return xlf


def fill(xlf: Path, translations: dict[str, str], state: str = "translated") -> None:
    """Give each unit whose id ends with a key of `translations` a <target>, as a CAT tool does."""
    tree = etree.parse(str(xlf))
    for unit in tree.iterfind(".//x:trans-unit", NS):
        for key, text in translations.items():
            if unit.get("id").endswith(key):
                target = etree.Element(f"{{{NS['x']}}}target", state=state)
                target.text = text
                unit.find("x:source", NS).addnext(target)
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")


def test_export_is_xliff_1_2_with_one_file_per_content_file(site: SiteFolder, tmp_path: Path):
    (site.root / "content/pages/about.ar.md").unlink()
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    root = etree.parse(str(export(site, tmp_path))).getroot()
    assert (root.tag, root.get("version")) == (f"{{{NS['x']}}}xliff", "1.2")
    files = {f.get("original"): f for f in root.iterfind("x:file", NS)}
    assert sorted(files) == [
        "content/pages/about.md",
        "content/products/ball-valve-dn50.yaml",
        "content/products/gate-valve-dn80.yaml",
    ]
    assert {(f.get("source-language"), f.get("target-language")) for f in files.values()} == {("en", "ar")}
    units = {u.get("id"): u for u in root.iterfind(".//x:trans-unit", NS)}
    assert sorted(units) == [
        "content/pages/about.md::body",
        "content/pages/about.md::description",
        "content/pages/about.md::title",
        "content/products/ball-valve-dn50.yaml::faqs.ar[0].answer",
        "content/products/ball-valve-dn50.yaml::faqs.ar[0].question",
        "content/products/gate-valve-dn80.yaml::description",
        "content/products/gate-valve-dn80.yaml::name",
        "content/products/gate-valve-dn80.yaml::summary",
    ]
    name = units["content/products/gate-valve-dn80.yaml::name"]
    assert name.findtext("x:source", namespaces=NS) == "Flanged gate valve DN80"
    assert name.find("x:target", NS) is None
    assert name.findtext("x:context-group/x:context[@context-type='linenumber']", namespaces=NS) == "5"
    body = units["content/products/gate-valve-dn80.yaml::description"]
    assert (
        body.findtext("x:source", namespaces=NS)
        == "Rising stem, bolted bonnet.\n\nFlanged ends to EN 1092-1."
    )


def test_export_fill_import_build_round_trip(site: SiteFolder, tmp_path: Path):
    (site.root / "content/pages/about.ar.md").unlink()
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    xlf = export(site, tmp_path)
    fill(xlf, TRANSLATED)
    result = i18n(site, "import", str(xlf))
    assert result.exit_code == 0, result.output
    assert result.output == "imported ar: 3 file(s) updated\n"
    assert "  ar: |\n    ساق صاعدة وغطاء مثبت بمسامير.\n\n    أطراف بشفة وفق EN 1092-1.\n" in site.read(
        "content/products/gate-valve-dn80.yaml"
    )
    out = tmp_path / "public"
    built = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])
    assert built.exit_code == 0, built.output
    headings = set()
    for page in (out / "ar").rglob("index.html"):
        tree = html.fromstring(page.read_bytes())
        headings |= {h1.text_content().strip() for h1 in tree.iter("h1")}
    assert {TRANSLATED["yaml::name"], TRANSLATED["md::title"]} <= headings
    # Nothing left to translate: a second export has no unit.
    again = etree.parse(str(export(site, tmp_path))).getroot()
    assert again.find(".//x:trans-unit", NS) is None


def test_drafts_and_untranslated_units_are_not_imported(site: SiteFolder, tmp_path: Path):
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    xlf = export(site, tmp_path)
    fill(xlf, {"yaml::name": "مسودة"}, state="needs-review-translation")
    fill(xlf, {"yaml::summary": "Rising-stem gate valve to DIN 3352."}, state="new")
    before = snapshot(site.root)
    result = i18n(site, "import", str(xlf))
    assert result.exit_code == 0, result.output
    assert result.output == "imported ar: 0 file(s) updated\n"
    assert snapshot(site.root) == before


def test_import_errors_give_the_line_of_the_unit_and_leave_the_site_untouched(
    site: SiteFolder, tmp_path: Path
):
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    xlf = export(site, tmp_path)
    fill(xlf, {"yaml::summary": TRANSLATED["yaml::summary"]})
    text = xlf.read_text(encoding="utf-8").replace(
        "gate-valve-dn80.yaml::summary", "gate-valve-dn80.yaml::sumary"
    )
    xlf.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "::sumary" in row)
    before = snapshot(site.root)
    result = i18n(site, "import", str(xlf))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{xlf}:{line}: msgctxt 'content/products/gate-valve-dn80.yaml::sumary' names no translatable field",
        "nothing imported: 1 error(s)",
    ]
    assert snapshot(site.root) == before


def test_a_malformed_xliff_is_refused_at_its_line(site: SiteFolder, tmp_path: Path):
    site.write("content/products/gate-valve-dn80.yaml", GATE_VALVE_YAML)
    xlf = export(site, tmp_path)
    rows = xlf.read_text(encoding="utf-8").splitlines()
    broken = next(n for n, row in enumerate(rows) if "<source>" in row)
    rows[broken] = rows[broken].replace("</source>", "")
    xlf.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = snapshot(site.root)
    result = i18n(site, "import", str(xlf))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{xlf}:") and "cannot read the XLIFF file (not well-formed XML" in first
    assert int(first.split(":")[1]) >= broken + 1
    assert snapshot(site.root) == before
    xlf.write_text('<?xml version="1.0"?>\n<xliff version="2.0"/>\n', encoding="utf-8")
    result = i18n(site, "import", str(xlf))
    assert result.exit_code == 1
    assert result.output.startswith(f"{xlf}:2: cannot read the XLIFF file (not an XLIFF 1.2 document")
