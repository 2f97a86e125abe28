"""The build pipeline: load → expand → route → render → images/assets → write →
search index → sitemaps → check, then publish the new output (see write.py).

Each stage is a function of plain values; this module only wires them together and
hands the pure ones (load, render, images) to the engine. A build whose inputs and
published output are both unchanged since the last one (see published.py) stops before
the pipeline and reports the last build's summary. A stage that finds problems leaves
the broken entities out and the later stages still run over the rest, so one build
reports every independent problem; it then fails once, before anything is published.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .assets import plan_assets
from .deploy import write_host_files
from .documents.stage import DocumentCache, plan_documents, write_documents
from .engine import Engine, EngineKind, Ref, chunked, open_engine
from .errors import BuildError, CheckFailed
from .feeds import write_feeds
from .images import (
    ImageCache,
    pending_tasks,
    plan_images,
    process_tasks,
    write_images,
)
from .incremental import BuildCache, FileHashes, SignatureMemory
from .library import Library
from .load import Loaded, build_settings, load_site
from .outdir import check_output_folder
from .page_keys import PageKeys
from .pickled import paused_collector
from .plan import RENDER_CHUNK, plan_site
from .progress import NO_PROGRESS, Progress
from .pseo_report import report_rows, write_report
from .published import (
    Before,
    Published,
    build_options,
    file_stat,
    look_before,
    refresh_folders,
    save_record,
    take_stats,
)
from .render import RenderedPage, RenderInput, ThemeBundle, read_theme, render_chunk
from .render.catalogs import parsed_catalogs_in
from .render.theme import compiled
from .route import DATA_KINDS, Route
from .search_index import index_search
from .sitemaps import write_sitemaps
from .summary import BuildResult, unchanged_result
from .theme_layers import theme_layers
from .value_memory import ValueMemory
from .write import Output, staged_output

if TYPE_CHECKING:
    from .check.findings import CheckReport

IMAGE_WORK = 50
"""Work items (see `engine.SMALL_BUILD`) one image task counts as: decoding and encoding a photo costs
about as much as rendering fifty pages."""


def build_site(
    site_dir: Path,
    out_dir: Path,
    *,
    theme: str = "default",
    jobs: int = 0,
    check: bool = True,
    only: str | None = None,
    limit: int | None = None,
    progress: Progress = NO_PROGRESS,
    cache_dir: Path | None = None,
    report_file: Path | None = None,
    drafts: bool = False,
    empty_out_dir: bool = False,
    verify_output: bool = False,
    before: Before | None = None,
    engine_kind: EngineKind | None = None,
    scheduler: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildError (with every problem
    of every stage) or CheckFailed without touching `out_dir` when anything is wrong.
    Pages, the loaded library and image renditions are cached in `cache_dir` (default:
    SITE/.pseo-cache), so a rebuild only renders what changed; nothing a failing build
    made from an incomplete library is cached. Every planned landing page with its
    verdict is written to `report_file` (CSV or JSON) when the build succeeds. `drafts`
    (a preview) publishes drafts too, each page marked with a banner. Raise
    OutputRefused before any work when `out_dir` is not a folder a build may replace
    (`empty_out_dir` allows a folder pseo did not write). `progress` shows each step
    (load, expand, render, images, sitemaps, check, publish) with its count. The
    published files are compared with what the last build wrote by their stats, or
    by content with `verify_output`; whatever differs is repaired. `before` is what
    `look_before` found, when the caller already asked (with `build_options` of these
    arguments). `engine_kind` and `scheduler` (default: `build:` in site.yaml) choose
    where tasks run; `announce` gets the dashboard link of a Dask
    cluster the build starts."""
    started = time.perf_counter()
    cache_root = cache_dir or site_dir / ".pseo-cache"
    check_output_folder(out_dir, site_dir, cache_root, replace_foreign=empty_out_dir)
    if before is None:
        options = build_options(theme, check, only, limit, drafts)
        before = look_before(
            site_dir, out_dir, cache_root, options, report_file=report_file, verify_output=verify_output
        )
    if before.unchanged:
        return unchanged_result(before, time.perf_counter() - started)
    previous = before.output
    timings: dict[str, float] = {}
    clock = started

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    settings = build_settings(site_dir)
    chosen = open_engine(jobs, engine_kind or settings.engine, scheduler or settings.scheduler)
    with (
        chosen as engine,
        staged_output(out_dir, previous) as stage,
        _spared_collector() as settle,
        parsed_catalogs_in(cache_root / "build"),
    ):
        if announce is not None and getattr(engine, "dashboard_link", None):
            announce(f"Dask dashboard: {engine.dashboard_link}")
        hashes = FileHashes(site_dir.resolve(), _digests_read(before))
        build_cache = BuildCache(cache_root / "build")
        progress.start("load", "loading content")
        with paused_collector():  # what loads lives as long as the build (`settle`)
            loaded = _load_library(site_dir, engine, build_cache, hashes, drafts, theme, progress)
            settle()
        lap("load")
        progress.start("expand", "expanding matrices, judging pages")
        layers = theme_layers(site_dir, theme)
        errors = [*loaded.errors, *read_theme(layers)[1]]
        if loaded.library is None:
            raise BuildError(errors)
        library = loaded.library
        images = plan_images(library)
        cache = ImageCache(cache_root / "images")
        image_hits, image_work = pending_tasks(images, cache)
        _, assets = plan_assets(layers)
        memory = ValueMemory(build_cache.folder, hashes, library)
        page_keys = PageKeys(layers, hashes, memory, build_cache.folder)
        remembered = SignatureMemory(build_cache, page_keys)
        plan = plan_site(library, engine, layers, only, limit, images, remembered, progress)
        errors += plan.problems
        complete = not errors  # pages of a library with entities left out must not be cached
        measured = remembered.finish(keep=complete)
        lap("expand+route")
        settle()
        data = plan.data.get()
        keys = page_keys(data)
        stale = []
        for route in plan.routes.routes:
            key = keys[route.output_file]
            if stage.keep(route.output_file, key):
                continue
            if build_cache.page(key).is_file():
                stage.copy(build_cache.page(key), route.output_file, key)
            else:
                stale.append(route)
        progress.start("render", "rendering pages and data files", len(stale), "pages and data files")
        rendered = _render(engine, plan.data, plan.theme, stale) if plan.theme else iter(())
        for page in progress.track(rendered):
            if page.problems:
                errors += page.problems
                continue
            stage.write(page.output_file, page.html, keys[page.output_file])
            if complete:
                build_cache.store_page(keys[page.output_file], page.html)
        if not errors and not plan.expansion.batch:  # a batch keeps the full site's pages
            build_cache.prune_pages(set(keys.values()))
        lap("render")
        # Raises BuildError with `errors` and every image that fails to decode; after
        # an error the images are still decoded (into the cache only) to report them all.
        write = None if errors else stage.write
        progress.start("images", "writing images", len(image_work), "images and cards")
        processed = progress.track(
            process_tasks(engine, image_work, images, work=IMAGE_WORK * len(image_work))
        )
        write_images(image_hits, processed, cache, write, errors)
        for asset in assets:
            stage.write(asset.output_file, asset.source.read_bytes())
        lap("images")
        dates = page_keys.dates(data)
        documents = None
        if plan.theme and library.site.documents is not None:  # compiling the theme costs
            documents = plan_documents(compiled(plan.theme.get()), data, dates, images)
        if documents is not None and documents.tasks:
            progress.start("documents", "drawing PDFs", len(documents.tasks), "PDFs")
            pdfs = DocumentCache(cache_root / "documents")
            write_documents(engine, documents, pdfs, cache, stage.keep, stage.write, progress.track)
        lap("documents")
        if library.site.search.enabled:
            progress.start("search", "indexing the site search")
            index_search(plan.routes, stage, cache_root / "search")
            lap("search")
        progress.start("sitemaps", "writing sitemaps and feeds")
        pdfs = documents.refs if documents else ()
        write_sitemaps(data, dates, stage.write, documents=pdfs, keys=keys, keep=stage.keep)
        if complete:  # the record first: with the memory of the build before, it is only redone
            page_keys.save()
            memory.save()
        if plan.theme is not None:  # feed titles use the theme's strings
            write_feeds(library, plan.routes, plan.theme.get(), stage.write)
        write_host_files(library, plan.routes, stage)
        lap("sitemaps")
        report: CheckReport | None = None
        if check:
            # Imported here: the validation pass and its rules load only when it runs,
            # never in --no-check builds or render workers.
            from .check import check_site
            from .check.report import render_report
            from .render.catalogs import ui_phrases

            progress.start("check", "checking the output")
            stage.fill()  # the check reads the whole output
            checks = library.site.seo.checks
            phrases = ui_phrases(layers)
            report = check_site(
                stage.folder,
                library.site.origin,
                checks,
                engine=engine,
                ui_phrases=phrases,
                progress=progress,
            )
            lap("check")
            if report.failed(library.site.seo.checks.fail_level):
                raise CheckFailed(render_report(report, "text"), report.error_count)
        progress.start("publish", "publishing")
    lap("publish")
    progress.finish()
    if report_file is not None:
        write_report(
            report_rows(library, plan.expansion, plan.verdicts, plan.data.get().landings), report_file
        )
    data_files = sum(route.kind in DATA_KINDS for route in plan.routes.routes)
    result = BuildResult(
        pages=len(plan.routes.routes) - data_files,
        data_files=data_files,
        rendered=len(stale) + len(measured.intersection(keys.values())),
        images=len(images.images),
        files=len(stage.files),
        seconds=time.perf_counter() - started,
        expansion=plan.expansion,
        held_back=plan.held_back,
        report_file=report_file,
        check=report,
        timings=timings,
        notes=_body_warnings(library) + images.notes + (documents.notes if documents else []),
    )
    save_record(cache_root, out_dir, _published(stage, before, result))
    return result


@contextmanager
def _spared_collector() -> Iterator[Callable[[], None]]:
    """Yield `settle`, which moves every object made so far (the library, the plan) out
    of the garbage collector's sight until the build ends: they live as long as it, and
    each full collection would otherwise walk all of them again."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _body_warnings(library: Library) -> list[str]:
    """What page and article bodies hold that their pages leave out, one line each."""
    texts = [
        text
        for entity in (*library.pages.values(), *library.articles.values())
        for text in entity.translations.values()
    ]
    return [f"warning: {text.warning}" for text in texts if text.warning]


def _published(output: Output, before: Before, result: BuildResult) -> Published:
    """The record of what this build published. After an in-place publish only the
    replaced files need a stat: the others are as verified, and the record keeps the
    verification's time so files written since count as racy."""
    if output.complete:
        stats, folders, taken = take_stats(output.out)
    else:
        fresh = output.staged | output.rechecked
        stats = {name: before.output.stats[name] for name in output.files if name not in fresh}
        stats.update((name, file_stat(os.stat(output.out / name))) for name in fresh)
        folders = refresh_folders(output.out, before.output.folders, output.staged | {*output.deletions()})
        taken = before.output.taken_ns
    report = file_stat(os.stat(result.report_file)) if result.report_file is not None else None
    summary = pickle.dumps(dataclasses.replace(result, timings={}), protocol=pickle.HIGHEST_PROTOCOL)
    return Published(
        output.files, stats, taken, before.input_digest, summary, before.inputs.sources, report, folders
    )


def _render(
    engine: Engine, data: Ref[RenderInput], theme: Ref[ThemeBundle], routes: list[Route]
) -> Iterator[RenderedPage]:
    render = partial(render_chunk, data, theme)
    for pages in engine.map(render, chunked(routes, RENDER_CHUNK), work=len(routes)):
        yield from pages


def _digests_read(before: Before) -> dict[str, str]:
    """Content digests of the site's files that comparing the inputs already took (from the
    record where a file's stat is unchanged, else by reading it): no file is read twice."""
    sources = before.inputs.sources
    return {name: value for name, (_, value) in sources.items() if not name.startswith("packaged/")}


def _load_library(
    site_dir: Path,
    engine: Engine,
    cache: BuildCache,
    hashes: FileHashes,
    drafts: bool,
    theme: str,
    progress: Progress,
) -> Loaded:
    """The library, loaded with every entity file unchanged since the last build taken
    from the cache of validated models: only changed files are parsed and validated,
    and the cross-file checks run over the whole set, so errors are those of a clean load.
    Only a load without errors is cached: a library with entities left out must not
    stand in for the whole site in a later build."""
    validated = cache.load_validated(hashes)
    loaded = load_site(site_dir, engine, validated, theme, drafts=drafts, progress=progress)
    if loaded.library is not None and not loaded.errors:
        cache.store_validated(validated)
    return loaded
