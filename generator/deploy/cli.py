"""`pseo deploy s3://BUCKET[/PREFIX]`: publish a built folder to S3-compatible storage;
`pseo ping`: tell search engines which pages changed (IndexNow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..options import site_option
from .request import DeployRequest


@click.command("deploy")
@click.argument("url", metavar="s3://BUCKET[/PREFIX]")
@site_option
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Built folder to deploy (default: SITE/public).",
)
@click.option(
    "--endpoint-url", default=None, help="S3 API endpoint (default: deploy.endpoint_url, else AWS)."
)
@click.option("--region", default=None, help="Region of the bucket (default: deploy.region).")
@click.option(
    "--cloudfront-distribution",
    default=None,
    metavar="ID",
    help="Invalidate the changed pages on this CloudFront distribution "
    "(default: deploy.cloudfront_distribution).",
)
@click.option(
    "--delete", is_flag=True, help="Delete objects of earlier deploys that the build no longer has."
)
@click.option("--dry-run", is_flag=True, help="Print what would be uploaded and deleted; change nothing.")
@click.option(
    "--ping", is_flag=True, help="After the upload, submit the added, changed and deleted pages (IndexNow)."
)
@click.option(
    "--list-files", is_flag=True, help="Name every file uploaded and deleted (a log gets counts by default)."
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def deploy_command(url: str, site_dir: Path, **options: Any) -> None:
    """Upload what changed since the last deploy to S3, R2, OSS, COS or MinIO.

    Files are compared by content hash with the pseo-manifest.json the last deploy
    left in the bucket: assets and images go first, then pages, then sitemaps, and
    the manifest last, so an interrupted deploy is finished by the next one.
    Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    AWS_PROFILE, …), never from site.yaml.
    """
    from .publish import deploy  # pydantic and boto3: only when deploying

    deploy(DeployRequest(url, site_dir, **options))


@click.command("ping")
@site_option
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Built folder whose pages to submit (default: SITE/public).",
)
@click.option(
    "--since",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    metavar="OLD",
    help="The build to compare with: its pseo-manifest.json or its folder (default: the build last pinged).",
)
@click.option(
    "--endpoint", default=None, metavar="URL", help="IndexNow endpoint (default: indexnow.endpoint)."
)
@click.option("--dry-run", is_flag=True, help="Print the URLs that would be submitted; send nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def ping_command(
    site_dir: Path, folder: Path | None, since: Path | None, endpoint: str | None, dry_run: bool, quiet: bool
) -> None:
    """Tell search engines which pages were added, changed or removed (IndexNow).

    Run it after the build is live: engines fetch the key file (KEY.txt, published by
    the build when site.yaml has `indexnow: {key: …}`) to check the submission.
    Noindex pages, redirect stubs and 404 pages are never submitted.
    """
    from .ping import ping  # pydantic and lxml: only when pinging

    ping(site_dir, folder, since, endpoint, dry_run, quiet)
