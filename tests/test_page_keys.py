"""Page keys from the last build's record: an edit declares again only the pages showing
what changed, and the output still equals a clean build's, sitemap dates included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.page_keys
from generator.build import build_site

from .conftest import copy_catalog
from .test_incremental import tree

WIRE = "content/products/bare-copper-wire.yaml"
EDITS = [
    ("price", WIRE, "unit_price: 11.80}", "unit_price: 11.75}"),
    ("date", WIRE, "updated: 2026-10-05", "updated: 2026-11-30"),
    ("Russian name", WIRE, "ru: Медная отожжённая проволока 2,5 мм", "ru: Медная проволока 2,5 мм"),
    ("category name", "content/categories/wire.yaml", "en: Copper wire,", "en: Copper wires,"),
    ("page body", "content/pages/about.ru.md", "## Наш завод", "## Наш кабельный завод"),
    ("matrix", "content/pseo/cables-by-project.yaml", "cable selection", "cable choice"),
]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The output files whose key each build declared and digested afresh."""
    declared: list[str] = []
    original = generator.page_keys._Table._key

    def key(self, route):
        declared.append(route.output_file)
        return original(self, route)

    monkeypatch.setattr(generator.page_keys._Table, "_key", key)
    return declared


def test_edits_declare_only_what_they_touch_and_equal_a_clean_build(tmp_path: Path, counted: list[str]):
    site = copy_catalog("cables", tmp_path / "site")
    out, cache = tmp_path / "public", tmp_path / "cache"
    first = build_site(site, out, check=False, cache_dir=cache)
    routed = first.pages + first.data_files
    assert len(counted) >= routed  # no record yet: every page and data file (draft and final table)
    for kind, relative, old, new in EDITS:
        path = site / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, kind
        path.write_text(text.replace(old, new), encoding="utf-8")
        counted.clear()
        result = build_site(site, out, check=False, cache_dir=cache)
        declared = set(counted)
        clean = tmp_path / f"clean-{kind}"
        build_site(site, clean, check=False, cache_dir=tmp_path / f"cache-{kind}")
        assert tree(out) == tree(clean), kind
        assert 0 < result.rendered <= len(declared), kind
        if kind in ("price", "date", "Russian name", "page body"):
            assert len(declared) < routed / 3, (kind, len(declared))
        shutil.rmtree(clean)


def test_a_new_product_and_a_removed_one_rebuild_from_scratch(tmp_path: Path, counted: list[str]):
    """Routes that appear or go change the routing table: every key is made afresh."""
    site = copy_catalog("cables", tmp_path / "site")
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    copy = (site / WIRE).read_text(encoding="utf-8")
    copy = copy.replace("sku: VC-CU-2.5", "sku: VC-CU-4").replace(
        "slug: bare-copper-wire-2-5", "slug: wire-4"
    )
    (site / "content/products/wire-4.yaml").write_text(copy, encoding="utf-8")
    (site / "content/products/tinned-copper-wire.yaml").unlink()
    counted.clear()
    result = build_site(site, out, check=False, cache_dir=cache)
    assert len(set(counted)) >= result.pages + result.data_files
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_build_failing_after_its_keys_leaves_nothing_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A build that stops after making its keys keeps neither their record nor the field
    digests: the next build still sees the edit it carried."""
    site = copy_catalog("cables", tmp_path / "site")
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    wire = site / WIRE
    wire.write_text(wire.read_text(encoding="utf-8").replace("unit_price: 11.80}", "unit_price: 9.99}"))

    def crash(*args, **kwargs):
        raise RuntimeError("the machine went away")

    with monkeypatch.context() as patched:
        patched.setattr("generator.build.write_sitemaps", crash)
        with pytest.raises(RuntimeError):
            build_site(site, out, check=False, cache_dir=cache)
    category = site / "content/categories/wire.yaml"
    category.write_text(category.read_text(encoding="utf-8").replace("en: Copper wire,", "en: Copper wires,"))
    build_site(site, out, check=False, cache_dir=cache)
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")
    assert "9.99" in (out / "products/bare-copper-wire-2-5/index.html").read_text(encoding="utf-8")
