"""Report formats, settings and the `check` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import hits
from lxml import etree
from pydantic import ValidationError
from sites import BASE, clean_site, write_site

from generator.check import check_site
from generator.check.cli import check_command
from generator.check.report import render_report
from generator.check.rules import RULES
from generator.models.checks import RULE_IDS, CheckSettings

BALL = "products/ball-valve/index.html"


def _broken(site: dict[str, str]) -> dict[str, str]:
    site[BALL] = site[BALL].replace("<title>", "<!--").replace("</title>", "-->")
    site[BALL] = site[BALL].replace('content="Ball product EN:', 'content="Short." data-x="')
    return site


def test_text_report_groups_by_rule(run, site):
    text = render_report(run(_broken(site)), "text")
    assert "ERROR   title.missing ×1" in text
    assert "fix: " in text
    assert text.rstrip().endswith("9 pages checked: 1 error, 1 warning")


def test_json_and_junit_parse(run, site):
    report = run(_broken(site))
    data = json.loads(render_report(report, "json"))
    assert data["errors"] == 1 and data["summary"]["title.missing"] == 1
    root = etree.fromstring(render_report(report, "junit").encode())
    failing = root.findall(".//testcase[failure]")
    assert {case.get("name") for case in failing} == {"title.missing", "description.length"}
    assert len(root.findall(".//testcase")) > 50


def test_html_report_is_self_contained(run, site):
    html = render_report(run(_broken(site)), "html")
    assert html.count("<svg") >= 5
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "url(" not in html and "<script" not in html


def test_severity_override_ignore_and_fail_level(run, site):
    report = run(_broken(site), CheckSettings(severity={"title.missing": "warning"}))
    assert not report.failed() and report.failed("warning")
    off = run(_broken(clean_site()), CheckSettings(severity={"title.missing": "off"}, ignore=["/products/*"]))
    assert off.findings == []


def test_unknown_rule_id_suggests_the_right_one(tmp_path: Path):
    with pytest.raises(ValidationError, match=r"did you mean 'title\.missing'"):
        CheckSettings.model_validate({"severity": {"title.mising": "off"}}, context={RULE_IDS: RULES})
    public = write_site(tmp_path / "public", clean_site())
    (tmp_path / "site.yaml").write_text(
        f"base_url: {BASE}\nseo:\n  checks:\n    severity: {{title.mising: warning}}\n"
    )
    result = CliRunner().invoke(check_command, [str(public), "--site", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 2
    assert "seo.checks: " in result.output and "unknown rule id 'title.mising'" in result.output


def test_cli_exit_codes(tmp_path: Path):
    clean = write_site(tmp_path / "clean", clean_site())
    broken = write_site(tmp_path / "broken", _broken(clean_site()))
    runner = CliRunner()
    ok = runner.invoke(check_command, [str(clean), "--base-url", BASE, "--jobs", "1"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(check_command, [str(broken), "--base-url", BASE, "--jobs", "1"])
    assert bad.exit_code == 1 and "title.missing" in bad.output
    out = tmp_path / "report.xml"
    warn = runner.invoke(
        check_command, [str(clean), "--base-url", BASE, "--format", "junit", "--output", str(out),
                        "--fail-level", "warning", "--jobs", "1"],
    )  # fmt: skip
    assert warn.exit_code == 0 and etree.parse(str(out)).getroot().tag == "testsuites"


def test_cli_reads_site_yaml(tmp_path: Path):
    public = write_site(tmp_path / "public", _broken(clean_site()))
    (tmp_path / "site.yaml").write_text(
        f"base_url: {BASE}\nseo:\n  checks:\n    severity: {{title.missing: warning}}\n"
    )
    result = CliRunner().invoke(check_command, [str(public), "--site", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "WARNING title.missing" in result.output


def test_worker_pool_matches_in_process(tmp_path: Path):
    root = write_site(tmp_path / "public", _broken(clean_site()))
    serial = check_site(root, BASE, jobs=1)
    parallel = check_site(root, BASE, jobs=2)
    assert serial.findings == parallel.findings
    assert hits(parallel, "title.missing") == {f"{BASE}/products/ball-valve/"}
