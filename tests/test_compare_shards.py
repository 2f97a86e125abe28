"""The compare pages' shard files on a catalog large enough for several shards: each
column sits in the shard FNV-1a names, in every language, and a price edit rewrites
that product's shard files, not the compare pages; the output equals a clean build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import generator.build
from generator.build import build_site
from generator.compare_shards import shard_count, shard_of

from .conftest import CABLES, copy_catalog
from .test_incremental import tree

WIRE = "content/products/bare-copper-wire.yaml"
COPIES = 40
"""Copies of the wire added to the cable catalog's 8 products: 48 products, 2 shards."""
COMPARE = {"en": "compare/", "zh-Hans": "zh-hans/compare/", "ru": "ru/compare/", "he": "he/compare/"}


def grown_catalog(site: Path) -> Path:
    """The cable catalog with `COPIES` more wires (new SKU and slug, no GTIN)."""
    copy_catalog("cables", site)
    text = re.sub(r'gtin: "\d+"\n', "", (site / WIRE).read_text(encoding="utf-8"))
    for number in range(COPIES):
        copy = text.replace("sku: VC-CU-2.5", f"sku: VC-CU-X{number}")
        copy = copy.replace("slug: bare-copper-wire-2-5", f"slug: copper-wire-x{number}")
        (site / f"content/products/copper-wire-x{number}.yaml").write_text(copy, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("grown")
    site = grown_catalog(root / "site")
    build_site(site, root / "public", check=False, cache_dir=root / "cache")
    return site, root / "public", root / "cache"


def columns(out: Path, relative: str) -> tuple[int, dict[int, dict[str, dict]]]:
    """The shard count a compare page names and the columns of each of its shard files."""
    page = (out / relative / "index.html").read_text(encoding="utf-8")
    shards = int(re.search(r'data-shards="(\d+)"', page).group(1))  # type: ignore[union-attr]
    return shards, {
        shard: json.loads((out / relative / "data" / f"{shard}.json").read_bytes()) for shard in range(shards)
    }


def test_each_column_is_in_the_shard_fnv_names_in_every_language(grown: tuple[Path, Path, Path]):
    _, out, _ = grown
    catalog = COPIES + len(list((CABLES / "content/products").iterdir()))
    for lang, relative in COMPARE.items():
        shards, files = columns(out, relative)
        assert shards == shard_count(catalog) == 2
        assert all(files.values()), "both shards hold products"
        for shard, held in files.items():
            assert all(shard_of(sku, shards) == shard for sku in held), (lang, shard)
            assert list(held) == sorted(held)
        skus = {sku for held in files.values() for sku in held}
        assert f"VC-CU-X{COPIES - 1}" in skus and "VC-CU-2.5" in skus
        assert ("VC-MV-CUSTOM" in skus) == (lang in ("en", "he")), lang
    hebrew = columns(out, COMPARE["he"])[1][shard_of("VC-CU-2.5", 2)]["VC-CU-2.5"]
    assert hebrew["name"] == "חוט נחושת חשוף מחושל 2.5 מ״מ"
    assert "חוט נחושת".encode() in (out / "he/compare/data" / f"{shard_of('VC-CU-2.5', 2)}.json").read_bytes()


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The output files each build renders."""
    files: list[str] = []
    original = generator.build._render

    def render(*args):
        for page in original(*args):
            files.append(page.output_file)
            yield page

    monkeypatch.setattr(generator.build, "_render", render)
    yield files


def test_price_edit_rewrites_its_shard_files_not_the_compare_pages(
    grown: tuple[Path, Path, Path], rendered: list[str], tmp_path: Path
):
    site, out, cache = grown
    path = site / WIRE
    text = path.read_text(encoding="utf-8")
    assert "unit_price: 11.80}" in text
    path.write_text(text.replace("unit_price: 11.80}", "unit_price: 11.75}"), encoding="utf-8")
    build_site(site, out, check=False, cache_dir=cache)
    shard = shard_of("VC-CU-2.5", 2)
    data = {file for file in rendered if file.endswith(".json")}
    assert data == {f"{relative}data/{shard}.json" for relative in COMPARE.values()}, sorted(data)
    assert not [file for file in rendered if file.endswith("compare/index.html")]
    assert "11.75" in (out / "compare/data" / f"{shard}.json").read_text(encoding="utf-8")
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")
