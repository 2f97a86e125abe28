"""`pseo ping` and `pseo deploy --ping` against a loopback IndexNow endpoint: the key
file the build publishes, which URLs are submitted (added, changed, removed; never
noindex pages, redirect stubs or 404 pages), the JSON body, batching and refusals."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from generator.cli import main
from generator.deploy.indexnow import MAX_URLS_PER_REQUEST, PingError, submit
from generator.manifest import read_manifest

from .conftest import SiteFolder
from .indexnow_server import Endpoint as Engine
from .indexnow_server import indexnow_endpoint
from .test_build import ORIGIN
from .test_deploy import OTHER, PRODUCT, add_aliases
from .test_deploy_cli import built
from .test_deploy_s3 import bucket, endpoint  # noqa: F401 (fixtures: a SeaweedFS bucket)

KEY = "3f2a9c1e-7b44-4d0a-9e51-0c2d6f8a1b77"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with indexnow_endpoint() as server:
        yield server


@pytest.fixture
def keyed(site: SiteFolder, engine: Engine) -> SiteFolder:
    site.write("site.yaml", site.read("site.yaml") + f"indexnow:\n  key: {KEY}\n  endpoint: {engine.url}\n")
    return site


def ping(site: SiteFolder, out: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["ping", "--site", str(site.root), "--dir", str(out), *extra])


def sitemap_urls(out: Path) -> set[str]:
    """Every URL the sitemaps list: the indexable pages, found independently of ping."""
    urls: set[str] = set()
    for child in etree.parse(str(out / "sitemap.xml")).getroot().iter(f"{SITEMAP}loc"):
        shard = out / child.text.removeprefix(ORIGIN + "/")
        urls.update(loc.text for loc in etree.parse(str(shard)).getroot().iter(f"{SITEMAP}loc"))
    return urls


def marked(output: str, mark: str) -> set[str]:
    return {line[2:] for line in output.splitlines() if line.startswith(f"{mark} ")}


def test_build_publishes_the_key_file_at_the_root(keyed: SiteFolder, tmp_path: Path):
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["build", "--site", str(keyed.root), "--out", str(out)])
    assert result.exit_code == 0, result.output  # the SEO check passes with the key file
    assert (out / f"{KEY}.txt").read_text(encoding="utf-8") == KEY
    assert read_manifest(out)[f"{KEY}.txt"]["content_type"] == "text/plain; charset=utf-8"


def test_first_ping_submits_every_indexable_page_and_nothing_else(
    keyed: SiteFolder, tmp_path: Path, engine: Engine
):
    add_aliases(keyed, PRODUCT, "/old-ball-valve/")
    out = built(keyed, tmp_path / "public")
    assert (out / "old-ball-valve/index.html").is_file()
    result = ping(keyed, out)
    assert result.exit_code == 0, result.output

    [request] = engine.requests
    assert request["path"] == "/indexnow"
    assert request["type"] == "application/json; charset=utf-8"
    body = request["body"]
    assert set(body) == {"host", "key", "keyLocation", "urlList"}
    assert body["host"] == "www.example-valves.com"
    assert body["key"] == KEY
    assert body["keyLocation"] == f"{ORIGIN}/{KEY}.txt"
    indexable = sitemap_urls(out)
    assert set(body["urlList"]) == indexable
    assert len(body["urlList"]) == len(indexable)
    assert f"{ORIGIN}/old-ball-valve/" not in body["urlList"]  # the redirect stub
    assert not any(url.endswith(".html") for url in body["urlList"])  # 404 pages
    assert marked(result.output, "+") == indexable
    assert f"Submitted {len(indexable)} URLs to {engine.url}: {len(indexable)} added" in result.output

    again = ping(keyed, out)
    assert again.exit_code == 0, again.output
    assert "No page changed: nothing to submit." in again.output
    assert len(engine.requests) == 1


def test_ping_submits_changed_and_removed_pages(keyed: SiteFolder, tmp_path: Path, engine: Engine):
    out = built(keyed, tmp_path / "public")
    assert ping(keyed, out).exit_code == 0
    old = tmp_path / "old"
    shutil.copytree(out, old)
    before = sitemap_urls(out)
    keyed.replace(PRODUCT, "Full-bore CF8M", "Full-bore stainless CF8M")
    (keyed.root / OTHER).unlink()
    built(keyed, out)
    after = sitemap_urls(out)
    removed = before - after
    assert f"{ORIGIN}/products/gate-valve-dn80/" in removed

    engine.requests.clear()
    dry = ping(keyed, out, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert engine.requests == []
    assert marked(dry.output, "-") == removed
    assert f"{ORIGIN}/products/ball-valve-dn50/" in marked(dry.output, "~")

    result = ping(keyed, out)
    assert result.exit_code == 0, result.output
    [request] = engine.requests
    assert set(request["body"]["urlList"]) == marked(dry.output, "~") | marked(dry.output, "+") | removed
    assert marked(result.output, "-") == removed

    since = ping(keyed, out, "--since", str(old), "--dry-run")
    assert since.exit_code == 0, since.output
    assert marked(since.output, "-") == removed
    assert marked(since.output, "~") == marked(dry.output, "~")
    by_manifest = ping(keyed, out, "--since", str(old / "pseo-manifest.json"), "--dry-run")
    assert marked(by_manifest.output, "-") == removed


def test_a_page_that_became_noindex_is_submitted_when_the_old_build_shows_it(
    keyed: SiteFolder, tmp_path: Path
):
    old = built(keyed, tmp_path / "old")
    keyed.write(PRODUCT, keyed.read(PRODUCT) + "noindex: true\n")
    out = built(keyed, tmp_path / "public")
    page = f"{ORIGIN}/products/ball-valve-dn50/"
    assert page in sitemap_urls(old) and page not in sitemap_urls(out)
    with_old = ping(keyed, out, "--since", str(old), "--dry-run")
    assert page in marked(with_old.output, "~")
    without = ping(keyed, out, "--since", str(old / "pseo-manifest.json"), "--dry-run")
    assert page not in marked(without.output, "~")


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        (
            403,
            f"the key is not valid: {ORIGIN}/{KEY}.txt must be live and hold the key (deploy the build first)",
        ),
        (422, "the URLs do not belong to www.example-valves.com, or the key does not match the protocol"),
        (429, "too many requests (the engine suspects spam); submit again later"),
    ],
)
def test_refusals_are_one_line_and_exit_1(
    keyed: SiteFolder, tmp_path: Path, engine: Engine, status: int, meaning: str
):
    out = built(keyed, tmp_path / "public")
    engine.statuses = [status]
    result = ping(keyed, out)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert errors == [f"Error: {engine.url} answered {status}: {meaning}"]
    assert "Traceback" not in result.output
    engine.statuses = [202]
    retried = ping(keyed, out)  # nothing was recorded as told: the retry sends every page again
    assert retried.exit_code == 0, retried.output
    assert "(the engine checks the key later)" in retried.output
    assert len(engine.requests[-1]["body"]["urlList"]) == len(sitemap_urls(out))


def test_more_than_10000_urls_go_in_batches(engine: Engine):
    urls = [f"{ORIGIN}/p/{n}/" for n in range(2 * MAX_URLS_PER_REQUEST + 1)]
    assert submit(urls, ORIGIN, KEY, engine.url) == [200, 200, 200]
    assert [len(r["body"]["urlList"]) for r in engine.requests] == [10_000, 10_000, 1]
    assert engine.submitted == urls

    engine.requests.clear()
    engine.statuses = [200, 429]
    with pytest.raises(PingError) as refused:
        submit(urls, ORIGIN, KEY, engine.url)
    assert str(refused.value).endswith("(10000 of 20001 URLs were submitted before)")


def test_ping_without_a_key_offers_one(site: SiteFolder, tmp_path: Path):
    out = built(site, tmp_path / "public")
    assert not list(out.glob("*.txt")) or all(p.name == "robots.txt" for p in out.glob("*.txt"))
    result = ping(site, out)
    assert result.exit_code == 2
    assert "site.yaml has no IndexNow key; add `indexnow: {key: " in result.output
    offered = result.output.split("{key: ")[1].split("}")[0]
    assert len(offered) == 32 and offered.isalnum()
    assert "Traceback" not in result.output


def test_since_must_be_a_manifest(keyed: SiteFolder, tmp_path: Path):
    out = built(keyed, tmp_path / "public")
    wrong = keyed.write("notes.txt", "not json\n")
    result = ping(keyed, out, "--since", str(wrong))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {wrong} is not a pseo manifest: Expecting value: line 1 column 1 (char 0)"
    )


def test_a_bad_key_is_a_positioned_error(site: SiteFolder, tmp_path: Path):
    site.write("site.yaml", site.read("site.yaml") + "indexnow:\n  key: short\n")
    line = site.read("site.yaml").count("\n")
    result = ping(site, tmp_path)
    assert result.exit_code == 1
    assert f"site.yaml:{line}:8: indexnow.key: string should match pattern" in result.output
    assert "Traceback" not in result.output


def test_ping_refuses_a_build_without_the_key_file(site: SiteFolder, tmp_path: Path, engine: Engine):
    out = built(site, tmp_path / "public")
    site.write("site.yaml", site.read("site.yaml") + f"indexnow:\n  key: {KEY}\n  endpoint: {engine.url}\n")
    result = ping(site, out)
    assert result.exit_code == 1
    assert f"has no {KEY}.txt: build (and deploy) the site after setting indexnow.key" in result.output
    assert engine.requests == []


def test_sitemap_index_lastmod_is_the_newest_of_each_shard(keyed: SiteFolder, tmp_path: Path):
    keyed.replace(PRODUCT, "Full-bore CF8M", "Full-bore stainless CF8M")
    out = built(keyed, tmp_path / "public")
    shards = etree.parse(str(out / "sitemap.xml")).getroot().findall(f"{SITEMAP}sitemap")
    assert shards
    for shard in shards:
        path = out / shard.findtext(f"{SITEMAP}loc").removeprefix(ORIGIN + "/")
        dates = [d.text for d in etree.parse(str(path)).getroot().iter(f"{SITEMAP}lastmod")]
        assert shard.findtext(f"{SITEMAP}lastmod") == (max(dates) if dates else None), path.name


def deploy(site: SiteFolder, out: Path, target: tuple[str, str], *extra: str) -> Result:
    s3, name = target
    args = ["deploy", f"s3://{name}", "--site", str(site.root), "--dir", str(out), "--endpoint-url", s3]
    return CliRunner().invoke(main, [*args, "--ping", "--list-files", *extra])


def test_deploy_ping_submits_what_the_deploy_changed(
    keyed: SiteFolder, tmp_path: Path, engine: Engine, request: pytest.FixtureRequest
):
    target = (request.getfixturevalue("endpoint"), request.getfixturevalue("bucket"))
    out = built(keyed, tmp_path / "public")
    dry = deploy(keyed, out, target, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"Dry run: {len(sitemap_urls(out))} URLs to submit to {engine.url}" in dry.output
    assert engine.requests == []
    first = deploy(keyed, out, target)
    assert first.exit_code == 0, first.output
    assert set(engine.submitted) == sitemap_urls(out)
    assert f"{KEY}.txt" in marked(first.output, "+")

    (keyed.root / OTHER).unlink()
    built(keyed, out)
    gone = f"{ORIGIN}/products/gate-valve-dn80/"
    kept = deploy(keyed, out, target)  # without --delete the old page stays live
    assert kept.exit_code == 0, kept.output
    assert gone not in engine.requests[-1]["body"]["urlList"]
    engine.statuses = [429]
    refused = deploy(keyed, out, target, "--delete")
    assert refused.exit_code == 1
    assert f"Error: IndexNow: {engine.url} answered 429:" in refused.output
    assert "The deploy is complete; run pseo ping to submit its pages." in refused.output
    assert "Traceback" not in refused.output
    # With one product left, the products index goes too.
    assert set(engine.requests[-1]["body"]["urlList"]) == {gone, f"{ORIGIN}/products/"}
