"""What `pseo deploy` does: compare the build with the bucket, upload, delete, invalidate.

Imported only when the command runs: it needs pydantic and boto3.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click
from pydantic import ValidationError

from ..manifest import MANIFEST, Manifest, ManifestDiff, diff_manifests, read_manifest, render_manifest
from ..models.deploy import DeployConfig, DeploySettings
from ..models.indexnow import IndexNowSettings
from ..progress import show_progress
from .indexnow import PingError, page_changes
from .ping import announce, ping_settings, read_site_block, remember
from .plan import DeployPlan, Target, plan_deploy
from .redirects import read_redirects
from .request import DeployRequest
from .upload import Bucket, DeployError, failure, invalidate, run_plan, s3_client

MARKS = {"new": "+", "changed": "~", "deleted": "-"}


def deploy(request: DeployRequest) -> None:
    """Carry out `request`; the command's help says how."""
    try:
        target = Target.parse(request.url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URL") from None
    site_dir, folder = request.site_dir, request.built
    settings = _settings(site_dir, request.setting_flags())
    indexnow = ping_settings(site_dir, None) if request.ping else None
    if not (folder / MANIFEST).is_file():
        raise click.UsageError(f"{folder} has no {MANIFEST}: build the site first (pseo build)")
    echo = (lambda _line: None) if request.quiet else click.echo
    phase = "plan"
    try:
        local = read_manifest(folder)
        redirects = folder / "_redirects"
        stubs = read_redirects(redirects.read_text(encoding="utf-8")) if redirects.is_file() else {}
        bucket = Bucket(s3_client(settings), target)
        remote, warning = bucket.manifest()
        if warning:
            click.echo(f"Warning: {warning}", err=True)
        with show_progress(request.quiet) as progress:
            progress.start("plan", f"comparing the build with {target}")
            plan = plan_deploy(
                local, remote, stubs, delete=request.delete, already_uploaded=bucket.already_uploaded
            )
            if not request.dry_run:
                phase = "upload"
                progress.start("upload", "uploading", len(plan.uploads) + len(plan.deletes), "files")
                run_plan(folder, bucket, plan, progress)
        if request.dry_run:
            _print_plan(plan, target, echo)
            if indexnow:
                _ping(indexnow, _deployed_pages(local, remote, plan), folder, True, echo)
            return
        if request.list_files:
            _print_files(plan, echo)
        _print_summary(plan, target, echo)
        if settings.cloudfront_distribution and plan.invalidations:
            phase = "invalidate"
            cloudfront = s3_client(settings, "cloudfront")
            reference = render_manifest(plan.manifest)
            job = invalidate(cloudfront, settings.cloudfront_distribution, plan.invalidations, reference)
            echo(f"CloudFront invalidation {job} created on {settings.cloudfront_distribution}.")
        if indexnow:
            phase = "ping"
            _ping(indexnow, _deployed_pages(local, remote, plan), folder, False, echo)
            remember(folder, site_dir / ".pseo-cache")
    except Exception as exc:
        if isinstance(exc, DeployError | PingError | OSError | ValueError):
            _fail(str(exc), phase)
        reason = failure(exc)
        if reason is None:
            raise
        _fail(reason if phase == "invalidate" else f"{target}: {reason}", phase)


def _deployed_pages(local: Manifest, remote: Manifest, plan: DeployPlan) -> ManifestDiff:
    """The files this deploy added, changed or deleted (files kept in the bucket stay live)."""
    diff = diff_manifests(remote, local)
    deleted = set(plan.deletes)
    return ManifestDiff(diff.added, diff.changed, [path for path in diff.removed if path in deleted])


def _ping(
    indexnow: tuple[str, IndexNowSettings],
    diff: ManifestDiff,
    folder: Path,
    dry_run: bool,
    echo: Callable[[str], None],
) -> None:
    origin, settings = indexnow
    announce(page_changes(diff, origin, folder), origin, settings, folder, dry_run, echo)


def _settings(site_dir: Path, flags: dict[str, str]) -> DeploySettings:
    """`deploy:` of SITE/site.yaml (errors with line numbers, exit 1), overridden by flags."""
    config = read_site_block(site_dir, DeployConfig)
    settings = config.deploy if config else DeploySettings()
    try:
        return DeploySettings.model_validate({**settings.model_dump(mode="json"), **flags})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        option = "--" + str(error["loc"][0]).replace("_", "-")
        message = error["msg"].removeprefix("Value error, ")
        raise click.BadParameter(message[:1].lower() + message[1:], param_hint=f"'{option}'") from None


def _fail(reason: str, phase: str) -> NoReturn:
    """Report a failed deploy with what it means for the bucket, and exit 1."""
    if phase == "invalidate":
        click.echo(f"Error: CloudFront invalidation: {reason}", err=True)
        click.echo("The deploy is complete; invalidate the pages listed above by hand.", err=True)
    elif phase == "ping":
        click.echo(f"Error: IndexNow: {reason}", err=True)
        click.echo("The deploy is complete; run pseo ping to submit its pages.", err=True)
    else:
        click.echo(f"Error: {reason}", err=True)
    if phase == "upload":
        click.echo(
            "Deploy stopped; run pseo deploy again to finish it (uploaded files are not sent twice).",
            err=True,
        )
    sys.exit(1)


def _print_files(plan: DeployPlan, echo: Callable[[str], None]) -> None:
    for upload in plan.uploads:
        echo(f"{MARKS['new' if upload.new else 'changed']} {upload.path}")
    for path in plan.deletes:
        echo(f"{MARKS['deleted']} {path}")


def _print_plan(plan: DeployPlan, target: Target, echo: Callable[[str], None]) -> None:
    _print_files(plan, echo)
    echo(
        f"Dry run for {target}: {len(plan.uploads)} to upload, {len(plan.unchanged)} unchanged, "
        f"{len(plan.resumed)} already uploaded, {len(plan.deletes)} to delete, {len(plan.kept)} to keep"
    )
    _print_invalidations(plan, echo)


def _print_summary(plan: DeployPlan, target: Target, echo: Callable[[str], None]) -> None:
    echo(
        f"Deployed to {target}: {len(plan.uploads)} uploaded, {len(plan.unchanged)} unchanged, "
        f"{len(plan.resumed)} already uploaded, {len(plan.deletes)} deleted"
    )
    if plan.kept:
        echo(f"{len(plan.kept)} files no longer built were kept in the bucket (--delete removes them).")
    _print_invalidations(plan, echo)


def _print_invalidations(plan: DeployPlan, echo: Callable[[str], None]) -> None:
    if not plan.invalidations:
        return
    echo(f"Pages to invalidate on the CDN ({len(plan.invalidations)}):")
    for path in plan.invalidations:
        echo(f"  {path}")
