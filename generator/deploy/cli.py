"""`pseo deploy s3://BUCKET[/PREFIX]`: publish a built folder to S3-compatible storage."""

from __future__ import annotations

from pathlib import Path

import click

from ..options import site_option


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
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def deploy_command(
    url: str,
    site_dir: Path,
    folder: Path | None,
    endpoint_url: str | None,
    region: str | None,
    cloudfront_distribution: str | None,
    delete: bool,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Upload what changed since the last deploy to S3, R2, OSS, COS or MinIO.

    Files are compared by content hash with the pseo-manifest.json the last deploy
    left in the bucket: assets and images go first, then pages, then sitemaps, and
    the manifest last, so an interrupted deploy is finished by the next one.
    Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    AWS_PROFILE, …), never from site.yaml.
    """
    from .publish import deploy  # pydantic, rich and boto3: only when deploying

    deploy(url, site_dir, folder, endpoint_url, region, cloudfront_distribution, delete, dry_run, quiet)
