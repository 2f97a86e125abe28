"""A rebuild costs what changed: with nothing changed no page is looked at and no file
touched; a small change replaces only its own files (sitemap shards and the manifest
included) and the result is byte-identical to a clean build, on both catalogs."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import generator.write
from generator.build import build_site
from generator.cli import main
from generator.manifest import MANIFEST, build_manifest
from generator.sitemaps import SITEMAP_NS

from .conftest import REPO, SiteFolder

PRODUCT = "content/products/ball-valve-dn50.yaml"
OTHER = "content/products/gate-valve-dn80.yaml"
CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and inode: a file replaced by the build has a new inode."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def contents(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in files(folder).items()}


def clean_build(site_root: Path, tmp_path: Path) -> dict[str, bytes]:
    out, cache = tmp_path / "clean", tmp_path / "clean-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    build_site(site_root, out, check=False, cache_dir=cache)
    return contents(out)


@pytest.fixture
def publishes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each build published: "journal" (in place) or "exchange" (a full staging folder)."""
    seen: list[str] = []
    commit, swap_in = generator.write.commit, generator.write._swap_in

    def journal(*args: object) -> None:
        seen.append("journal")
        commit(*args)

    def exchange(*args: object) -> None:
        seen.append("exchange")
        swap_in(*args)

    monkeypatch.setattr(generator.write, "commit", journal)
    monkeypatch.setattr(generator.write, "_swap_in", exchange)
    return seen


def test_nothing_changed_touches_nothing(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    out, cache = tmp_path / "public", tmp_path / "cache"
    first = build_site(site.root, out, check=False, cache_dir=cache)
    before = files(out)
    again = build_site(site.root, out, check=False, cache_dir=cache)
    assert again.unchanged and again.rendered == 0
    assert (again.pages, again.data_files, again.images, again.files) == (
        first.pages,
        first.data_files,
        first.images,
        first.files,
    )
    assert files(out) == before, "not one file rewritten"
    assert publishes == ["exchange"], "only the first build published"

    command = ["build", "--site", str(site.root), "--out", str(out), "--no-check", "--cache-dir", str(cache)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    pages, data_files = len(list(out.rglob("*.html"))), len(list(out.glob("**/compare/data/*.json")))
    assert (first.pages, first.data_files) == (pages, data_files) and data_files > 0
    assert result.output.splitlines()[-1].startswith(
        f"Built {pages} pages and {data_files} data files (0 rendered"
    ), "it writes the report"
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(
        f"Nothing changed: {out} already holds these {pages} pages, {data_files} data files and "
    )
    quiet = [
        "build",
        "-q",
        "--site",
        str(site.root),
        "--out",
        str(out),
        "--no-check",
        "--cache-dir",
        str(cache),
    ]
    result = CliRunner().invoke(main, quiet)
    assert (result.exit_code, result.output) == (0, "")
    assert files(out) == before

    # a changed option is a changed input: the check runs, on the whole output
    checked = build_site(site.root, out, check=True, cache_dir=cache)
    assert not checked.unchanged and checked.check is not None
    assert contents(out) == {name: data for name, (data, _) in before.items()}


def test_nothing_changed_shows_the_summary_without_the_pipeline(site: SiteFolder, tmp_path: Path):
    """`pseo build` with nothing changed repeats the last summary, as text or JSON, in a
    process that never imports the pipeline."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    command = ["build", "--site", str(site.root), "--out", str(out), "--no-check", "--cache-dir", str(cache)]
    first = CliRunner().invoke(main, command)
    assert first.exit_code == 0, first.output
    pages, data_files = len(list(out.rglob("*.html"))), len(list(out.glob("**/compare/data/*.json")))
    code = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from generator.cli import main\n"
        "result = CliRunner().invoke(main, sys.argv[1:])\n"
        "print(json.dumps([result.exit_code, result.output, 'generator.build' in sys.modules]))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    for extra in ([], ["--log-format", "json"]):
        run = subprocess.run(
            [sys.executable, "-c", code, *command, *extra], env=environment, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        exit_code, output, pipeline = json.loads(run.stdout)
        assert exit_code == 0 and not pipeline, output
        last = output.splitlines()[-1]
        if extra:
            summary = json.loads(last)
            assert summary["unchanged"] is True
            assert (summary["pages"], summary["data_files"]) == (pages, data_files)
        else:
            held = f"{pages} pages, {data_files} data files and "
            assert last.startswith(f"Nothing changed: {out} already holds these {held}")


def test_a_small_change_replaces_only_its_files(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    before = files(out)
    site.replace(OTHER, "Flanged gate valve DN80", "Flanged wedge gate valve DN80")
    result = build_site(site.root, out, check=False, cache_dir=cache)
    assert publishes == ["exchange", "journal"]
    assert not result.unchanged
    after = files(out)
    assert contents(out) == clean_build(site.root, tmp_path)
    replaced = sorted(name for name in after if name not in before or after[name][1] != before[name][1])
    changed = sorted(name for name in after if name not in before or after[name][0] != before[name][0])
    assert replaced == changed, "a file with the same bytes is left as it is"
    assert "products/gate-valve-dn80/index.html" in changed and MANIFEST in changed
    assert "products/ball-valve-dn50/index.html" not in changed
    assert "sitemaps/page-1.xml" not in changed, "a shard that did not change is not rewritten"
    assert json.loads((out / MANIFEST).read_bytes()) == build_manifest(out)

    # the shards in the index are the shards on disk, each with its newest lastmod
    index = etree.parse(str(out / "sitemap.xml"))
    locs = index.findall(f"{{{SITEMAP_NS}}}sitemap/{{{SITEMAP_NS}}}loc")
    assert sorted(loc.text.rsplit("/", 1)[1] for loc in locs) == sorted(
        p.name for p in (out / "sitemaps").iterdir()
    )


def test_a_removed_page_leaves_no_folder_behind(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    # On a two-product site the search index alone is more than the in-place share of files.
    site.write("site.yaml", site.read("site.yaml") + "search:\n  enabled: false\n")
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    (site.root / OTHER).unlink()
    build_site(site.root, out, check=False, cache_dir=cache)
    assert publishes == ["exchange", "journal"]
    assert not (out / "products/gate-valve-dn80").exists()
    assert contents(out) == clean_build(site.root, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if ".pseo-" in p.name) == []


def test_a_large_change_swaps_a_full_folder(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    site.replace("site.yaml", "name: Example Valves\n", "name: Example Valves Europe\n")
    build_site(site.root, out, check=False, cache_dir=cache)
    assert publishes == ["exchange", "exchange"]
    assert contents(out) == clean_build(site.root, tmp_path)


def test_verify_output_compares_contents(site: SiteFolder, tmp_path: Path):
    """An edit that keeps a file's size and times (a restored backup, a clock set back)
    escapes the stat comparison; --verify-output finds it by content."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    expected = contents(out)
    page = out / "about/index.html"
    record = next((cache / "published").iterdir())
    kept = record.read_bytes()
    times = page.stat()
    with page.open("r+b") as stream:
        stream.write(b"XXXX")
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))
    current = page.stat()
    # the record as if the build had seen the edited file's stats (change time included)
    version, published = pickle.loads(kept)
    published.stats["about/index.html"] = (
        current.st_size,
        current.st_mtime_ns,
        current.st_ctime_ns,
        current.st_ino,
    )
    published.taken_ns = current.st_ctime_ns + 10**9
    record.write_bytes(pickle.dumps((version, published)))
    assert build_site(site.root, out, check=False, cache_dir=cache).unchanged
    assert page.read_bytes().startswith(b"XXXX")
    assert not build_site(site.root, out, check=False, cache_dir=cache, verify_output=True).unchanged
    assert contents(out) == expected


def test_the_second_catalog_publishes_in_place(tmp_path: Path, publishes: list[str]):
    site = tmp_path / "cables"
    shutil.copytree(CABLES, site)
    shutil.copytree(REPO / "themes", site / "themes")
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    product = site / "content/products/cable-gland-m20.yaml"
    product.write_text(
        product.read_text(encoding="utf-8").replace(
            "en: Nylon cable gland M20,", "en: Nylon cable gland M20 IP68,"
        ),
        encoding="utf-8",
    )
    build_site(site, out, check=False, cache_dir=cache)
    assert publishes == ["exchange", "journal"]
    assert contents(out) == clean_build(site, tmp_path)
    assert build_site(site, out, check=False, cache_dir=cache).unchanged


def test_files_added_deep_in_the_output_are_removed(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    """Only folders whose time moved are listed, and that finds every file added by hand."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    expected = contents(out)
    (out / "products/ball-valve-dn50/notes.txt").write_text("by hand\n")
    (out / "products/uploads/2026").mkdir(parents=True)
    (out / "products/uploads/2026/brochure.pdf").write_bytes(b"%PDF")
    (out / "about/index.html").unlink()
    (out / "about/index.html").mkdir()  # a file replaced by a folder of the same name
    (out / "about/index.html/inner.html").write_text("<p>x</p>")
    result = build_site(site.root, out, check=False, cache_dir=cache)
    assert not result.unchanged and publishes == ["exchange", "journal"]
    assert contents(out) == expected
    assert not (out / "products/uploads").exists()
    assert build_site(site.root, out, check=False, cache_dir=cache).unchanged


def test_a_record_of_another_generator_is_ignored(site: SiteFolder, tmp_path: Path, publishes: list[str]):
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    record = next((cache / "published").iterdir())
    _, published = pickle.loads(record.read_bytes())
    del published.__dict__["folders"]  # what an earlier release's record looks like
    record.write_bytes(pickle.dumps(("0.0.1+earlier", published)))
    result = build_site(site.root, out, check=False, cache_dir=cache)
    assert not result.unchanged and publishes == ["exchange", "exchange"]
    assert build_site(site.root, out, check=False, cache_dir=cache).unchanged
