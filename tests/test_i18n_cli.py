"""`pseo i18n`: status per language, PO export and import back into the YAML files."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from generator.cli import main

from .conftest import SiteFolder


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
        "ar: texts 7/10, pages 1/2, theme strings 86/86",
        "  content/products/gate-valve-dn80.yaml:4:1: name",
        "  content/products/gate-valve-dn80.yaml:5:1: summary",
        "  content/products/gate-valve-dn80.yaml:6:1: description",
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
