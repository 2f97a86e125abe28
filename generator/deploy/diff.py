"""`pseo diff OLD NEW`: what a deploy has to upload, delete and invalidate."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..manifest import diff_manifests, read_manifest


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for deploy scripts.",
)
def diff_command(old: Path, new: Path, output_format: str) -> None:
    """List files added, changed and removed between two builds.

    OLD and NEW are built folders or pseo-manifest.json files (keep the manifest of
    the live deploy to compare the next build against it).
    """
    try:
        result = diff_manifests(read_manifest(old), read_manifest(new))
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if output_format == "json":
        click.echo(json.dumps(asdict(result), indent=2))
        return
    for mark, paths in (("+", result.added), ("~", result.changed), ("-", result.removed)):
        for path in paths:
            click.echo(f"{mark} {path}")
    click.echo(f"{len(result.added)} added, {len(result.changed)} changed, {len(result.removed)} removed")
