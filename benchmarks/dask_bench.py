"""How the build scales on Dask: 1 and 2 workers, the client's cost per page, and an
estimate for bigger clusters.

    .venv/bin/python benchmarks/dask_bench.py --products 500 --languages 4 [--matrix-markets 4]
        [--runs 3] [--json results.json] [--work DIR]

Each run is a clean build (`--no-check`, no cache) in a fresh Python process, alternating
the configurations: the local process pool (`--jobs 2`), and a Dask `LocalCluster` of 1
and of 2 single-threaded workers. Per stage, the client's CPU seconds are read at every
step change of the build's progress, so the render step's client cost per page (receiving
pages, hashing, writing them) is measured apart. A no-op map of 400 tasks gives the
per-task overhead of each engine.

The estimate for N workers takes the render rate of the 1-worker cluster (its worker and
the client each have a core of their own) as the rate of one worker, and assumes the
render step's pages/s grows as N × that rate until it reaches what the client can take
(1 / its CPU seconds per page), while the client's other steps (load, expand, sitemaps,
publish) cost what they cost here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import synthetic

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONFIGS = ("pool-2", "dask-1", "dask-2")
NOOP_TASKS = 400
ESTIMATE_WORKERS = (1, 2, 4, 16, 64)


def _noop(number: int) -> int:
    return number


def run_one(config: str, site: Path, out: Path) -> dict[str, Any]:
    """One clean build in this process; the figures as a JSON-ready dict."""
    sys.path.insert(0, str(REPO))
    from generator.build import build_site
    from generator.engine import open_engine
    from generator.progress import Progress

    class StepClock(Progress):
        """Records the client's CPU seconds at every step change."""

        def __init__(self) -> None:
            super().__init__("quiet")
            self.marks: list[tuple[str, float]] = []

        def start(self, step: str, doing: str, total: int | None = None, unit: str = "") -> None:
            self.marks.append((step, time.process_time()))
            super().start(step, doing, total, unit)

    kind, workers = config.split("-")
    engine_kind = "dask" if kind == "dask" else "local"
    with open_engine(int(workers), engine_kind) as engine:  # type: ignore[arg-type]
        list(engine.map(_noop, range(4), work=10_000))  # workers up before the clock starts
        started = time.perf_counter()
        list(engine.map(_noop, range(NOOP_TASKS), work=10_000))
        per_task_ms = (time.perf_counter() - started) / NOOP_TASKS * 1000
    shutil.rmtree(out, ignore_errors=True)
    clock = StepClock()
    started = time.perf_counter()
    result = build_site(
        site,
        out,
        jobs=int(workers),
        check=False,
        progress=clock,
        cache_dir=out.parent / "cache",
        engine_kind=engine_kind,  # type: ignore[arg-type]
    )
    wall = time.perf_counter() - started
    clock.marks.append(("end", time.process_time()))
    client_cpu = {
        step: round(following - at, 3)
        for (step, at), (_, following) in zip(clock.marks, clock.marks[1:], strict=False)
    }
    return {
        "config": config,
        "pages": result.pages,
        "rendered": result.rendered,
        "wall_s": round(wall, 2),
        "render_s": round(result.timings.get("render", 0.0), 2),
        "timings": {step: round(seconds, 2) for step, seconds in result.timings.items()},
        "client_cpu_s": client_cpu,
        "noop_task_ms": round(per_task_ms, 3),
        "load_before": os.getloadavg()[0],
    }


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    by_config: dict[str, Any] = {}
    for config in CONFIGS:
        mine = [run for run in runs if run["config"] == config]
        if not mine:
            continue
        rendered = mine[0]["rendered"]
        by_config[config] = {
            "pages": mine[0]["pages"],
            "rendered": rendered,
            "wall_s": statistics.median(run["wall_s"] for run in mine),
            "render_s": statistics.median(run["render_s"] for run in mine),
            "render_pages_per_s": round(rendered / statistics.median(run["render_s"] for run in mine), 1),
            "client_render_ms_per_page": round(
                statistics.median(run["client_cpu_s"].get("render", 0.0) for run in mine) / rendered * 1000, 3
            ),
            "client_other_cpu_s": statistics.median(
                sum(cpu for step, cpu in run["client_cpu_s"].items() if step != "render") for run in mine
            ),
            "noop_task_ms": statistics.median(run["noop_task_ms"] for run in mine),
        }
    return by_config


def estimate(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Render pages/s and whole-build wall time for N workers, from the 1-worker Dask run."""
    one = summary.get("dask-1")
    if one is None:
        return []
    per_worker = one["render_pages_per_s"]
    client_limit = 1000 / one["client_render_ms_per_page"]
    rows = []
    for workers in ESTIMATE_WORKERS:
        rate = min(workers * per_worker, client_limit)
        rows.append(
            {
                "workers": workers,
                "render_pages_per_s": round(rate, 1),
                "bound_by": "client" if workers * per_worker >= client_limit else "workers",
                "wall_s": round(one["client_other_cpu_s"] + one["rendered"] / rate, 1),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--languages", type=int, default=4)
    parser.add_argument("--matrix-markets", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--one", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.site, args.work / f"out-{args.one}")))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="pseo-dask-bench-"))
    site = work / "site"
    if not site.exists():
        synthetic.generate(site, args.products, args.languages)
        if args.matrix_markets:
            synthetic.write_matrix(site, args.matrix_markets, synthetic.LANGUAGES[: args.languages])
    runs = []
    for number in range(args.runs):
        for config in CONFIGS:
            command = [sys.executable, __file__, "--one", config, "--site", str(site), "--work", str(work)]
            shutil.rmtree(work / "cache", ignore_errors=True)
            line = subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1]
            run = json.loads(line) | {"run": number}
            print(json.dumps(run), file=sys.stderr)
            runs.append(run)
    summary = summarize(runs)
    report = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "products": args.products,
        "languages": args.languages,
        "matrix_markets": args.matrix_markets,
        "runs": runs,
        "summary": summary,
        "estimate": estimate(summary),
    }
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({"summary": summary, "estimate": report["estimate"]}, indent=2))


if __name__ == "__main__":
    main()
