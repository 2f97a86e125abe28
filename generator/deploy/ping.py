"""What `pseo ping` does: find the pages that changed since search engines were last
told, and submit them through IndexNow.

"Last told" is the manifest of the last build a ping (or `pseo deploy --ping`) got
through, kept in the build cache; `--since` names another manifest or built folder.
Imported only when the command runs: it needs pydantic and lxml.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from pydantic import BaseModel

from ..errors import BuildError
from ..load.source import parse_yaml
from ..load.validate import validate
from ..manifest import MANIFEST, ManifestDiff, diff_manifests, read_manifest
from ..models.indexnow import IndexNowSettings, PingConfig
from .indexnow import PageChanges, PingError, page_changes, submit

M = TypeVar("M", bound=BaseModel)

LAST_PINGED = "indexnow-manifest.json"
"""In the build cache: the manifest of the build search engines last heard about."""


def read_site_block(site_dir: Path, model: type[M]) -> M | None:
    """The part of SITE/site.yaml that `model` describes (None without site.yaml);
    errors are reported with their line numbers and exit 1."""
    path = site_dir / "site.yaml"
    if not path.is_file():
        return None
    document, errors = parse_yaml(path.read_text(encoding="utf-8-sig"), "site.yaml")
    config = None
    if not errors:
        config, errors = validate(model, document, {})
    if errors or config is None:
        click.echo(BuildError(errors).report(), err=True)
        sys.exit(1)
    return config


def ping_settings(site_dir: Path, endpoint: str | None) -> tuple[str, IndexNowSettings]:
    """The site's origin and IndexNow settings (`--endpoint` overriding site.yaml's)."""
    config = read_site_block(site_dir, PingConfig)
    if config is None:
        raise click.UsageError(f"{site_dir} has no site.yaml")
    if config.indexnow is None:
        raise click.UsageError(
            f"site.yaml has no IndexNow key; add `indexnow: {{key: {secrets.token_hex(16)}}}` "
            "(a new random key), then build and deploy before pinging"
        )
    settings = config.indexnow
    if endpoint is not None:
        try:
            settings = IndexNowSettings.model_validate({"key": settings.key, "endpoint": endpoint})
        except ValueError:
            message = f"'{endpoint}' is not an http(s) URL"
            raise click.BadParameter(message, param_hint="'--endpoint'") from None
    return str(config.base_url).rstrip("/"), settings


def announce(
    changes: PageChanges,
    origin: str,
    settings: IndexNowSettings,
    folder: Path,
    dry_run: bool,
    echo: Callable[[str], None],
) -> None:
    """Print the pages and, unless a dry run, submit them; PingError on a refusal."""
    for mark, urls in (("+", changes.added), ("~", changes.changed), ("-", changes.removed)):
        for url in urls:
            echo(f"{mark} {url}")
    counts = f"{len(changes.added)} added, {len(changes.changed)} changed, {len(changes.removed)} removed"
    endpoint = str(settings.endpoint)
    if dry_run:
        echo(f"Dry run: {len(changes.urls)} URLs to submit to {endpoint} ({counts})")
        return
    if not changes.urls:
        echo("No page changed: nothing to submit.")
        return
    if not (folder / settings.key_file).is_file():
        raise PingError(
            f"{folder} has no {settings.key_file}: build (and deploy) the site after setting "
            "indexnow.key, so that search engines can check the key"
        )
    statuses = submit(changes.urls, origin, settings.key, endpoint)
    later = " (the engine checks the key later)" if 202 in statuses else ""
    echo(f"Submitted {len(changes.urls)} URLs to {endpoint}{later}: {counts}")


def remember(folder: Path, cache_dir: Path) -> None:
    """Keep the manifest of the build engines were told about, for the next ping."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / MANIFEST, cache_dir / LAST_PINGED)


def ping(
    site_dir: Path, folder: Path | None, since: Path | None, endpoint: str | None, dry_run: bool, quiet: bool
) -> None:
    """Submit the pages of `folder` (default SITE/public) that changed since `since`
    (default: the build last pinged; every page on the first ping)."""
    origin, settings = ping_settings(site_dir, endpoint)
    folder = folder or site_dir / "public"
    if not (folder / MANIFEST).is_file():
        raise click.UsageError(f"{folder} has no {MANIFEST}: build the site first (pseo build)")
    echo = (lambda _line: None) if quiet else click.echo
    cache_dir = site_dir / ".pseo-cache"
    try:
        new = read_manifest(folder)
        if since is not None:
            old = read_manifest(since)
        elif (cache_dir / LAST_PINGED).is_file():
            old = read_manifest(cache_dir / LAST_PINGED)
        else:
            echo("No earlier ping recorded (--since names an older build): submitting every page.")
            old = {}
        diff: ManifestDiff = diff_manifests(old, new)
        changes = page_changes(diff, origin, folder, since if since and since.is_dir() else None)
        announce(changes, origin, settings, folder, dry_run, echo)
        if not dry_run:
            remember(folder, cache_dir)
    except (PingError, OSError, ValueError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
