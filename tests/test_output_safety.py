"""`--out` never destroys a user's files: pseo replaces only a folder it wrote itself,
or an empty or missing one, and refuses the folders no flag unlocks."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.manifest import MANIFEST, OUTPUT_MARKER
from generator.syscalls import exchange, renameat2_syscall
from generator.workfolders import _lock, _unlock

from .conftest import SiteFolder

REFUSED = "; pseo replaces the whole output folder on every build, so give it a folder of its own (--empty-out-dir does not override this)"
FOREIGN = (
    "it is not empty and pseo did not write it (no .pseo-output or pseo-manifest.json in it), so a build "
    "would delete its files; empty it, choose another folder, or pass --empty-out-dir to replace it"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def build(*args: str | Path, catch: bool = True):
    return CliRunner().invoke(main, ["build", "--no-check", *map(str, args)], catch_exceptions=catch)


@pytest.fixture
def never_swap(monkeypatch: pytest.MonkeyPatch) -> None:
    """For folders a failing guard would destroy (/, home): fail loudly instead of swapping."""

    def refuse(out_dir: Path, *_: object):
        raise AssertionError(f"the guard let a build replace {out_dir}")

    monkeypatch.setattr("generator.build.staged_output", refuse)


def refused(result, out: str, reason: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: refusing --out {out}: it {reason}{REFUSED}"]


@pytest.mark.parametrize("flag", [[], ["--empty-out-dir"]])
@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("", "is the site folder"),
        ("..", "contains the site folder {site}"),
        ("content", "is the site's content folder"),
        ("content/products", "is inside the site's content folder {site}/content"),
        ("themes/default", "is inside the site's themes folder {site}/themes"),
        (".git", "is inside a git repository's .git folder"),
        (".git/objects", "is inside a git repository's .git folder"),
        (".pseo-cache", "is the build cache"),
        (".pseo-cache/build", "is inside the build cache {site}/.pseo-cache"),
    ],
)
def test_folders_of_the_site_are_refused(site: SiteFolder, target: str, reason: str, flag: list[str]):
    (site.root / ".git/objects").mkdir(parents=True)
    (site.root / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (site.root / ".pseo-cache/build").mkdir(parents=True)
    (site.root / ".pseo-cache/build/validated.pickle").write_bytes(b"cached")
    before = snapshot(site.root)
    out = os.path.normpath(site.root / target)
    result = build("--site", site.root, "--out", out, *flag)
    shown = out if out == os.path.realpath(out) else f"{out} ({os.path.realpath(out)})"
    refused(result, shown, reason.format(site=site.root))
    assert snapshot(site.root) == before


def test_dot_in_the_site_folder_is_refused(site: SiteFolder, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site.root)
    before = snapshot(site.root)
    refused(build("--out", ".", "--empty-out-dir"), f". ({site.root})", "is the site folder")
    refused(
        build("--out", "..", "--empty-out-dir"),
        f".. ({site.root.parent})",
        f"contains the site folder {site.root}",
    )
    assert snapshot(site.root) == before


def test_a_symlink_to_the_site_is_refused(site: SiteFolder, tmp_path: Path):
    link = tmp_path / "public-link"
    link.symlink_to(site.root, target_is_directory=True)
    before = snapshot(site.root)
    refused(
        build("--site", site.root, "--out", link, "--empty-out-dir"),
        f"{link} ({site.root})",
        "is the site folder",
    )
    assert snapshot(site.root) == before


def test_a_custom_cache_folder_is_refused(site: SiteFolder, tmp_path: Path):
    cache = tmp_path / "cache"
    refused(
        build("--site", site.root, "--cache-dir", cache, "--out", cache), str(cache), "is the build cache"
    )
    refused(
        build("--site", site.root, "--cache-dir", cache, "--out", tmp_path, "--empty-out-dir"),
        str(tmp_path),
        f"contains the site folder {site.root}",
    )


@pytest.mark.usefixtures("never_swap")
def test_root_home_and_current_folder_are_refused(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    refused(build("--site", site.root, "--out", "/", "--empty-out-dir"), "/", "is the file system root")
    refused(build("--site", site.root, "--out", home, "--empty-out-dir"), str(home), "is your home folder")
    monkeypatch.chdir(home / "work")
    refused(
        build("--site", site.root, "--out", ".", "--empty-out-dir"),
        f". ({home / 'work'})",
        "is the current folder",
    )
    refused(
        build("--site", site.root, "--out", home.parent, "--empty-out-dir"),
        str(home.parent),
        f"contains the site folder {site.root}",
    )


def test_a_git_repository_is_refused(site: SiteFolder, tmp_path: Path):
    repository = tmp_path / "other-project"
    (repository / ".git").mkdir(parents=True)
    (repository / "README.md").write_text("mine\n")
    refused(
        build("--site", site.root, "--out", repository, "--empty-out-dir"),
        str(repository),
        "is a git repository (it holds .git)",
    )
    assert (repository / "README.md").read_text() == "mine\n"


def test_a_foreign_folder_needs_the_flag(site: SiteFolder, tmp_path: Path):
    foreign = tmp_path / "foreign"
    (foreign / "notes").mkdir(parents=True)
    (foreign / "notes/todo.txt").write_text("precious\n")
    result = build("--site", site.root, "--out", foreign)
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: refusing --out {foreign}: {FOREIGN}"]
    assert snapshot(foreign) == {"notes/todo.txt": b"precious\n"}

    result = build("--site", site.root, "--out", foreign, "--log-format", "json")
    assert result.exit_code == 2
    assert json.loads(result.output) == {"level": "error", "message": f"refusing --out {foreign}: {FOREIGN}"}
    assert snapshot(foreign) == {"notes/todo.txt": b"precious\n"}

    result = build("--site", site.root, "--out", foreign, "--empty-out-dir")
    assert result.exit_code == 0, result.output
    assert not (foreign / "notes").exists()
    assert (foreign / "index.html").is_file() and (foreign / OUTPUT_MARKER).is_file()
    assert build("--site", site.root, "--out", foreign).exit_code == 0, "now it is pseo's output"


def test_missing_empty_and_earlier_outputs_are_replaced(site: SiteFolder, tmp_path: Path):
    missing, empty, earlier = tmp_path / "a/b/public", tmp_path / "empty", tmp_path / "earlier"
    empty.mkdir()
    earlier.mkdir()
    (earlier / MANIFEST).write_text("{}\n")  # an output written before the marker existed
    (earlier / "stale.html").write_text("old\n")
    for out in (missing, empty, earlier):
        result = build("--site", site.root, "--out", out)
        assert result.exit_code == 0, result.output
        assert (out / OUTPUT_MARKER).is_file() and (out / "index.html").is_file()
    assert not (earlier / "stale.html").exists()


def test_a_file_is_refused(site: SiteFolder, tmp_path: Path):
    target = tmp_path / "notes.txt"
    target.write_text("keep\n")
    result = build("--site", site.root, "--out", target)
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert target.read_text() == "keep\n"


def test_the_marker_is_not_published_in_the_manifest(site: SiteFolder, tmp_path: Path):
    out = tmp_path / "public"
    assert build("--site", site.root, "--out", out).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert OUTPUT_MARKER not in manifest and "index.html" in manifest
    result = CliRunner().invoke(main, ["diff", str(out), str(out)])
    assert result.output.splitlines()[-1] == "0 added, 0 changed, 0 removed"


def test_leftovers_are_swept_and_nothing_else(site: SiteFolder, tmp_path: Path):
    """A killed build's staging folders go; a look-alike without the marker and a folder
    a running build holds stay."""
    out = tmp_path / "public"
    cache = tmp_path / "cache"
    marked = [tmp_path / ".public.pseo-staging-0123456789abcdef"]
    for folder in marked:
        (folder / "deep/er").mkdir(parents=True)
        (folder / "deep/er/page.html").write_text("half\n")
        (folder / OUTPUT_MARKER).write_text("")
    empty = tmp_path / ".public.pseo-staging-killed-before-marking"
    empty.mkdir()
    lookalike = tmp_path / ".public.pseo-staging-not-ours"
    (lookalike / "data").mkdir(parents=True)
    (lookalike / "data/keep.txt").write_text("keep\n")
    running = tmp_path / ".public.pseo-staging-running"
    running.mkdir()
    (running / OUTPUT_MARKER).write_text("")
    other_output = tmp_path / ".www.pseo-staging-0123456789abcdef"
    other_output.mkdir()
    (other_output / OUTPUT_MARKER).write_text("")
    lock = _lock(running, wait=False)
    assert lock is not None
    try:
        result = build("--site", site.root, "--out", out, "--cache-dir", cache)
    finally:
        _unlock(lock)
    assert result.exit_code == 0, result.output
    assert not any(folder.exists() for folder in [*marked, empty])
    assert (lookalike / "data/keep.txt").read_text() == "keep\n"
    assert running.is_dir() and other_output.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir() if ".pseo-" in p.name) == [
        ".public.pseo-staging-not-ours",
        ".public.pseo-staging-running",
        ".www.pseo-staging-0123456789abcdef",
    ]


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="no atomic exchange on this platform")
def test_exchange_swaps_two_folders(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "a").mkdir(parents=True)
    (second / "b").mkdir(parents=True)
    assert exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["b"] and [p.name for p in second.iterdir()] == ["a"]
    if sys.platform == "linux" and platform.machine() in ("x86_64", "aarch64"):
        # the system call itself, used where the C library has no renameat2 wrapper
        assert renameat2_syscall(os.fsencode(first), os.fsencode(second)) == 0
        assert [p.name for p in first.iterdir()] == ["a"]
    with pytest.raises(FileNotFoundError):
        exchange(first, tmp_path / "missing")
