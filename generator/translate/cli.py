"""`pseo i18n status|export|import`: the content translation workflow.

Only click is imported here; each command imports what it runs, so that `pseo --help`
stays light."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from ..options import site_option

if TYPE_CHECKING:
    from ..errors import ContentError
    from .gaps import Gap, LanguageStatus, SiteTexts


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
    """Per site language: missing texts and pages (as path:line:col: field), imported
    translations whose source text changed since (translations.lock), and the theme's UI
    messages its catalog does not translate (as messages.pot:line)."""
    from .gaps import language_status, read_site_texts, read_theme_catalogs

    root = site_dir.resolve()
    texts = read_site_texts(root)
    for error in texts.errors:
        click.echo(f"skipped: {error}", err=True)
    unknown = [lang for lang in languages if lang not in texts.languages]
    if unknown:
        raise click.UsageError(
            f"--lang {unknown[0]} is not one of the site's languages ({', '.join(texts.languages)})"
        )
    catalog_errors: list[ContentError] = []
    catalogs = read_theme_catalogs(root, catalog_errors)
    for error in catalog_errors:
        click.echo(f"theme catalog: {error}", err=True)
    wanted = languages or tuple(lang for lang in texts.languages if lang != texts.default)
    report = [language_status(texts, lang, catalogs) for lang in wanted]
    if output_format == "json":
        click.echo(json.dumps([_as_json(status) for status in report], ensure_ascii=False, indent=2))
        return
    for status in report:
        done = status.texts_total - len(status.missing)
        pages = status.pages_total - len(status.missing_pages)
        click.echo(
            f"{status.lang}: texts {done}/{status.texts_total}, pages {pages}/{status.pages_total}, "
            f"outdated {len(status.outdated)}, theme strings {status.theme_strings}/{status.theme_total}, "
            f"machine-translated {len(status.machine)}"
        )
        for gap in [*status.missing, *status.missing_pages]:
            click.echo(f"  {gap}")
        for gap in status.outdated:
            click.echo(f"  {gap}: outdated, the source text changed since the translation was imported")
        for where in status.theme_missing:
            click.echo(f"  {where}")
        for where in status.machine:
            click.echo(f"  {where}: machine translation, not reviewed")


@i18n_command.command("export")
@site_option
@click.option("--lang", "lang", default=None, help="The language to translate into (default: every one).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["po", "xliff"]),
    default="po",
    show_default=True,
    help="PO (gettext) or XLIFF 1.2 for CAT tools.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output); without --lang, the folder for one file per language.",
)
def export_command(site_dir: Path, lang: str | None, output_format: str, out_path: Path | None) -> None:
    """Every text LANG lacks, or whose source changed since its translation was imported,
    as a PO catalog (msgid: the default language's text; an outdated translation fuzzy in
    msgstr) or as XLIFF 1.2 (one trans-unit per text, its id the PO msgctxt). Without
    --lang, one file per translation language (`ar.po`, `zh-Hans.xlf`) in the --out folder."""
    from .gaps import read_site_texts

    root = site_dir.resolve()
    texts = read_site_texts(root)
    for error in texts.errors:
        click.echo(f"skipped: {error}", err=True)
    others = [tag for tag in texts.languages if tag != texts.default]
    if lang is not None and lang not in others:
        raise click.UsageError(
            f"--lang {lang} is not a translation language of the site ({', '.join(others)})"
        )
    if lang is not None:
        if out_path is None:
            _export(texts, lang, output_format, sys.stdout.buffer)
            return
        with out_path.open("wb") as handle:
            count = _export(texts, lang, output_format, handle)
        click.echo(f"{out_path}: {count} texts to translate into {lang}", err=True)
        return
    if out_path is None or out_path.is_file():
        raise click.UsageError("without --lang, --out names the folder for one file per language")
    out_path.mkdir(parents=True, exist_ok=True)
    for tag in others:
        path = out_path / f"{tag}.{'xlf' if output_format == 'xliff' else 'po'}"
        with path.open("wb") as handle:
            count = _export(texts, tag, output_format, handle)
        click.echo(f"{path}: {count} texts to translate into {tag}", err=True)


def _export(texts: SiteTexts, lang: str, output_format: str, out: IO[bytes]) -> int:
    """Write what `lang` lacks or has outdated to `out`; return how many texts."""
    from .gaps import language_status
    from .po import export_catalog, write_catalog
    from .xliff import write_xliff

    status = language_status(texts, lang, None)
    pages = {
        gap.path: (texts.root / gap.path).read_text(encoding="utf-8-sig") for gap in status.missing_pages
    }
    catalog = export_catalog(texts, status, pages)
    if output_format == "xliff":
        write_xliff(catalog, texts.default, out)
    else:
        write_catalog(catalog, out)
    return len(catalog)


@i18n_command.command("import")
@site_option
@click.argument("po_file", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--machine",
    is_flag=True,
    help="Mark what is written as a machine translation: built, but noindex until reviewed.",
)
def import_command(site_dir: Path, po_file: Path, machine: bool) -> None:
    """Write the translations of FILE (PO, or XLIFF 1.2 as .xlf/.xliff) into the content
    files and record in translations.lock the source text each was made from; or write
    nothing if any is wrong."""
    from .importer import import_catalog, write_files
    from .lock import LOCK_FILE

    root = site_dir.resolve()
    result = import_catalog(root, po_file, str(po_file), machine=machine)
    if result.errors:
        _fail([*result.errors, f"nothing imported: {len(result.errors)} error(s)"])
    write_files(root, {**result.files, LOCK_FILE: result.lock} if result.lock else result.files)
    click.echo(f"imported {result.lang}: {len(result.files)} file(s) updated")


def _as_json(status: LanguageStatus) -> dict[str, object]:
    return {
        "lang": status.lang,
        "texts": {"total": status.texts_total, "missing": len(status.missing)},
        "pages": {"total": status.pages_total, "missing": len(status.missing_pages)},
        "theme_strings": {
            "present": status.theme_strings,
            "total": status.theme_total,
            "missing": status.theme_missing,
        },
        "machine_translated": status.machine,
        "missing": [_gap_json(gap) for gap in [*status.missing, *status.missing_pages]],
        "outdated": [_gap_json(gap) for gap in status.outdated],
    }


def _gap_json(gap: Gap) -> dict[str, object]:
    return {"path": gap.path, "line": gap.line, "column": gap.column, "field": gap.field}


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)
    sys.exit(1)
