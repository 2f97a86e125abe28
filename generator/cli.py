"""The `pseo` command line."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .build import build_site
from .check.cli import check_command
from .deploy.diff import diff_command
from .errors import BuildError, CheckFailed
from .load import load_site
from .matrix_report import explain
from .options import jobs_option, site_option
from .render import theme_problems
from .scaffold import new_command
from .schemas import write_schemas
from .serve import serve_command


@click.group()
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
    help="Output folder (default: SITE/public).",
)
@jobs_option
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Run the SEO validation pass on the output before publishing it.",
)
@click.option("--only", metavar="matrix:ID", default=None, help="Expand only this keyword matrix.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Expand at most N combinations per matrix."
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
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
) -> None:
    """Build the site into the output folder (swapped in only if everything succeeds)."""
    out_dir = out_dir or site_dir / "public"
    as_json = log_format == "json"
    matrix_id = None
    if only is not None:
        kind, _, matrix_id = only.partition(":")
        if kind != "matrix" or not matrix_id:
            raise click.BadParameter("expected matrix:ID", param_hint="--only")
    try:
        with build_progress(quiet or as_json) as progress:
            result = build_site(
                site_dir,
                out_dir,
                jobs=jobs,
                check=check,
                only=matrix_id,
                limit=limit,
                progress=progress,
                cache_dir=cache_dir,
            )
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
            "images": result.images,
            "files": result.files,
            "seconds": round(result.seconds, 3),
            "out": str(out_dir),
            "matrices": {key: sum(counts.values()) for key, counts in result.expansion.counts.items()},
            "held_back": len(result.held_back),
        }
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    if quiet:
        return
    for matrix_id, counts in result.expansion.counts.items():
        held = sum(1 for flag in result.held_back if flag.matrix == matrix_id)
        click.echo(f"pSEO matrix {matrix_id}: {sum(counts.values())} pages expanded, {held} held back")
    for flag in result.held_back[:20]:
        click.echo(f"  held back [{flag.lang}] {flag.matrix}:{flag.key}: {flag.reason}")
    if len(result.held_back) > 20:
        click.echo(f"  … and {len(result.held_back) - 20} more (see `pseo matrix`)")
    click.echo(
        f"Built {result.pages} pages ({result.rendered} rendered, the rest unchanged) and "
        f"{result.images} images into {out_dir} "
        f"({result.files} files) in {result.seconds:.2f} s"
    )


@contextmanager
def build_progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar with pages/s on an interactive terminal, nothing elsewhere."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    columns = (
        TextColumn("rendering"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} pages/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("render", total=None, rate="–")
        started = time.perf_counter()

        def update(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-6)
            bar.update(task, completed=done, total=total, rate=f"{rate:,.0f}")

        yield update


@main.command()
@site_option
def schemas(site_dir: Path) -> None:
    """Write JSON Schemas of the content files into schemas/ (for editors such as VS Code)."""
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
def matrix(matrix_id: str | None, site_dir: Path, sample: int, jobs: int) -> None:
    """Explain keyword matrices before building them: counts, samples, collisions, guardrails."""
    loaded = load_site(site_dir)
    theme_folder = (site_dir / "themes" / "default").resolve()
    errors = [*loaded.errors, *theme_problems(theme_folder)]
    library = loaded.library
    if library is not None:
        # A matrix with errors was left out of the library: its errors say why.
        if matrix_id and matrix_id not in library.matrices and not errors:
            raise click.BadParameter(f"no matrix '{matrix_id}' (have: {', '.join(library.matrices)})")
        if not matrix_id or matrix_id in library.matrices:
            errors += explain(library, theme_folder, matrix_id, sample, jobs).problems
    if errors:
        click.echo(BuildError(errors).report(), err=True)
        sys.exit(1)


main.add_command(check_command)
main.add_command(diff_command)
main.add_command(serve_command)
main.add_command(new_command)
