"""The matrix report: every planned landing page with its verdict, for the SEO lead.

The terminal only has room for a summary; the report lists each page (URL, language,
keyword, title, verdict, reason, exact score, the page it collides with) as CSV for a
spreadsheet or JSON for tools. Builds write it into `pseo-report/` in the site folder,
never into the output folder, so it cannot be deployed by accident.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a build that finds nothing changed only needs the report's path
    from .expand import Expansion, Flag, Landing
    from .library import Library

REPORT_FOLDER = "pseo-report"
FORMATS = (".csv", ".json")
COLUMNS = (
    "matrix",
    "key",
    "language",
    "url",
    "keyword",
    "title",
    "verdict",
    "rule",
    "reason",
    "score",
    "collides_with",
    "collides_with_url",
)
EXAMPLES = 3

Row = dict[str, str | float | None]


def build_report_path(site_dir: Path, batch: bool) -> Path:
    """Where a build writes its report; a batch (preview) build never overwrites the full one's."""
    return site_dir / REPORT_FOLDER / ("matrix-report-preview.csv" if batch else "matrix-report.csv")


def report_rows(
    library: Library,
    expansion: Expansion,
    verdicts: dict[tuple[str, str], str],
    planned: dict[str, Landing],
) -> list[Row]:
    """One row per landing page and language of `expansion`, in plan order; `planned`
    (every landing of the full plan, by route key) gives the URL of a colliding page
    outside a batch. The score and the colliding page come from the first reason that has one."""
    from .route import absolute, language_prefix  # imported here like the types above

    flags: dict[tuple[str, str], list[Flag]] = {}
    for flag in expansion.flags:
        flags.setdefault((flag.page, flag.lang), []).append(flag)

    def url(key: str | None, lang: str) -> str | None:
        text = planned[key].texts.get(lang) if key in planned else None
        return (
            absolute(library.site.origin, f"{language_prefix(library, lang)}/{text.path}") if text else None
        )

    rows: list[Row] = []
    for landing in expansion.landings:
        key = f"{landing.matrix}:{landing.key}"
        for lang, text in landing.texts.items():
            mine = flags.get((key, lang), [])
            score = next((flag.score for flag in mine if flag.score is not None), None)
            twin = next((flag.twin for flag in mine if flag.twin is not None), None)
            rows.append(
                {
                    "matrix": landing.matrix,
                    "key": landing.key,
                    "language": lang,
                    "url": url(key, lang),
                    "keyword": text.keyword,
                    "title": text.title,
                    "verdict": verdicts.get((key, lang), "publish"),
                    "rule": mine[0].rule if mine else None,
                    "reason": "; ".join(flag.reason for flag in mine) or None,
                    "score": round(score, 4) if score is not None else None,
                    "collides_with": twin,
                    "collides_with_url": url(twin, lang),
                }
            )
    return rows


def write_report(rows: list[Row], path: Path) -> None:
    """Write CSV or JSON (by the file's suffix) in one atomic step."""
    if path.suffix == ".json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    elif path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        raise ValueError(f"report file must end in {' or '.join(FORMATS)}: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    os.replace(temporary, path)


def held_back_summary(flags: list[Flag], indent: str = "  ") -> list[str]:
    """Terminal lines: held-back pages per rule, with the first few of each."""
    by_rule: dict[str, list[Flag]] = {}
    for flag in flags:
        by_rule.setdefault(flag.rule, []).append(flag)
    counts = Counter({rule: len(members) for rule, members in by_rule.items()})
    lines = []
    for rule, count in counts.most_common():
        lines.append(f"{indent}{rule} ×{count}")
        lines += [f"{indent}  [{f.lang}] {f.page}: {f.reason}" for f in by_rule[rule][:EXAMPLES]]
        if count > EXAMPLES:
            lines.append(f"{indent}  … and {count - EXAMPLES} more")
    return lines
