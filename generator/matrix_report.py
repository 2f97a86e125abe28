"""`pseo matrix`: explain what a keyword matrix will publish before it is built."""

from __future__ import annotations

import time
from collections import Counter
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .engine import chunked, open_engine
from .library import Library
from .plan import RENDER_CHUNK, Plan, plan_site
from .progress import NO_PROGRESS, Progress
from .pseo_report import FORMATS, held_back_summary, report_rows, write_report
from .render import render_chunk
from .theme_layers import ThemeLayers


def explain(
    library: Library,
    theme: ThemeLayers,
    matrix_id: str | None,
    sample: int,
    jobs: int,
    report_file: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> Plan:
    """Print per matrix: pages per language, sample URLs and titles, held-back pages per
    rule and an estimated build time measured on a rendered sample; write every planned
    page with its verdict to `report_file`. Verdicts are those of the full plan. Template errors
    met while rendering the sample join the plan's `problems`. `progress` shows the
    expansion and the sample render, and ends before the report is printed."""
    console = Console(highlight=False, markup=False, soft_wrap=True)
    progress.start("expand", "expanding matrices, judging pages")
    with open_engine(jobs) as engine:
        plan = plan_site(library, engine, theme, only=matrix_id, progress=progress)
    landings = [r for r in plan.routes.routes if r.kind == "landing"]
    measured = landings[: max(sample * 4, 20)] if plan.theme else []
    progress.start("sample", "rendering a sample", len(measured), "pages")
    started = time.perf_counter()
    for chunk in chunked(measured, RENDER_CHUNK):
        for page in progress.track(partial(render_chunk, plan.data, plan.theme)(chunk)):
            plan.problems.extend(page.problems)
    per_page = (time.perf_counter() - started) / max(len(measured), 1)
    progress.close()
    for matrix in library.matrices.values():
        if matrix_id and matrix.id != matrix_id:
            continue
        counts = plan.expansion.counts.get(matrix.id, {})
        held = [f for f in plan.held_back if f.matrix == matrix.id]
        held_pages = {(f.page, f.lang) for f in held}
        table = Table(title=f"matrix {matrix.id}", show_lines=False)
        for column in ("language", "expanded", "held back", "published"):
            table.add_column(column, justify="right" if column != "language" else "left")
        held_by_lang = Counter(lang for _, lang in held_pages)
        for lang, count in counts.items():
            table.add_row(lang, str(count), str(held_by_lang[lang]), str(count - held_by_lang[lang]))
        console.print(table)
        mine = [r for r in landings if r.key.startswith(f"{matrix.id}:")]
        console.print(f"Sample of {min(sample, len(mine))} pages:")
        for route in mine[:sample]:
            text = plan.data.get().landings[route.key].texts[route.lang]
            console.print(f"  {plan.routes.url(route)}\n    {text.title}")
        collisions = {(f.page, f.lang) for f in held if f.rule.endswith("collision")}
        policy = matrix.quality.below_threshold.value
        console.print(
            f"Keyword/title/h1 collisions: {len(collisions)}; failing guardrails: "
            f"{len(held_pages - collisions)} (policy: {policy})"
        )
        for line in held_back_summary(held):
            console.print(line)
        total = sum(counts.values())
        console.print(
            f"Estimated render time: {total * per_page:.1f} s for {total} pages "
            f"({per_page * 1000:.1f} ms per page on one core)\n"
        )
    if report_file is not None:
        write_report(
            report_rows(library, plan.expansion, plan.verdicts, plan.data.get().landings), report_file
        )
        console.print(f"Every planned page with its verdict: {report_file}")
    else:
        console.print(f"Every planned page with its verdict: pseo matrix --report FILE{'|'.join(FORMATS)}")
    return plan
