"""`pseo check`: command-line entry of the SEO validation pass (the pass itself, its settings
model and its reports load when the command runs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

from generator.options import progress_quiet_option
from generator.progress import show_progress

if TYPE_CHECKING:
    from generator.models.checks import CheckSettings


def _site_config(site_dir: Path) -> tuple[str | None, CheckSettings]:
    """`base_url` and `seo.checks` from site.yaml (the rest of the file is not needed here)."""
    from pydantic import ValidationError

    from generator.check.rules import RULES
    from generator.models.checks import RULE_IDS, CheckSettings

    path = site_dir / "site.yaml"
    if not path.is_file():
        return None, CheckSettings()
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise click.UsageError(f"{path}: expected a mapping at the top level")
    seo = data.get("seo") or {}
    try:
        checks = (seo.get("checks") if isinstance(seo, dict) else None) or {}
        settings = CheckSettings.model_validate(checks, context={RULE_IDS: RULES})
    except ValidationError as exc:
        raise click.UsageError(f"{path}: seo.checks: {exc}") from None
    base_url = data.get("base_url")
    return (str(base_url) if base_url else None), settings


@click.command("check")
@click.argument("directory", default="public", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", help="Public URL of the site (default: base_url from site.yaml)")
@click.option(
    "--site", "site_dir", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding site.yaml",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "html"]), default="text")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here")
@click.option("--fail-level", type=click.Choice(["error", "warning"]), default=None,
              help="Lowest severity that fails (default: seo.checks.fail_level, else error)")  # fmt: skip
@click.option("--jobs", type=int, default=0, show_default=True, help="Worker processes (0 = one per CPU)")
@click.option(
    "--theme", default="default", show_default=True, help="Theme whose English UI text is looked for"
)
@progress_quiet_option
def check_command(
    directory: Path,
    base_url: str | None,
    site_dir: Path,
    fmt: str,
    output: Path | None,
    fail_level: str | None,
    jobs: int,
    theme: str,
    quiet: bool,
) -> None:
    """Check the built site in DIRECTORY for SEO defects, the way a crawler reads it."""
    from generator.render.catalogs import ui_phrases
    from generator.theme_layers import theme_layers

    from ..journal import roll_forward
    from .report import render_report
    from .runner import check_site

    configured_url, settings = _site_config(site_dir)
    base_url = base_url or configured_url
    if not base_url:
        raise click.UsageError("no --base-url given and no base_url in site.yaml")
    if not directory.is_dir():
        raise click.UsageError(f"{directory} is not a directory (build the site first)")
    roll_forward(directory.resolve())  # a build killed while publishing in place
    phrases = ui_phrases(theme_layers(site_dir, theme))
    with show_progress(quiet) as progress:
        progress.start("check", "checking pages")
        report = check_site(directory, base_url, settings, jobs=jobs, ui_phrases=phrases, progress=progress)
    text = render_report(report, fmt)  # type: ignore[arg-type]
    if output:
        output.write_text(text, encoding="utf-8")
        if fmt != "text":
            click.echo(render_report(report, "text").splitlines()[-1], err=True)
    else:
        click.echo(text, nl=False)
    raise SystemExit(1 if report.failed(fail_level or settings.fail_level) else 0)
