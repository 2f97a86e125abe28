"""The `pseo` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import build_site
from .errors import BuildError, CheckFailed


@click.group()
@click.version_option(package_name="pseo")
def main() -> None:
    """Static-site generator for programmatic SEO of B2B export catalogs."""


@main.command()
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder with site.yaml, content/ and themes/.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: SITE/public).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 = one per core.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Run the SEO validation pass on the output before publishing it.")
def build(site_dir: Path, out_dir: Path | None, jobs: int, check: bool) -> None:
    """Build the site into the output folder (swapped in only if everything succeeds)."""
    out_dir = out_dir or site_dir / "public"
    try:
        result = build_site(site_dir, out_dir, jobs=jobs, check=check)
    except BuildError as exc:
        click.echo(exc.report(), err=True)
        click.echo(f"Build failed: {exc}. {out_dir} was left unchanged.", err=True)
        sys.exit(1)
    except CheckFailed as exc:
        click.echo(exc.report, err=True)
        click.echo(f"Build failed: {exc}. {out_dir} was left unchanged.", err=True)
        sys.exit(1)
    click.echo(
        f"Built {result.pages} pages and {result.images} images into {out_dir} "
        f"({result.files} files) in {result.seconds:.2f} s"
    )
