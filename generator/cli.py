"""The `pseo` command line.

Commands import what they run inside their function: `pseo --help` and every command
start without loading the pipeline, the check or the libraries they need."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import click

from .errors import BuildError, CheckFailed
from .options import jobs_option, progress_quiet_option, site_option
from .progress import show_progress
from .wording import noun

if TYPE_CHECKING:
    from .summary import BuildResult


class _Commands(click.Group):
    """The commands of other modules, each imported when it runs or is listed: a build
    does not load the preview server, the deploy clients or the check's command line."""

    elsewhere: ClassVar[dict[str, tuple[str, str]]] = {
        "check": ("check.cli", "check_command"),
        "deploy": ("deploy.cli", "deploy_command"),
        "diff": ("deploy.diff", "diff_command"),
        "i18n": ("translate.cli", "i18n_command"),
        "init": ("init", "init_command"),
        "new": ("scaffold", "new_command"),
        "ping": ("deploy.cli", "ping_command"),
        "serve": ("serve", "serve_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.elsewhere})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.elsewhere:
            module, name = self.elsewhere[cmd_name]
            return getattr(import_module(f"{__package__}.{module}"), name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands)
@click.version_option(package_name="pseo")
def main() -> None:
    """Static-site generator for programmatic SEO of B2B export catalogs."""


@main.command()
@site_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: SITE/public; SITE/preview for --only/--limit batches); replaced "
    "as a whole, so it must be one pseo wrote, empty or missing.",
)
@click.option(
    "--empty-out-dir",
    is_flag=True,
    help="Also replace an output folder pseo did not write (its files are deleted); "
    "never the site, its sources, a repository, home or the current folder.",
)
@jobs_option
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Run the SEO validation pass on the output before publishing it.",
)
@click.option(
    "--only", metavar="matrix:ID", default=None, help="Preview batch: only this keyword matrix's pages."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Preview batch: the first N landing pages per matrix (verdicts as in the full build).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the final line.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one JSON object per line, errors on stderr and the summary on stdout (for CI logs).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build cache folder: pages, library, images (default: SITE/.pseo-cache).",
)
@click.option(
    "--verify-output",
    is_flag=True,
    help="Compare every published file with what the last build wrote by content, not only by "
    "size and file times, and repair what differs.",
)
@click.option(
    "--engine",
    "engine_kind",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Where render, image and check tasks run: local worker processes, or a Dask cluster "
    "(needs the dask extra) [default: build.engine in site.yaml, else local].",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    envvar="DASK_SCHEDULER_ADDRESS",
    default=None,
    help="With --engine dask: a running Dask scheduler (default: build.scheduler in site.yaml, "
    "else a LocalCluster of --jobs workers).",
)
def build(
    site_dir: Path,
    out_dir: Path | None,
    jobs: int,
    check: bool,
    only: str | None,
    limit: int | None,
    quiet: bool,
    log_format: str,
    cache_dir: Path | None,
    empty_out_dir: bool,
    verify_output: bool,
    engine_kind: str | None,
    scheduler: str | None,
) -> None:
    """Build the site into the output folder (swapped in only if everything succeeds).

    With --only or --limit, a preview batch is built into SITE/preview: a complete,
    checked site with only the batch's landing pages, never the live output."""
    from .dask_engine import EngineUnavailable
    from .outdir import OutputRefused, check_output_folder
    from .pseo_report import build_report_path
    from .published import build_options, look_before

    batch = only is not None or limit is not None
    live = site_dir / "public"
    if batch and out_dir is not None and out_dir.resolve() == live.resolve():
        raise click.BadParameter(
            f"a --only/--limit batch is a preview and never replaces the live output {live}",
            param_hint="--out",
        )
    out_dir = out_dir or (site_dir / "preview" if batch else live)
    as_json = log_format == "json"
    matrix_id = None
    if only is not None:
        kind, _, matrix_id = only.partition(":")
        if kind != "matrix" or not matrix_id:
            raise click.BadParameter("expected matrix:ID", param_hint="--only")
    report_file = build_report_path(site_dir, batch)
    started = time.perf_counter()
    try:
        # Whether anything changed is known before the pipeline is imported; when nothing
        # did, the last build's summary is shown without importing it at all.
        cache_root = cache_dir or site_dir / ".pseo-cache"
        check_output_folder(out_dir, site_dir, cache_root, replace_foreign=empty_out_dir)
        options = build_options("default", check, matrix_id, limit, False)
        before = look_before(
            site_dir, out_dir, cache_root, options, report_file=report_file, verify_output=verify_output
        )
        if before.unchanged and quiet:
            return
        if before.unchanged:
            from .summary import unchanged_result

            result = unchanged_result(before, time.perf_counter() - started)
        else:
            from .build import build_site

            with show_progress(quiet or as_json) as progress:
                result = build_site(
                    site_dir,
                    out_dir,
                    jobs=jobs,
                    check=check,
                    only=matrix_id,
                    limit=limit,
                    progress=progress,
                    cache_dir=cache_dir,
                    report_file=report_file,
                    empty_out_dir=empty_out_dir,
                    verify_output=verify_output,
                    before=before,
                    engine_kind=engine_kind,  # type: ignore[arg-type]
                    scheduler=scheduler,
                    announce=None if quiet else partial(click.echo, err=as_json),
                )
    except (OutputRefused, EngineUnavailable) as exc:
        if as_json:
            click.echo(json.dumps({"level": "error", "message": str(exc)}, ensure_ascii=False), err=True)
        else:
            click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except (BuildError, CheckFailed) as exc:
        failure = f"Build failed: {exc}. {out_dir} was left unchanged."
        if not as_json:
            click.echo(exc.report() if isinstance(exc, BuildError) else exc.report, err=True)
            click.echo(failure, err=True)
            sys.exit(1)
        records = (
            [{"level": "error", "text": str(error), **asdict(error)} for error in exc.errors]
            if isinstance(exc, BuildError)
            else [{"level": "error", "check": exc.report}]
        )
        for record in [*records, {"level": "error", "message": failure}]:
            click.echo(json.dumps(record, ensure_ascii=False), err=True)
        sys.exit(1)
    if as_json:
        summary = {
            "level": "info",
            "pages": result.pages,
            "data_files": result.data_files,
            "images": result.images,
            "files": result.files,
            "seconds": round(result.seconds, 3),
            "unchanged": result.unchanged,
            "out": str(out_dir),
            "preview": batch,
            "matrices": {key: sum(counts.values()) for key, counts in result.expansion.counts.items()},
            "held_back": len({(flag.page, flag.lang) for flag in result.held_back}),
            "matrix_report": str(result.report_file),
        }
        if result.notes:
            summary["notes"] = result.notes
        if result.check is not None:
            summary["check"] = {
                "errors": result.check.error_count,
                "warnings": result.check.warning_count,
                "by_rule": dict(sorted(result.check.counts_by_rule().items())),
            }
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        print_build_summary(result, out_dir, live if batch else None, quiet)
    _exit_at_once()


def _exit_at_once() -> None:
    """End a finished build's process without freeing its objects one by one: tearing
    down a 10,000-page library costs about a second, and every file, worker and folder
    of the build is closed by now. Only where pseo is its own program: a caller that
    replaced the standard streams (CliRunner, a test harness) or a profiler or tracer
    (cProfile, coverage) that reports at exit gets an ordinary return."""
    own_streams = sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__
    if own_streams and sys.getprofile() is None and sys.gettrace() is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def print_build_summary(result: BuildResult, out_dir: Path, live: Path | None, quiet: bool = False) -> None:
    """Held-back pages per matrix and rule, the SEO check's findings, the time of each
    step, where everything went; `quiet`: only where everything went."""
    from .pseo_report import held_back_summary

    for note in result.notes:
        click.echo(note)
    if quiet:
        click.echo(_built_line(result, out_dir, live))
        return
    for matrix_id, counts in result.expansion.counts.items():
        flags = [flag for flag in result.held_back if flag.matrix == matrix_id]
        held = len({(flag.page, flag.lang) for flag in flags})
        expanded = sum(counts.values())
        click.echo(f"pSEO matrix {matrix_id}: {expanded} {noun(expanded, 'page')} expanded, {held} held back")
        for line in held_back_summary(flags):
            click.echo(line)
    if result.expansion.counts and result.report_file is not None:
        click.echo(f"Every planned page with its verdict: {result.report_file}")
    if result.check is not None and result.check.findings:
        from .check.report import render_text  # the check ran, so this costs nothing more

        click.echo(render_text(result.check), nl=False)
    if result.timings:
        click.echo(
            "Steps: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in result.timings.items())
        )
    click.echo(_built_line(result, out_dir, live))
    if live is not None:
        click.echo(f"This batch is a preview: the live output {live} was not touched.")


def _built_line(result: BuildResult, out_dir: Path, live: Path | None) -> str:
    images = f"{result.images} {noun(result.images, 'image')}"
    files = f"{result.files} {noun(result.files, 'file')}"
    if result.unchanged:
        return (
            f"Nothing changed: {out_dir} already holds these {result.counted(', ')} and {images} "
            f"({files}), checked in {result.seconds:.2f} s"
        )
    kind = "Previewed" if live is not None else "Built"
    return (
        f"{kind} {result.counted()} ({result.rendered} rendered, the rest unchanged) and "
        f"{images} into {out_dir} ({files}) in {result.seconds:.2f} s"
    )


@main.command()
@site_option
def schemas(site_dir: Path) -> None:
    """Write JSON Schemas of the content files into schemas/ (for editors such as VS Code)."""
    from .schemas import write_schemas

    changed = write_schemas(site_dir / "schemas")
    click.echo(f"Updated {', '.join(changed)}" if changed else "Schemas are up to date.")


@main.command()
@click.argument("matrix_id", required=False)
@site_option
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many URLs and titles to show per matrix.",
)
@jobs_option
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=lambda _ctx, _param, value: _report_suffix(value),
    help="Write every planned page with URL, verdict, reason and exact score to FILE.csv or FILE.json.",
)
@progress_quiet_option
def matrix(
    matrix_id: str | None, site_dir: Path, sample: int, jobs: int, report_file: Path | None, quiet: bool
) -> None:
    """Explain keyword matrices before building them: counts, samples, collisions, guardrails."""
    from .load import load_site
    from .matrix_report import explain
    from .render import theme_problems
    from .theme_layers import theme_layers

    with show_progress(quiet) as progress:
        progress.start("load", "loading content")
        loaded = load_site(site_dir, progress=progress)
        theme = theme_layers(site_dir, "default")
        errors = [*loaded.errors, *theme_problems(theme)]
        library = loaded.library
        if library is not None:
            # A matrix with errors was left out of the library: its errors say why.
            if matrix_id and matrix_id not in library.matrices and not errors:
                raise click.BadParameter(f"no matrix '{matrix_id}' (have: {', '.join(library.matrices)})")
            if not matrix_id or matrix_id in library.matrices:
                errors += explain(library, theme, matrix_id, sample, jobs, report_file, progress).problems
    if errors:
        click.echo(BuildError(errors).report(), err=True)
        sys.exit(1)


def _report_suffix(path: Path | None) -> Path | None:
    from .pseo_report import FORMATS

    if path is not None and path.suffix not in FORMATS:
        raise click.BadParameter(f"must end in {' or '.join(FORMATS)}", param_hint="--report")
    return path
