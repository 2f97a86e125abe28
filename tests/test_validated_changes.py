"""A rebuild after a small edit writes only the validated entries that changed, next to
the cache of all of them, instead of the whole catalog's; the next load merges both,
a removed file leaves the cache, and many changes are written together again. The
output stays that of a clean build, on the demo catalog and on the cable catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.incremental
from generator.build import build_site
from generator.fingerprint import GENERATOR_VERSION, digest
from generator.incremental import BuildCache, FileHashes
from generator.published import build_options, look_before

from .conftest import SiteFolder, copy_catalog

GATE_VALVE = "content/products/gate-valve-dn80.yaml"
BALL_VALVE = "content/products/ball-valve-dn50.yaml"


def _files(cache: Path) -> tuple[Path, Path]:
    base = cache / "build" / f"validated-{digest(GENERATOR_VERSION)}.pickle"
    return base, base.with_suffix(".recent.pickle")


def _cached(site: Path, cache: Path) -> dict[str, object]:
    return BuildCache(cache / "build").load_validated(FileHashes(site.resolve())).entries


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_an_edit_writes_only_its_entry(site: SiteFolder, tmp_path: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    base, recent = _files(cache)
    written = base.read_bytes()
    assert not recent.exists()
    site.replace(GATE_VALVE, "related: [BV-DN50]\n", "related: [BV-DN50]\naliases: [/old/gate-valve/]\n")
    build_site(site.root, out, check=False, cache_dir=cache)
    assert base.read_bytes() == written, "the cache of all entries is left alone"
    assert recent.is_file()
    entries = _cached(site.root, cache)
    assert set(entries) >= {GATE_VALVE, BALL_VALVE}
    assert "/old/gate-valve/" in str(entries[GATE_VALVE][1].aliases), "the edited file's new model"
    build_site(site.root, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert _snapshot(out) == _snapshot(tmp_path / "clean")


def test_a_removed_file_leaves_the_cache(site: SiteFolder, tmp_path: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    site.replace(GATE_VALVE, "related: [BV-DN50]\n", "")
    (site.root / BALL_VALVE).unlink()
    build_site(site.root, out, check=False, cache_dir=cache)
    assert BALL_VALVE not in _cached(site.root, cache)
    assert GATE_VALVE in _cached(site.root, cache)


def test_many_changes_are_written_together(site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(generator.incremental, "RECENT_ENTRIES", 1)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    recent = _files(cache)[1]
    site.replace(GATE_VALVE, "related: [BV-DN50]\n", "related: [BV-DN50]\naliases: [/old/gate/]\n")
    build_site(site.root, out, check=False, cache_dir=cache)
    assert recent.is_file(), "one change: written on its own"
    site.replace(BALL_VALVE, "sku: BV-DN50\n", "sku: BV-DN50\naliases: [/old/ball/]\n")
    build_site(site.root, out, check=False, cache_dir=cache)
    assert not recent.exists(), "two changes: all written again"
    entries = _cached(site.root, cache)
    assert "/old/gate/" in str(entries[GATE_VALVE][1].aliases)
    assert "/old/ball/" in str(entries[BALL_VALVE][1].aliases)


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_edits_of_either_catalog_build_as_a_clean_build(catalog: str, tmp_path: Path):
    site = copy_catalog(catalog, tmp_path / "site")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    products = sorted((site / "content" / "products").glob("*.yaml"))
    for number, path in enumerate(products[:2]):
        path.write_text(path.read_text(encoding="utf-8") + f"\n# edit {number}\n", encoding="utf-8")
        build_site(site, out, check=False, cache_dir=cache)
    assert _files(cache)[1].is_file()
    edited = products[0].relative_to(site).as_posix()
    assert _cached(site, cache)[edited][0].startswith(FileHashes(site.resolve())(edited))
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert _snapshot(out) == _snapshot(tmp_path / "clean")


def test_digests_taken_by_the_input_comparison_are_the_loads_own(site: SiteFolder, tmp_path: Path):
    """A build reuses the digests its input comparison took instead of reading each file
    again: they must be the very digests the load would take."""
    out = tmp_path / "out"
    build_site(site.root, out, check=False)
    site.replace(GATE_VALVE, "related: [BV-DN50]\n", "related: [BV-DN50]\naliases: [/old/gate/]\n")
    before = look_before(
        site.root, out, site.root / ".pseo-cache", build_options("default", False, None, None, False)
    )
    taken = {name: value for name, (_, value) in before.inputs.sources.items()}
    assert {BALL_VALVE, "site.yaml"} <= taken.keys(), "the just edited file is racy: read again"
    fresh = FileHashes(site.root.resolve())
    assert {name: fresh(name) for name in taken if not name.startswith("packaged/")} == {
        name: value for name, value in taken.items() if not name.startswith("packaged/")
    }
