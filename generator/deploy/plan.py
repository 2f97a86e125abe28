"""What `pseo deploy` does to a bucket, decided before any upload: the difference
between the build's manifest and the one the last deploy left in the bucket.

Content hashes decide, never modification times: a fresh checkout in CI has new
mtimes on every file, yet uploads only what really changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from ..manifest import MANIFEST, Manifest, diff_manifests
from .headers import IMMUTABLE_FOLDERS, cache_control

STAGES = ("assets and images", "other files", "pages", "lists of pages")
"""Upload order: what pages reference, then the pages, then the files that list the
pages (sitemaps, robots.txt), so that no live file points at one not yet uploaded."""

LISTING_TYPES = ("application/xml", "text/plain")

HOST_RULE_FILES = ("_headers", "_redirects")
"""Rules for Netlify and Cloudflare Pages; object storage ignores them (the headers
go on each object, redirects on the alias stubs), so they are not uploaded."""

WHOLE_SITE_ABOVE = 1000
"""More changed pages than this are invalidated as `/*`: one path instead of
thousands (CDNs limit and bill invalidations per path)."""

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class Target:
    """`s3://BUCKET[/PREFIX]`: the bucket and the key prefix the site lives under."""

    bucket: str
    prefix: str = ""

    @classmethod
    def parse(cls, url: str) -> Target:
        scheme, _, rest = url.partition("://")
        bucket, _, prefix = rest.partition("/")
        if scheme != "s3" or not _BUCKET.match(bucket):
            raise ValueError(f"'{url}' is not s3://BUCKET or s3://BUCKET/PREFIX (lowercase bucket name)")
        prefix = prefix.strip("/")
        if prefix and any(segment in ("", ".", "..") for segment in prefix.split("/")):
            raise ValueError(f"'{url}': the prefix must not have empty, . or .. segments")
        return cls(bucket, prefix + "/" if prefix else "")

    def key(self, relative: str) -> str:
        return self.prefix + relative

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class Upload:
    path: str
    """Relative to the output folder (and to the target's prefix)."""
    sha256: str
    content_type: str
    cache_control: str
    redirect: str | None
    """Where an alias stub redirects to (S3 website hosting answers it with a 301)."""
    new: bool


@dataclass
class DeployPlan:
    uploads: list[Upload]
    """In upload order (see STAGES)."""
    unchanged: list[str]
    """Listed with the same hash in the bucket's manifest."""
    resumed: list[str]
    """Not in the bucket's manifest as they are, but already uploaded with the right
    hash (an interrupted deploy), so not uploaded again."""
    deletes: list[str]
    kept: list[str]
    """No longer built, left in the bucket because --delete was not given."""
    invalidations: list[str]
    manifest: Manifest = field(repr=False)
    """The manifest to upload last: the build's, plus what was kept."""


def stage(path: str, content_type: str) -> int:
    """Index into STAGES of the output file `path`."""
    first, slash, _ = path.partition("/")
    if slash and first in IMMUTABLE_FOLDERS:
        return 0
    if content_type.startswith("text/html"):
        return 2
    if content_type.split(";")[0] in LISTING_TYPES:
        return 3
    return 1


def url_path(path: str) -> str:
    """The URL path a CDN caches the output file `path` under (`a/index.html` → `/a/`)."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + path


def invalidation_paths(html_files: Iterable[str]) -> list[str]:
    paths = sorted({quote(url_path(path), safe="/") for path in html_files})
    return ["/*"] if len(paths) > WHOLE_SITE_ABOVE else paths


def plan_deploy(
    local: Manifest,
    remote: Manifest,
    stubs: dict[str, str],
    *,
    delete: bool,
    already_uploaded: Callable[[dict[str, str]], set[str]],
) -> DeployPlan:
    """Compare the build (`local`) with the bucket (`remote`, empty on a first deploy).
    `stubs` are the alias stubs (output file → redirect path); `already_uploaded`
    gets the files to upload (path → sha256) and returns those the bucket already
    holds with that hash."""
    local = {path: entry for path, entry in local.items() if path not in HOST_RULE_FILES}
    diff = diff_manifests(remote, local)
    candidates = {path: str(local[path]["sha256"]) for path in (*diff.added, *diff.changed)}
    present = already_uploaded(candidates) if candidates else set()
    added = set(diff.added)
    uploads = [
        Upload(
            path=path,
            sha256=sha,
            content_type=str(local[path]["content_type"]),
            cache_control=cache_control(path),
            redirect=stubs.get(path),
            new=path in added,
        )
        for path, sha in candidates.items()
        if path not in present
    ]
    uploads.sort(key=lambda upload: (stage(upload.path, upload.content_type), upload.path))
    removed = [path for path in diff.removed if path != MANIFEST]
    manifest = dict(local)
    if not delete:
        manifest.update((path, remote[path]) for path in removed)
    html = [p for p in (*diff.changed, *(removed if delete else ())) if _is_html(local.get(p) or remote[p])]
    return DeployPlan(
        uploads=uploads,
        unchanged=sorted(local.keys() - added - set(diff.changed)),
        resumed=sorted(present),
        deletes=removed if delete else [],
        kept=[] if delete else removed,
        invalidations=invalidation_paths(html),
        manifest=manifest,
    )


def _is_html(entry: dict[str, str | int]) -> bool:
    return str(entry.get("content_type", "")).startswith("text/html")
