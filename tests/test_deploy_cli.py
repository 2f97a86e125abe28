"""`pseo deploy` without a server: settings from site.yaml and flags, refusals, and
the invalidation list and cache policy it derives from a build."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.deploy import publish
from generator.deploy.headers import REVALIDATE, cache_control
from generator.deploy.plan import WHOLE_SITE_ABOVE, invalidation_paths, url_path
from generator.deploy.request import DeployRequest
from generator.manifest import read_manifest

from .conftest import SiteFolder, build
from .test_deploy import matching, parse_headers


def built(site: SiteFolder, out: Path) -> Path:
    result = build(site, out)
    assert result.exit_code == 0, result.output
    return out


def deploy_offline(site: SiteFolder, *args: str) -> Result:
    return CliRunner().invoke(main, ["deploy", *args, "--site", str(site.root)])


def test_deploy_block_errors_name_line_and_field(site: SiteFolder):
    site.write(
        "site.yaml", site.read("site.yaml") + "deploy:\n  endpont_url: https://s3.example.com\n  region: EU\n"
    )
    lines = site.read("site.yaml").count("\n")
    result = deploy_offline(site, "s3://bucket")
    assert result.exit_code == 1
    assert (
        f"site.yaml:{lines - 1}:3: deploy.endpont_url: unknown key 'endpont_url' (did you mean 'endpoint_url'?)"
        in result.output
    )
    assert f"site.yaml:{lines}:11: deploy.region: string should match pattern" in result.output
    assert "Traceback" not in result.output


def test_build_accepts_the_deploy_block(site: SiteFolder, tmp_path: Path):
    site.write(
        "site.yaml",
        site.read("site.yaml")
        + "deploy:\n  endpoint_url: https://oss-cn-hangzhou.aliyuncs.com\n  addressing_style: virtual\n",
    )
    assert build(site, tmp_path / "public").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://bucket"], "'ftp://bucket' is not s3://BUCKET or s3://BUCKET/PREFIX"),
        (["s3://Bucket"], "'s3://Bucket' is not s3://BUCKET or s3://BUCKET/PREFIX (lowercase bucket name)"),
        (["s3://bucket/a/../b"], "the prefix must not have empty, . or .. segments"),
        (
            ["s3://bucket", "--endpoint-url", "s3.example.com"],
            "Invalid value for '--endpoint-url': input should be a valid URL",
        ),
        (
            ["s3://bucket", "--endpoint-url", "https://s3.example.com/bucket"],
            "must be an origin without path",
        ),
        (
            ["s3://bucket", "--dir", "nowhere"],
            "nowhere has no pseo-manifest.json: build the site first (pseo build)",
        ),
    ],
)
def test_refusals_are_one_clear_line(site: SiteFolder, args: list[str], message: str):
    result = deploy_offline(site, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_boto3_says_how_to_install_it(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = built(site, tmp_path / "public")
    monkeypatch.setitem(sys.modules, "boto3", None)
    result = deploy_offline(site, "s3://bucket", "--dir", str(out))
    assert result.exit_code == 1
    assert result.output == "Error: pseo deploy needs boto3: pip install 'pseo[deploy]'\n"


def test_missing_credentials_are_named(site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = built(site, tmp_path / "public")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = deploy_offline(site, "s3://bucket", "--dir", str(out), "--endpoint-url", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert (
        "Error: s3://bucket/: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
        in result.output
    )


def test_invalidation_list_is_the_url_of_each_page():
    assert invalidation_paths(["index.html", "ar/index.html", "products/x/index.html", "404.html"]) == [
        "/",
        "/404.html",
        "/ar/",
        "/products/x/",
    ]
    assert invalidation_paths(["produits/vanne-à-bille/index.html"]) == ["/produits/vanne-%C3%A0-bille/"]
    assert invalidation_paths([f"p{n}/index.html" for n in range(WHOLE_SITE_ABOVE + 1)]) == ["/*"]


def test_object_cache_control_is_the_headers_file_policy(site: SiteFolder, tmp_path: Path):
    """One policy for `_headers` and for object metadata: every built file gets the
    Cache-Control that the `_headers` rules give its URL (files no rule covers revalidate)."""
    out = built(site, tmp_path / "public")
    rules = parse_headers((out / "_headers").read_text(encoding="utf-8"))
    for path in read_manifest(out):
        given = matching(rules, url_path(path), "Cache-Control")
        assert given in ([cache_control(path)], []), path
        assert given or cache_control(path) == REVALIDATE, path


def test_the_command_line_becomes_one_frozen_deploy_request(
    site: SiteFolder, monkeypatch: pytest.MonkeyPatch
):
    requests: list[DeployRequest] = []
    monkeypatch.setattr(publish, "deploy", requests.append)
    result = deploy_offline(site, "s3://bucket/www", "--region", "eu-central-1", "--delete", "--list-files")
    assert result.exit_code == 0, result.output
    (request,) = requests
    assert request == DeployRequest(
        "s3://bucket/www", site.root, region="eu-central-1", delete=True, list_files=True
    )
    assert request.setting_flags() == {"region": "eu-central-1"}
    assert request.built == site.root / "public"
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.delete = False  # type: ignore[misc]
