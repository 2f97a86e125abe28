"""The build cache can never make a build differ from a clean build: published files
share no storage with the cache, and whatever happens to the published output or to
the content between builds, an incremental build is byte-identical to a clean one."""

from __future__ import annotations

import hashlib
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build_site

from .conftest import RFQ_PRODUCT_YAML, SiteFolder

PRODUCT = "content/products/ball-valve-dn50.yaml"
OTHER = "content/products/gate-valve-dn80.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_published_pages_share_no_storage_with_the_cache(site: SiteFolder, tmp_path: Path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    assert build_site(site.root, out, check=False, cache_dir=cache).rendered == 0, "every page from the cache"
    cached = {p.stat().st_ino for p in cache.rglob("*") if p.is_file()}
    published = [p for p in out.rglob("*") if p.is_file()]
    assert [p for p in published if p.stat().st_nlink != 1 or p.stat().st_ino in cached] == []

    with (out / "about/index.html").open("ab") as page:  # a post-processing step, `>>`
        page.write(b"<!-- appended after the build -->\n")
    shutil.rmtree(out)
    build_site(site.root, out, check=False, cache_dir=cache)
    assert b"appended after the build" not in (out / "about/index.html").read_bytes()
    assert not [p for p in cache.rglob("*") if p.is_file() and b"appended after the build" in p.read_bytes()]


def _published_edits(out: Path, rng: random.Random) -> list[Callable[[], None]]:
    """What tools and people do to a published folder between builds, to two files."""
    edits: list[Callable[[], None]] = [lambda: (out / "stray.html").write_text("<p>uploaded by hand</p>")]
    for target in rng.sample(sorted(out.rglob("*.html")), 2):

        def append(target: Path = target) -> None:
            with target.open("ab") as stream:
                stream.write(b"<!-- minified -->")

        def overwrite_in_place(target: Path = target) -> None:
            with target.open("r+b") as stream:
                stream.write(b"XXXX")

        def truncate(target: Path = target) -> None:
            with target.open("r+b") as stream:
                stream.truncate(target.stat().st_size // 2)

        edits.append(rng.choice([append, overwrite_in_place, truncate, target.unlink]))
    return edits


def _content_edits(site: SiteFolder, rng: random.Random) -> list[Callable[[], None]]:
    word = rng.choice(["PN16", "PN40", "Class 150", "ISO 5211"])

    def rename_product() -> None:
        text = site.read(PRODUCT)
        site.write(
            PRODUCT, text.replace("en: Two-piece ball valve DN50", f"en: Two-piece ball valve DN50 {word}", 1)
        )

    def reprice() -> None:
        site.replace(PRODUCT, "unit_price: 15.20", f"unit_price: 15.{rng.randint(21, 99)}")

    def toggle_product() -> None:
        path = site.root / OTHER
        if path.exists():
            path.unlink()
        else:
            site.write(OTHER, RFQ_PRODUCT_YAML)

    def edit_page() -> None:
        site.write(
            "content/pages/about.md", site.read("content/pages/about.md") + f"\nNow certified to {word}.\n"
        )

    edits = [rename_product, toggle_product, edit_page]
    if "unit_price: 15.20" in site.read(PRODUCT):
        edits.append(reprice)
    return edits


@pytest.mark.parametrize("seed", [1, 3, 4])
def test_incremental_builds_after_random_edits_equal_clean_builds(
    site: SiteFolder, tmp_path: Path, seed: int
):
    rng = random.Random(seed)
    out, cache = tmp_path / "public", tmp_path / "cache"
    clean_outputs: dict[str, dict[str, bytes]] = {}

    def clean_build() -> dict[str, bytes]:
        """A build from an empty cache, once per content state."""
        state = hashlib.sha256(repr(snapshot(site.root / "content")).encode()).hexdigest()
        if state not in clean_outputs:
            shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
            build_site(site.root, tmp_path / "clean", check=False, cache_dir=tmp_path / "clean-cache")
            clean_outputs[state] = snapshot(tmp_path / "clean")
        return clean_outputs[state]

    build_site(site.root, out, check=False, cache_dir=cache)
    build_site(site.root, out, check=False, cache_dir=cache)  # every page now comes from the cache
    for step in range(4):
        for edit in [*_published_edits(out, rng), *rng.sample(_content_edits(site, rng), rng.randint(0, 1))]:
            edit()
        build_site(site.root, out, check=False, cache_dir=cache)
        assert snapshot(out) == clean_build(), f"seed {seed}, step {step}"
