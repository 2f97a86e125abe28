"""A load after an edit takes every unchanged file from the cache of validated models and
still gives the library (and the errors, at their positions) of a clean load: for an
edited, an added and a removed product and a category change, on both catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import build_site
from generator.incremental import BuildCache, FileHashes
from generator.load import Loaded, load_site

from .conftest import copy_catalog, snapshot


def _cached_load(site: Path, cache: Path) -> Loaded:
    """Load as a build does: from the validated cache, kept only when the load is clean."""
    build_cache = BuildCache(cache)
    validated = build_cache.load_validated(FileHashes(site.resolve()))
    loaded = load_site(site, None, validated)
    if loaded.library is not None and not loaded.errors:
        build_cache.store_validated(validated)
    return loaded


def _assert_as_clean(site: Path, cache: Path) -> Loaded:
    cached, clean = _cached_load(site, cache), load_site(site)
    assert [str(error) for error in cached.errors] == [str(error) for error in clean.errors]
    assert cached.library == clean.library
    return cached


def _rewrite(path: Path, change: dict[str, object], drop: tuple[str, ...] = ()) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change)
    for key in drop:
        data.pop(key, None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _renamed(names: dict[str, str], suffix: str) -> dict[str, str]:
    return {lang: f"{name} {suffix}" for lang, name in names.items()}


def _add_product(source: Path) -> tuple[Path, str]:
    """A new product file next to `source`, a copy of it under another SKU and slug."""
    added = source.with_name("added.yaml")
    added.write_bytes(source.read_bytes())
    sku = f"{yaml.safe_load(added.read_text(encoding='utf-8'))['sku']}-ADDED"
    _rewrite(added, {"sku": sku, "slug": "added-product"}, drop=("slugs", "gtin", "mpn", "aliases"))
    return added, sku


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_edits_load_as_a_clean_load(catalog: str, tmp_path: Path):
    site = copy_catalog(catalog, tmp_path / "site")
    cache = tmp_path / "cache"
    first = _assert_as_clean(site, cache)
    assert first.library is not None and not first.errors
    products = sorted((site / "content" / "products").glob("*.yaml"))
    categories = sorted((site / "content" / "categories").glob("*.yaml"))

    edited = yaml.safe_load(products[0].read_text(encoding="utf-8"))
    _rewrite(products[0], {"name": _renamed(edited["name"], "(edited)")})
    library = _assert_as_clean(site, cache).library
    assert library is not None and library.products[edited["sku"]].name["en"].endswith("(edited)")

    added, sku = _add_product(products[1])
    library = _assert_as_clean(site, cache).library
    assert library is not None and sku in library.products

    added.unlink()
    library = _assert_as_clean(site, cache).library
    assert library is not None and sku not in library.products

    category = yaml.safe_load(categories[0].read_text(encoding="utf-8"))
    _rewrite(categories[0], {"name": _renamed(category["name"], "(renamed)")})
    _rewrite(products[0], {"category": category["slug"]})
    library = _assert_as_clean(site, cache).library
    assert library is not None and library.products[edited["sku"]].category == category["slug"]


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_errors_after_an_edit_are_those_of_a_clean_load(catalog: str, tmp_path: Path):
    """Removing a product that others name, and naming an unknown category, report the same
    errors at the same positions, in unchanged files too."""
    site = copy_catalog(catalog, tmp_path / "site")
    cache = tmp_path / "cache"
    _assert_as_clean(site, cache)
    products = sorted((site / "content" / "products").glob("*.yaml"))
    named = {
        related
        for path in products
        for related in yaml.safe_load(path.read_text(encoding="utf-8")).get("related", ())
    }
    removed = next(
        path for path in products if yaml.safe_load(path.read_text(encoding="utf-8"))["sku"] in named
    )
    removed.unlink()
    kept = next(path for path in products if path != removed)
    _rewrite(kept, {"category": "no-such-category"})
    loaded = _assert_as_clean(site, cache)
    assert loaded.errors
    assert any("no-such-category" in str(error) for error in loaded.errors)


def _build_as_clean(site: Path, out: Path, cache: Path, clean: Path) -> None:
    build_site(site, out, check=False, cache_dir=cache)
    build_site(site, clean, check=False, cache_dir=clean.with_name(f"{clean.name}-cache"))
    assert snapshot(out) == snapshot(clean)


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_builds_after_an_added_and_a_removed_product_equal_a_clean_build(catalog: str, tmp_path: Path):
    site = copy_catalog(catalog, tmp_path / "site")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    products = sorted((site / "content" / "products").glob("*.yaml"))
    categories = sorted((site / "content" / "categories").glob("*.yaml"))
    added, _ = _add_product(products[1])
    category = yaml.safe_load(categories[0].read_text(encoding="utf-8"))
    _rewrite(categories[0], {"name": _renamed(category["name"], "(renamed)")})
    _build_as_clean(site, out, cache, tmp_path / "clean-added")
    added.unlink()
    _build_as_clean(site, out, cache, tmp_path / "clean-removed")
