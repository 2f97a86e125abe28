"""Page keys read the digests of unchanged product and category fields back from the
last build: an edit digests only the edited entity's fields again, a changed site.yaml
drops them all, and the output always equals a clean build's, on the demo catalog and
on the cable catalog (another industry, RTL, price on request)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from generator.build import build_site
from generator.dependencies.items import Field
from generator.errors import BuildError
from generator.incremental import FileHashes
from generator.load import load_site
from generator.models.ids import EntityId
from generator.value_memory import ValueMemory

from .conftest import copy_catalog


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _rename(path: Path, suffix: str) -> None:
    """Append `suffix` to the product's English name (shown on its page and on cards)."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"(\nname:\n  en: )(.+)", lambda m: m.group(1) + m.group(2) + suffix, text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def _sku(path: Path) -> str:
    found = re.search(r"^sku: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found is not None
    return found.group(1).strip('"')


def _memory(site: Path, cache: Path) -> ValueMemory:
    library = load_site(site).library
    assert library is not None
    return ValueMemory(cache / "build", FileHashes(site.resolve()), library)


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_edits_read_back_other_fields_and_build_as_clean(catalog: str, tmp_path: Path):
    site = copy_catalog(catalog, tmp_path / "site")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    edited, other = sorted((site / "content" / "products").glob("*.yaml"))[:2]
    _rename(edited, " (revised)")
    memory = _memory(site, cache)
    kept = {f"{kind}:{key}" for kind, key in memory.entities}
    sku = _sku(edited)
    other_sku = _sku(other)
    assert f"product:{sku}" not in kept, "the edited product's digests are dropped"
    assert f"product:{other_sku}" in kept, "the others' are read back"
    assert memory.get(Field(EntityId.product(other_sku), "name"), "en") is not None
    result = build_site(site, out, check=False, cache_dir=cache)
    assert 0 < result.rendered < result.pages + result.data_files
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert _snapshot(out) == _snapshot(tmp_path / "clean")
    assert f"product:{sku}" in {f"{kind}:{key}" for kind, key in _memory(site, cache).entities}


def test_a_site_yaml_change_drops_every_digest(tmp_path: Path):
    site = copy_catalog("cables", tmp_path / "site")
    cache = tmp_path / "cache"
    build_site(site, tmp_path / "out", check=False, cache_dir=cache)
    assert _memory(site, cache).entities
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8") + "\n# edited\n")
    assert not _memory(site, cache).entities
    build_site(site, tmp_path / "out", check=False, cache_dir=cache)
    build_site(site, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
    assert _snapshot(tmp_path / "out") == _snapshot(tmp_path / "clean")


def test_a_failed_build_keeps_no_digests(tmp_path: Path):
    site = copy_catalog("cables", tmp_path / "site")
    cache = tmp_path / "cache"
    product = sorted((site / "content" / "products").glob("*.yaml"))[0]
    product.write_text(product.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(site, tmp_path / "out", check=False, cache_dir=cache)
    assert not list((cache / "build").glob("values-*.pickle"))


def test_an_edit_writes_the_edited_products_digests_alone(tmp_path: Path):
    """The whole memory (every product's digests) is written once; a one-product edit adds
    that product's to the file of recent changes, and a build that learns nothing writes nothing."""
    site = copy_catalog("cables", tmp_path / "site")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_site(site, out, check=False, cache_dir=cache)
    (whole,) = (cache / "build").glob("values-*[0-9a-f].pickle")
    written = whole.stat()
    edited = sorted((site / "content" / "products").glob("*.yaml"))[0]
    _rename(edited, " (revised)")
    build_site(site, out, check=False, cache_dir=cache)
    assert (whole.stat().st_mtime_ns, whole.stat().st_ino) == (written.st_mtime_ns, written.st_ino)
    recent = whole.with_suffix(".recent.pickle")
    assert set(pickle.loads(recent.read_bytes())[1]) == {("product", _sku(edited))}
    assert ("product", _sku(edited)) in _memory(site, cache).entities
    _rename(edited, " again")
    before = recent.stat().st_ino
    _memory(site, cache).save()  # the edited product's digests are stale now: recorded as gone
    assert recent.stat().st_ino != before
    again = _memory(site, cache)
    assert ("product", _sku(edited)) not in again.entities
    assert again.entities, "the other products are read back"
    unchanged = recent.stat().st_ino
    _memory(site, cache).save()
    assert recent.stat().st_ino == unchanged and whole.stat().st_ino == written.st_ino
