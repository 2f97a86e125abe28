"""`pseo init DIR`: start a new site that builds at once, or a copy of the demo.

The new site (generator/starter) is small on purpose: one category, product, page and
keyword matrix in one language, every file explaining itself in comments. It builds
with no errors and no check warnings, so that each later warning is the editor's own;
its texts are long enough for the thin-content rule, which the drafts of `pseo new`
are not meant to pass. The theme is not copied: the packaged one is used, and
`themes/default/` in the site may override any of its files (see theme_layers).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from .theme_layers import packaged_demo

STARTER = Path(__file__).parent / "starter"
"""The new site's files, a site folder of their own (the package ships them)."""
LOGO = "content/images/logo.png"
LOGO_SIZE = 256
"""Pixels per side: above the 112×112 search engines ask of an organization's logo."""

GITIGNORE = """\
# Build output and cache: `pseo build` makes them again.
/public/
/preview/
/pseo-report/
/.pseo-cache/
"""


def init_site(folder: Path, demo: bool = False) -> None:
    """Write a new site into `folder`, which must be missing or empty."""
    from .schemas import write_schemas  # the content models load only to write a site

    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is a file; pseo init writes a site into a new or empty folder")
    if folder.exists() and any(folder.iterdir()):
        raise click.UsageError(f"{folder} is not empty; pseo init only writes into a new or empty folder")
    if demo:
        source = packaged_demo()
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "site.yaml", folder / "site.yaml")
        shutil.copytree(source / "content", folder / "content")
    else:
        shutil.copytree(STARTER, folder, dirs_exist_ok=True)
        _write_logo(folder / LOGO)
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(folder / "schemas")


def _write_logo(path: Path) -> None:
    """A plain placeholder mark, drawn rather than shipped: replace it with the real logo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), "#1f4e79")
    margin = LOGO_SIZE // 4
    ImageDraw.Draw(image).rectangle((margin, margin, LOGO_SIZE - margin, LOGO_SIZE - margin), fill="#ffffff")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Copy the full demo site (a valve maker in four languages).")
def init_command(folder: Path, demo: bool) -> None:
    """Create a new site in FOLDER (missing or empty) that builds as it is."""
    init_site(folder, demo)
    click.echo(f"Created {'the demo site' if demo else 'a new site'} in {folder}")
    click.echo(f"Next: cd {folder} && pseo serve   (or pseo build)")
