"""Command-line options shared by several `pseo` commands."""

from __future__ import annotations

from pathlib import Path

import click

site_option = click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="Folder with site.yaml, content/ and themes/.",
)

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0 = one per core.",
)

progress_quiet_option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress display: only the command's report and errors.",
)
