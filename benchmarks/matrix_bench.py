"""Speed and memory of a keyword-matrix build as the matrix grows.

    .venv/bin/python benchmarks/matrix_bench.py --products 10 20 40 [--runs 1] [--jobs 0]
        [--json results.json] [--work DIR]

For each size, `plan_catalog.py` writes the export SEO plan (N products × 30 markets ×
6 buyer intents × 6 languages: N × 1,080 landing pages, some held back by the plan's
thin rule), and pseo builds it clean (`--no-check`, empty cache). Each build reports its
wall time, pages per second, the peak RSS of the whole process tree and the growth of
that peak per landing page between sizes: the figure that says whether a matrix of a
million pages fits in memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import bench
import plan_catalog

LANDINGS_PER_PRODUCT = plan_catalog.MARKETS * len(plan_catalog.INTENTS) * len(plan_catalog.PLAN_LANGUAGES)


def build_once(site: Path, work: Path, jobs: int) -> dict[str, float]:
    """One clean build of `site`: wall seconds, pages written and peak tree RSS in MB."""
    pseo = bench.Pseo(site, work, jobs)
    wall, peak, _, cpu = bench.measure(pseo.command("clean"), work / "build.log")
    pages = bench.count_pages(pseo.out)
    return {"wall": wall, "cpu": cpu, "pages": pages, "rss_mb": peak or 0.0}


def run_sizes(products: list[int], runs: int, jobs: int, work: Path) -> list[dict[str, float]]:
    rows = []
    for count in products:
        site = work / f"plan-{count}"
        if not site.exists():
            plan_catalog.write_plan(site, count)
        builds = [build_once(site, work, jobs) for _ in range(runs)]
        wall = statistics.median(b["wall"] for b in builds)
        rows.append(
            {
                "products": count,
                "landings": count * LANDINGS_PER_PRODUCT,
                "pages": builds[0]["pages"],
                "wall": round(wall, 2),
                "cpu": round(statistics.median(b["cpu"] for b in builds), 2),
                "pages_per_second": round(builds[0]["pages"] / wall),
                "rss_mb": round(statistics.median(b["rss_mb"] for b in builds)),
            }
        )
    return rows


def table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| landings | pages in all | wall s | CPU s | pages/s | tree peak RSS MB | KB more per landing |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for before, row in zip([None, *rows], rows, strict=False):
        growth = ""
        if before is not None:
            extra = row["landings"] - before["landings"]
            growth = f"{(row['rss_mb'] - before['rss_mb']) * 1024 / extra:.1f}" if extra else ""
        lines.append(
            f"| {row['landings']:,} | {row['pages']:,} | {row['wall']} | {row['cpu']} | "
            f"{row['pages_per_second']} | {row['rss_mb']:,} | {growth} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="pseo worker processes; 0 = one per core")
    parser.add_argument("--json", type=Path, help="also write the machine, the revision and every row here")
    parser.add_argument("--work", type=Path, help="keep catalogs and output here (default: a temp folder)")
    args = parser.parse_args()
    bench.compile_generator()
    with tempfile.TemporaryDirectory(prefix="pseo-matrix-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        rows = run_sizes(sorted(args.products), args.runs, args.jobs, work)
    print(table(rows))
    if args.json:
        record = {"machine": bench.machine(), "revision": bench.pseo_revision(), "rows": rows}
        args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
