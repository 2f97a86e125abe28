"""Incremental builds: byte-identical to a clean build, whatever changed in between."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.build import build_site

from .conftest import SiteFolder
from .test_pseo import matrix_yaml, prose


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def incremental(site: SiteFolder, tmp_path: Path):
    """Rebuild with a persistent cache, compare with a clean build of the same input."""
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    cache = tmp_path / "cache"

    def rebuild() -> int:
        result = build_site(site.root, tmp_path / "public", check=False, cache_dir=cache)
        clean_cache = tmp_path / "clean-cache"
        shutil.rmtree(clean_cache, ignore_errors=True)
        build_site(site.root, tmp_path / "clean", check=False, cache_dir=clean_cache)
        assert tree(tmp_path / "public") == tree(tmp_path / "clean")
        return result.rendered

    first = rebuild()
    assert first > 10
    return site, rebuild, first


def test_no_change_rebuild_renders_nothing(incremental, monkeypatch):
    import generator.build

    def measured_again(data, theme_folder, routes):
        raise AssertionError(f"quality signatures re-measured for {len(routes)} unchanged pages")

    site, rebuild, _ = incremental
    assert rebuild() == 0
    monkeypatch.setattr(generator.build, "landing_signatures", measured_again)
    cache = site.root.parent / "cache"
    assert build_site(site.root, site.root.parent / "public", check=False, cache_dir=cache).rendered == 0


def test_price_edit_rerenders_only_pages_showing_the_product(incremental):
    site, rebuild, first = incremental
    site.replace("content/products/ball-valve-dn50.yaml", "unit_price: 15.20", "unit_price: 15.10")
    rendered = rebuild()
    assert 0 < rendered < first


def test_renamed_slug_deleted_product_and_template_change(incremental, tmp_path: Path):
    site, rebuild, _ = incremental
    site.replace(
        "content/products/ball-valve-dn50.yaml", "slug: ball-valve-dn50", "slug: ball-valve-2pc-dn50"
    )
    rebuild()
    assert not (tmp_path / "public/products/ball-valve-dn50").exists()
    assert (tmp_path / "public/products/ball-valve-2pc-dn50/index.html").exists()
    (site.root / "content/products/gate-valve-dn80.yaml").unlink()
    rebuild()
    assert not (tmp_path / "public/products/gate-valve-dn80").exists()
    site.replace(
        "themes/default/templates/page.html", '<article class="prose">', '<article class="prose page">'
    )
    rebuild()
    site.replace("site.yaml", "name: Example Valves\ntagline", "name: Example Valves Co\ntagline")
    rebuild()
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact our export desk\ndescription: Phone, email and address of the export desk, with office hours in China time.\nlayout: contact\nnav_order: 2\n---\nWrite to us.\n",
    )
    rebuild()


def test_cache_restored_into_another_folder_still_hits(incremental, tmp_path: Path):
    site, _, _ = incremental
    moved = tmp_path / "clone"
    shutil.copytree(site.root, moved, ignore=shutil.ignore_patterns(".pseo-cache"))
    result = build_site(moved, tmp_path / "moved-out", check=False, cache_dir=tmp_path / "cache")
    assert result.rendered == 0
    assert tree(tmp_path / "moved-out") == tree(tmp_path / "public")
