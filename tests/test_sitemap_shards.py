"""Sitemap shards by size: with a byte budget small enough to split the cable catalog's
kinds (four languages, right to left, long Cyrillic and Hebrew slugs), every shard
stays under it, the shards together list what one shard would, namespaces are
declared once per file, and an edit rewrites only the shards of the edited pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import generator.sitemaps
from generator.build import build_site

from .conftest import copy_catalog

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BUDGET = 6_000
WIRE = "content/products/bare-copper-wire.yaml"


def entries(out: Path) -> dict[str, bytes]:
    """Every URL entry of every shard the index names, by its loc, as canonical XML."""
    index = etree.parse(str(out / "sitemap.xml")).getroot()
    found: dict[str, bytes] = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        shard = etree.parse(str(out / loc.text.split("/", 3)[3])).getroot()
        for url in shard.iter(f"{SITEMAP}url"):
            found[url.findtext(f"{SITEMAP}loc")] = etree.tostring(url, method="c14n")
    return found


def shards(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((out / "sitemaps").iterdir())}


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The cable catalog built whole (`whole`) and with the small budget (`public`)."""
    root = tmp_path_factory.mktemp("shards")
    site = copy_catalog("cables", root / "site")
    build_site(site, root / "whole", check=False, cache_dir=root / "whole-cache")
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(generator.sitemaps, "SHARD_BYTES", BUDGET)
        build_site(site, root / "public", check=False, cache_dir=root / "cache")
    return site, root / "public", root / "whole"


def test_every_shard_is_under_the_budget_and_declares_namespaces_once(split: tuple[Path, Path, Path]):
    _, out, _ = split
    files = shards(out)
    assert sum(name.startswith("product-") for name in files) > 1, "the budget splits the products"
    for name, data in files.items():
        assert len(data) <= BUDGET, name
        assert data.count(b"xmlns=") == 1, f"{name}: the namespace is declared on the root only"
        root = etree.fromstring(data)
        assert all(url.nsmap == root.nsmap for url in root), name


def test_split_shards_list_what_whole_shards_list(split: tuple[Path, Path, Path]):
    _, out, whole = split
    assert len(shards(out)) > len(shards(whole))
    assert entries(out) == entries(whole)


def test_an_edit_rewrites_only_the_shards_of_the_edited_pages(split: tuple[Path, Path, Path]):
    site, out, _ = split
    before = shards(out)
    path = site / WIRE
    path.write_text(
        path.read_text(encoding="utf-8").replace("slug: bare-copper-wire-2-5", "slug: cu-wire-2-5")
    )
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(generator.sitemaps, "SHARD_BYTES", BUDGET)
        build_site(site, out, check=False, cache_dir=out.parent / "cache")
    after = shards(out)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed, "the new slug is in the sitemaps"
    assert all(b"cu-wire-2-5" in after[name] for name in changed)
    assert any(name.startswith("product-") for name in after.keys() - changed), "other shards are kept"
