"""The build pipeline: load → route → render → images/assets → write → sitemaps → check.

Each stage is a function of plain values; this module only wires them together and
decides where the pure ones (render, images) run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .assets import plan_assets
from .check import check_site
from .check.report import render_report
from .errors import CheckFailed
from .executor import chunked, make_executor
from .images import plan_images, process_image
from .load import load_site
from .render import RenderInput, render_chunk
from .route import build_routes
from .sitemaps import write_sitemaps
from .write import staged_output

RENDER_CHUNK = 200


@dataclass
class BuildResult:
    pages: int
    images: int
    files: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def build_site(
    site_dir: Path,
    out_dir: Path,
    *,
    theme: str = "default",
    jobs: int = 0,
    check: bool = True,
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildError (or CheckFailed)
    without touching `out_dir` when anything is wrong."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings[stage] = now - since
        return now

    clock = started
    library = load_site(site_dir)
    clock = lap("load", clock)
    routes = build_routes(library)
    images, image_tasks = plan_images(library)
    theme_folder = (library.root / "themes" / theme).resolve()
    asset_urls, assets = plan_assets(theme_folder)
    clock = lap("route", clock)

    data = RenderInput(library=library, routes=routes, images=images, assets=asset_urls)
    chunks = chunked(routes.routes, RENDER_CHUNK)
    with staged_output(out_dir) as stage:
        with make_executor(jobs, len(routes.routes) + len(image_tasks)) as executor:
            for pages in executor.map(partial(render_chunk, data, theme_folder), chunks):
                for page in pages:
                    stage.write(page.output_file, page.html)
            clock = lap("render", clock)
            for outputs in executor.map(process_image, image_tasks):
                for output_file, content in outputs:
                    stage.write(output_file, content)
        for asset in assets:
            stage.write(asset.output_file, asset.source.read_bytes())
        clock = lap("images", clock)
        stage.files_written += len(write_sitemaps(library, routes, images, stage.folder))
        clock = lap("sitemaps", clock)
        if check:
            report = check_site(stage.folder, library.site.origin, library.site.seo.checks, jobs=jobs)
            lap("check", clock)
            if report.failed(library.site.seo.checks.fail_level):
                raise CheckFailed(render_report(report, "text"), report.error_count)
    return BuildResult(
        pages=len(routes.routes),
        images=len(image_tasks),
        files=stage.files_written,
        seconds=time.perf_counter() - started,
        timings=timings,
    )
