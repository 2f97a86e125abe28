"""Which files the loader reads: `.yml` like `.yaml`, sub-folders, any path under any locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_site

from .conftest import SiteFolder
from .output import BuiltSite

ORIGIN = "https://www.example-valves.com"


def test_yml_files_and_sub_folders_load(site: SiteFolder, tmp_path: Path):
    """A catalog organised in folders: identity comes from the SKU and slug, not the path."""
    products = site.root / "content/products"
    (products / "valves/ball").mkdir(parents=True)
    (products / "ball-valve-dn50.yaml").rename(products / "valves/ball/dn50.yml")
    (site.root / "content/categories/valves.yaml").rename(site.root / "content/categories/valves.yml")
    (site.root / "content/pages/company").mkdir()
    (site.root / "content/pages/about.ar.md").rename(site.root / "content/pages/company/about.ar.md")
    build_site(site.root, tmp_path / "out", jobs=1, check=False)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    assert built.page(f"{ORIGIN}/products/ball-valve-dn50/").findtext(".//h1") == "Two-piece ball valve DN50"
    assert built.file_for(f"{ORIGIN}/categories/valves/") is not None
    assert built.file_for(f"{ORIGIN}/ar/about-us/") is not None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("utf8_mode", ["1", "0"])
def test_git_dates_in_a_non_ascii_path_under_the_c_locale(tmp_path: Path, utf8_mode: str):
    """`LC_ALL=C` (many CI images and containers) with a clone path and file names
    outside ASCII: every file still gets its commit date."""
    root = tmp_path / "Kataloge für Ä" / "site"
    (root / "content/products").mkdir(parents=True)
    (root / "content/products/kugelhähne.yaml").write_text("sku: KH-1\n", encoding="utf-8")
    (root / "site.yaml").write_text("name: x\n", encoding="utf-8")
    git = ["git", "-C", str(root.parent), "-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Catalog"], check=True)
    script = (
        "import os, sys; from generator.load.dates import git_commit_dates; "
        "print(sorted(os.fsencode(name).decode() for name in git_commit_dates(os.path.abspath(sys.argv[1]))))"
    )
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": utf8_mode, "PYTHONIOENCODING": "ascii:backslashreplace"}
    result = subprocess.run(
        [sys.executable, "-c", script, "site"], cwd=root.parent, env=env, capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip() == r"['content/products/kugelh\xe4hne.yaml', 'site.yaml']"
