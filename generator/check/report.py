"""Render a `CheckReport` as text (terminal), JSON (tools), JUnit XML (CI) or one HTML page."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict
from html import escape
from typing import Literal

from lxml import etree

from ..wording import noun
from .charts import COLORS, bar_chart, histogram
from .findings import CheckReport, Finding
from .rules import RULES

Format = Literal["text", "json", "junit", "html"]
EXAMPLES = 3


def _by_rule(report: CheckReport) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[finding.rule_id].append(finding)
    return dict(sorted(groups.items(), key=lambda item: (item[1][0].severity != "error", item[0])))


def _totals(report: CheckReport) -> str:
    pages, errors, warnings = report.pages_checked, report.error_count, report.warning_count
    return (
        f"{pages:,} {noun(pages, 'page')} checked: {errors:,} {noun(errors, 'error')}, "
        f"{warnings:,} {noun(warnings, 'warning')}"
    )


def render_text(report: CheckReport) -> str:
    """Summary per rule: count, the first examples and the fix hint, then the totals line."""
    lines = []
    for rule_id, findings in _by_rule(report).items():
        rule = RULES[rule_id]
        lines.append(f"{findings[0].severity.upper():7} {rule_id} ×{len(findings)}: {rule.summary}")
        lines += [f"    {f.url_or_path}: {f.message}" for f in findings[:EXAMPLES]]
        if len(findings) > EXAMPLES:
            lines.append(f"    … and {len(findings) - EXAMPLES:,} more")
        lines.append(f"    fix: {rule.hint}")
    lines.append(_totals(report))
    return "\n".join(lines) + "\n"


def render_json(report: CheckReport) -> str:
    payload = {
        "base_url": report.base_url,
        "pages_checked": report.pages_checked,
        "errors": report.error_count,
        "warnings": report.warning_count,
        "summary": dict(sorted(report.counts_by_rule().items())),
        "findings": [asdict(f) for f in report.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_junit(report: CheckReport) -> str:
    """One testcase per rule, one <failure> per finding, so CI annotates each defect."""
    groups = _by_rule(report)
    suite = etree.Element(
        "testsuite", name="pseo check", tests=str(len(RULES)),
        failures=str(len(report.findings)), errors="0", skipped="0",
    )  # fmt: skip
    for rule_id in sorted(RULES):
        case = etree.SubElement(suite, "testcase", classname=f"seo.{rule_id.split('.')[0]}", name=rule_id)
        for finding in groups.get(rule_id, []):
            failure = etree.SubElement(
                case, "failure", message=f"{finding.url_or_path}: {finding.message}", type=finding.severity
            )
            failure.text = f"{finding.url_or_path}\n{finding.message}\nfix: {finding.hint}"
    suites = etree.Element("testsuites", name="pseo check", tests=str(len(RULES)))
    suites.append(suite)
    suites.set("failures", str(len(report.findings)))
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;
vertical-align:top}.error{color:#c62828}.warning{color:#b26a00}code{font-size:12px}details{margin:.4rem 0}
"""


def _breakdown(report: CheckReport, attribute: str) -> list[tuple[str, int]]:
    by_url = {page.url: getattr(page, attribute) for page in report.pages}
    counts = Counter(by_url.get(f.url_or_path, "site files") for f in report.findings)
    return counts.most_common(20)


def render_html(report: CheckReport) -> str:
    """A single self-contained page: summary, SVG charts and the findings per rule."""
    settings = report.settings
    rules = _by_rule(report)
    charts = [
        bar_chart("Findings by rule", [(r, len(f)) for r, f in rules.items()][:25], COLORS["error"]),
        bar_chart("Findings by language (html lang)", _breakdown(report, "lang")),
        bar_chart("Findings by page type", _breakdown(report, "page_type")),
        histogram("Title length (characters)", [p.title_length for p in report.pages if p.title_length],
                  (settings.title_length.min, settings.title_length.max), 5),
        histogram("Meta description length (characters)",
                  [p.description_length for p in report.pages if p.description_length],
                  (settings.description_length.min, settings.description_length.max), 10),
    ]  # fmt: skip
    sections = []
    for rule_id, findings in rules.items():
        rule = RULES[rule_id]
        rows = "".join(
            f"<tr><td><code>{escape(f.url_or_path)}</code></td><td>{escape(f.message)}</td></tr>"
            for f in findings[:200]
        )
        more = f"<p>… and {len(findings) - 200:,} more</p>" if len(findings) > 200 else ""
        sections.append(
            f'<details><summary><b class="{findings[0].severity}">{findings[0].severity}</b> '
            f"<code>{escape(rule_id)}</code> ×{len(findings):,} — {escape(rule.summary)}</summary>"
            f"<p>Fix: {escape(rule.hint)}<br><small>{escape(rule.doc)}</small></p>"
            f"<table>{rows}</table>{more}</details>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>SEO check report</title><style>{STYLE}</style></head><body>"
        f"<h1>SEO check report</h1><p>{escape(report.base_url)} — {escape(_totals(report))}</p>"
        f'<div class="grid">{"".join(charts)}</div>'
        f"<h2>Findings by rule</h2>{''.join(sections) or '<p>No findings.</p>'}</body></html>\n"
    )


def render_report(report: CheckReport, fmt: Format) -> str:
    """The report in one of the supported formats."""
    if fmt == "text":
        return render_text(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "junit":
        return render_junit(report)
    if fmt == "html":
        return render_html(report)
    raise ValueError(f"unknown report format '{fmt}'")
