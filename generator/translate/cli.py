"""`pseo i18n status|export|import`: the content translation workflow.

Only click is imported here; each command imports what it runs, so that `pseo --help`
stays light."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..options import site_option

if TYPE_CHECKING:
    from .gaps import LanguageStatus


@click.group("i18n")
def i18n_command() -> None:
    """Translation status of the content, and export/import for translators' tools."""


@i18n_command.command("status")
@site_option
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def status_command(site_dir: Path, languages: tuple[str, ...], output_format: str) -> None:
    """Per site language: missing texts and pages (as path:line:col: field) and theme UI strings."""
    from ..render.theme import read_theme
    from .gaps import language_status, read_site_texts

    root = site_dir.resolve()
    texts = read_site_texts(root)
    for error in texts.errors:
        click.echo(f"skipped: {error}", err=True)
    unknown = [lang for lang in languages if lang not in texts.languages]
    if unknown:
        raise click.UsageError(
            f"--lang {unknown[0]} is not one of the site's languages ({', '.join(texts.languages)})"
        )
    bundle, _ = read_theme(root / "themes" / "default")
    strings = bundle.strings if bundle is not None else {}
    wanted = languages or tuple(lang for lang in texts.languages if lang != texts.default)
    report = [language_status(texts, lang, strings) for lang in wanted]
    if output_format == "json":
        click.echo(json.dumps([_as_json(status) for status in report], ensure_ascii=False, indent=2))
        return
    for status in report:
        done = status.texts_total - len(status.missing)
        pages = status.pages_total - len(status.missing_pages)
        click.echo(
            f"{status.lang}: texts {done}/{status.texts_total}, pages {pages}/{status.pages_total}, "
            f"theme strings {status.theme_strings}/{status.theme_total}"
        )
        for gap in [*status.missing, *status.missing_pages]:
            click.echo(f"  {gap}")


def _as_json(status: LanguageStatus) -> dict[str, object]:
    return {
        "lang": status.lang,
        "texts": {"total": status.texts_total, "missing": len(status.missing)},
        "pages": {"total": status.pages_total, "missing": len(status.missing_pages)},
        "theme_strings": {"present": status.theme_strings, "total": status.theme_total},
        "missing": [
            {"path": gap.path, "line": gap.line, "column": gap.column, "field": gap.field}
            for gap in [*status.missing, *status.missing_pages]
        ],
    }


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)
    sys.exit(1)
