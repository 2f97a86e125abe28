"""Publishing a small change in place: a journal of per-file renames and deletions.

The changed files are written into a staging folder first. Then one journal file,
written to a temporary name, flushed to disk and renamed next to the output, commits
the change: before it exists the previous output is untouched (a killed build's
staging folder is swept later); once it exists the change is certain and applied by
whoever finds it first — the build itself, or the next build, `pseo check`,
`pseo deploy`, `pseo ping` or `pseo diff`. Every step is idempotent (a rename whose
source is gone already happened, a deletion of a missing file is done), so rolling
forward after a kill at any instant ends in exactly the new output. Each file is
replaced by one rename, so no reader ever sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from .workfolders import sweep


def journal_path(out: Path) -> Path:
    return out.parent / f".{out.name}.pseo-journal"


def commit(out: Path, staging: Path, renames: list[str], deletions: list[str]) -> None:
    """Write the journal durably: from here on the change is applied, even after a kill."""
    path = journal_path(out)
    temporary = path.with_name(path.name + ".tmp")
    data = json.dumps({"staging": staging.name, "renames": renames, "deletions": deletions}).encode()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    _sync_folder(path.parent)


def roll_forward(out: Path) -> bool:
    """Finish the change a journal next to `out` commits, if there is one; True if there was."""
    path = journal_path(out)
    path.with_name(path.name + ".tmp").unlink(missing_ok=True)  # a kill before the commit
    try:
        journal = json.loads(path.read_bytes())
    except FileNotFoundError:
        return False
    staging = out.parent / journal["staging"]
    for relative in journal["deletions"]:
        target = out / relative
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        _prune_empty_folders(target.parent, out)
    for relative in journal["renames"]:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # renamed before a kill
            os.replace(staging / relative, target)
    _sync_folder(out)
    path.unlink(missing_ok=True)
    sweep(out.parent, f".{out.name}.pseo-")  # the emptied staging folder, unless a build still holds it
    return True


def _prune_empty_folders(folder: Path, out: Path) -> None:
    """Remove `folder` and its parents up to `out` while they are empty, as a clean build has none."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone
            return
        folder = folder.parent


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames in it) to disk where the platform allows."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
