"""`pseo matrix`: explain what a keyword matrix will publish before it is built."""

from __future__ import annotations

import time
from collections import Counter
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory

from rich.console import Console
from rich.table import Table

from .build import RENDER_CHUNK, Plan, plan_site
from .executor import chunked, make_executor
from .library import Library
from .render import render_chunk


def explain(library: Library, theme_folder: Path, matrix_id: str | None, sample: int, jobs: int) -> Plan:
    """Print per matrix: pages per language, sample URLs and titles, collisions and
    guardrail failures, and an estimated build time measured on a rendered sample.
    Template errors met while rendering the sample join the plan's `problems`."""
    console = Console(highlight=False, markup=False, soft_wrap=True)
    with make_executor(jobs, len(library.products) * 8) as executor, TemporaryDirectory() as scratch:
        plan = plan_site(library, executor, theme_folder, Path(scratch), only=matrix_id)
    landings = [r for r in plan.routes.routes if r.kind == "landing"]
    started = time.perf_counter()
    measured = landings[: max(sample * 4, 20)] if plan.renderable else []
    for chunk in chunked(measured, RENDER_CHUNK):
        for page in partial(render_chunk, plan.data, theme_folder)(chunk):
            plan.problems.extend(page.problems)
    per_page = (time.perf_counter() - started) / max(len(measured), 1)
    for matrix in library.matrices.values():
        if matrix_id and matrix.id != matrix_id:
            continue
        counts = plan.expansion.counts.get(matrix.id, {})
        held = [f for f in plan.held_back if f.matrix == matrix.id]
        table = Table(title=f"matrix {matrix.id}", show_lines=False)
        for column in ("language", "expanded", "held back", "published"):
            table.add_column(column, justify="right" if column != "language" else "left")
        held_by_lang = Counter(f.lang for f in held)
        for lang, count in counts.items():
            table.add_row(lang, str(count), str(held_by_lang[lang]), str(count - held_by_lang[lang]))
        console.print(table)
        mine = [r for r in landings if r.key.startswith(f"{matrix.id}:")]
        console.print(f"Sample of {min(sample, len(mine))} pages:")
        for route in mine[:sample]:
            text = plan.data.get().landings[route.key].texts[route.lang]
            console.print(f"  {plan.routes.url(route)}\n    {text.title}")
        collisions = [f for f in held if "collides" in f.reason]
        guardrails = [f for f in held if "collides" not in f.reason]
        policy = matrix.quality.below_threshold.value
        console.print(
            f"Keyword/title/h1 collisions: {len(collisions)}; failing guardrails: {len(guardrails)} "
            f"(policy: {policy})"
        )
        for flag in (collisions + guardrails)[:20]:
            console.print(f"  [{flag.lang}] {flag.key}: {flag.reason}")
        if len(held) > 20:
            console.print(f"  … and {len(held) - 20} more")
        total = sum(counts.values())
        console.print(
            f"Estimated render time: {total * per_page:.1f} s for {total} pages "
            f"({per_page * 1000:.1f} ms per page on one core)\n"
        )
    return plan
