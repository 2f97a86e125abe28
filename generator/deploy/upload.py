"""`pseo deploy`'s side of the wire: one S3 client (boto3, so that signing, retries
and the credential chain are the SDK's) and the requests a deploy plan needs.

Any S3-compatible storage works: AWS S3, Cloudflare R2, Aliyun OSS, Tencent COS,
MinIO, SeaweedFS. The sha256 of every uploaded file is stored in its metadata
(`x-amz-meta-sha256`), so that a deploy resumed after an interruption recognises the
objects that were already uploaded, whatever the bucket's manifest says.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from ..manifest import MANIFEST, Manifest, render_manifest
from ..models.deploy import DeploySettings
from ..progress import Progress
from .plan import STAGES, DeployPlan, Target, Upload, stage

CONCURRENT_REQUESTS = 8
DELETE_BATCH = 1000
"""The most keys one DeleteObjects request takes."""
HEAD_AT_MOST = 1000
"""Above this many files to check, one listing request per 1,000 keys costs less than
one HEAD request per file (a first deploy of a large site)."""


class DeployError(Exception):
    """A deploy that cannot go on; the message says why and what to do."""


def s3_client(settings: DeploySettings, service: str = "s3") -> Any:
    """A boto3 client; credentials come from the environment or a profile, never
    from site.yaml."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise DeployError("pseo deploy needs boto3: pip install 'pseo[deploy]'") from None
    config = Config(
        s3={"addressing_style": settings.addressing_style},
        # Checksums only where the API requires them: many S3-compatible services
        # reject the CRC trailers newer SDKs send by default.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"},
        max_pool_connections=CONCURRENT_REQUESTS,
    )
    endpoint = settings.endpoint if service == "s3" else None
    session = boto3.session.Session()  # credentials resolved now, not cached from an earlier client
    return session.client(service, endpoint_url=endpoint, region_name=settings.region, config=config)


def failure(exc: Exception) -> str | None:
    """What went wrong in an SDK exception, in one line; None for other exceptions."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
    except ImportError:
        return None
    if isinstance(exc, NoCredentialsError):
        return "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message') or exc}"
    if isinstance(exc, BotoCoreError):
        return str(exc)
    return None


class Bucket:
    """The objects of one deploy target, read and written through `client`."""

    def __init__(self, client: Any, target: Target) -> None:
        self.client = client
        self.target = target

    def manifest(self) -> tuple[Manifest, str | None]:
        """The manifest the last complete deploy left (empty on a first deploy), and a
        warning when it was unreadable. Only well-formed entries are trusted; a file
        missing from them is checked by its hash (see `already_uploaded`)."""
        try:
            body = self.client.get_object(Bucket=self.target.bucket, Key=self.target.key(MANIFEST))["Body"]
        except self.client.exceptions.NoSuchKey:
            return {}, None
        try:
            data = json.loads(body.read())
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return {}, f"{self.target}{MANIFEST} is not a pseo manifest; comparing object hashes instead"
        return {
            path: entry
            for path, entry in data.items()
            if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
        }, None

    def already_uploaded(self, files: dict[str, str]) -> set[str]:
        """The files (path → sha256) whose object already carries that sha256."""
        if len(files) > HEAD_AT_MOST:
            existing = self._keys()
            files = {path: sha256 for path, sha256 in files.items() if self.target.key(path) in existing}
        found = _parallel(self._has, files.items())
        return {path for (path, _), present in zip(files.items(), found, strict=True) if present}

    def _keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.target.bucket, Prefix=self.target.prefix
        )
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def _has(self, item: tuple[str, str]) -> bool:
        path, sha256 = item
        try:
            head = self.client.head_object(Bucket=self.target.bucket, Key=self.target.key(path))
        except self.client.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return head.get("Metadata", {}).get("sha256") == sha256

    def put(self, folder: Path, upload: Upload) -> None:
        data = (folder / upload.path).read_bytes()
        if hashlib.sha256(data).hexdigest() != upload.sha256:
            raise DeployError(f"{folder / upload.path} changed since the build; build again, then deploy")
        extra = {"WebsiteRedirectLocation": upload.redirect} if upload.redirect else {}
        self.client.put_object(
            Bucket=self.target.bucket,
            Key=self.target.key(upload.path),
            Body=data,
            ContentType=upload.content_type,
            CacheControl=upload.cache_control,
            Metadata={"sha256": upload.sha256},
            **extra,
        )

    def delete(self, paths: list[str]) -> None:
        for start in range(0, len(paths), DELETE_BATCH):
            keys = [{"Key": self.target.key(path)} for path in paths[start : start + DELETE_BATCH]]
            answer = self.client.delete_objects(
                Bucket=self.target.bucket, Delete={"Objects": keys, "Quiet": True}
            )
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise DeployError(
                    f"cannot delete {first.get('Key')}: {first.get('Code')}: {first.get('Message')}"
                )

    def put_manifest(self, manifest: Manifest) -> None:
        self.client.put_object(
            Bucket=self.target.bucket,
            Key=self.target.key(MANIFEST),
            Body=render_manifest(manifest),
            ContentType="application/json",
            CacheControl="no-store",
        )


def run_plan(folder: Path, bucket: Bucket, plan: DeployPlan, progress: Progress) -> None:
    """Carry out `plan`: each stage's uploads (in parallel within the stage, the next
    stage only when the previous one is complete), the deletes, then the manifest.
    `progress` counts the files uploaded and deleted."""
    for index, _ in enumerate(STAGES):
        batch = [upload for upload in plan.uploads if stage(upload.path, upload.content_type) == index]

        def put(upload: Upload) -> None:
            bucket.put(folder, upload)
            progress.advance()

        _parallel(put, batch)
    if plan.deletes:
        bucket.delete(plan.deletes)
        progress.advance(len(plan.deletes))
    bucket.put_manifest(plan.manifest)


def invalidate(client: Any, distribution: str, paths: list[str], reference: bytes) -> str:
    """Create a CloudFront invalidation of `paths` (URL-encoded, see
    `invalidation_paths`); return its ID. The reference is
    a hash of the new manifest and the paths, so that CloudFront answers a repeated
    request with the invalidation it already has."""
    caller_reference = hashlib.sha256(reference + "\n".join(paths).encode()).hexdigest()
    answer = client.create_invalidation(
        DistributionId=distribution,
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": caller_reference,
        },
    )
    return str(answer["Invalidation"]["Id"])


def _parallel(function: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """`function` over `items` on a few threads, results in order; the first error
    stops what has not started and is raised."""
    items = list(items)
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=CONCURRENT_REQUESTS) as pool:
        futures = [pool.submit(function, item) for item in items]
        wait(futures, return_when=FIRST_EXCEPTION)
        failed = next((f for f in futures if f.done() and f.exception() is not None), None)
        if failed is not None:
            for future in futures:
                future.cancel()
            failed.result()
        return [future.result() for future in futures]
