"""The site search's index: Pagefind reads the written product pages of every language
(each from its `<html lang>`) and writes its index and script into `/pagefind/`.

The index is a function of those pages' bytes, so it is kept in the build cache under
their hashes: a build where no product page changed reuses it without running Pagefind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import cbor2

from .errors import BuildError, ContentError
from .models.search import INDEX_FOLDER
from .route import RouteTable
from .write import Output, copy_file

PACKAGE = "pagefind-bin-extended"
"""Pagefind with CJK word segmentation, as a Python package carrying its binary."""
UNUSED = re.compile(r"-ui\.(js|css)$")
"""Pagefind's ready-made search interfaces: the catalog page uses its JavaScript API."""
SIGNATURE = b"pagefind_dcd"
"""Start of each of Pagefind's index files, before the gzip-compressed CBOR data."""
FILTERS, SORTS = 3, 4
"""Positions of the filter list (name, file) and of the sort orders (name, pages) in a
language's `pf_meta` file."""
TIMEOUT = 600
"""Seconds an index run may take; 100,000 pages take about a minute."""


def index_search(routes: RouteTable, stage: Output, cache: Path) -> None:
    """Write the search index of the product pages in `stage` to its `INDEX_FOLDER`,
    from `cache` when the same pages were indexed before. Raise BuildError when Pagefind
    is missing or fails."""
    pages = sorted(route.output_file for route in routes.routes if route.kind == "product")
    if not pages:  # nothing to find (Pagefind refuses an empty folder)
        return
    digest = hashlib.sha256(_pagefind_version().encode())
    for page in pages:
        digest.update(f"{page}\0{stage.files[page][0]}\n".encode())
    folder = cache / digest.hexdigest()
    if not folder.is_dir():
        _run_pagefind(pages, stage, folder)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not UNUSED.search(path.name):
            stage.write(f"{INDEX_FOLDER}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    for other in cache.iterdir():  # one index is all a later build can reuse
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)


def _pagefind_version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        raise _failure(f"the package {PACKAGE} is not installed (pip install 'pagefind[extended]')") from None


def _run_pagefind(pages: list[str], stage: Output, folder: Path) -> None:
    """Index copies of `pages` (Pagefind reads a folder) into `folder`, which appears
    only complete."""
    from pagefind_bin_extended import get_executable

    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".work-") as work:
        site, output = Path(work, "site"), Path(work, "index")
        for page in pages:
            target = site / page
            target.parent.mkdir(parents=True, exist_ok=True)
            written = page in stage.staged or stage.complete
            copy_file((stage.folder if written else stage.out) / page, target)
        command = [str(get_executable()), "--site", str(site), "--output-path", str(output), "--quiet"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _failure(f"Pagefind did not run: {exc}") from None
        if done.returncode != 0 or not output.is_dir():
            lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
            raise _failure(f"Pagefind failed (exit code {done.returncode}): {lines[-1]}")
        _settle(output)
        output.rename(folder)


def _settle(index: Path) -> None:
    """Make Pagefind's output a function of its input: it writes the values of each
    filter, and the filters and sort orders of each language, in a random order (and
    names the files by their content). Sorted, re-encoded and renamed here, so a clean
    build and a rebuild publish byte-identical files."""
    entry_file = index / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for lang, language in entry["languages"].items():
        meta_file = index / f"pagefind.{language['hash']}.pf_meta"
        meta = _decode(meta_file.read_bytes())
        filters = []
        for name, digest in meta[FILTERS]:
            old = index / "filter" / f"{digest}.pf_filter"
            filter_name, values = _decode(old.read_bytes())
            data = _encode([filter_name, sorted(values)])
            old.unlink()
            new = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
            (index / "filter" / f"{new}.pf_filter").write_bytes(data)
            filters.append([name, new])
        meta[FILTERS] = sorted(filters)
        meta[SORTS] = sorted(meta[SORTS])
        data = _encode(meta)
        meta_file.unlink()
        language["hash"] = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
        (index / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise _failure("Pagefind wrote an index file of an unknown format")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _failure(message: str) -> BuildError:
    hint = "; set search.enabled: false in site.yaml to build without the site search"
    return BuildError([ContentError("site.yaml", 1, 1, "search", message + hint)])
