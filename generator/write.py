"""Stage 6, write: all output goes to a staging folder that replaces the old output
only after the whole build (checks included) succeeded.

A failed or interrupted build therefore never leaves a half-written or emptied
`public/` behind for the deploy step to pick up.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Staging:
    """Writes files below a staging folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files_written = 0

    def write(self, relative: str, data: bytes) -> None:
        target = self.folder / relative
        if not target.resolve().is_relative_to(self.folder.resolve()):
            raise ValueError(f"output path {relative!r} escapes the output folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files_written += 1

    def link(self, source: Path, relative: str) -> None:
        """Place an unchanged file from the build cache: a hard link where the cache is
        on the same file system (no bytes copied), else a copy."""
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        self.files_written += 1


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Staging]:
    """Yield a Staging next to `out_dir`; swap it in on success, discard it on error."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    previous = out_dir.with_name(f".{out_dir.name}.previous-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield Staging(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        out_dir.rename(previous)
    staging.rename(out_dir)
    shutil.rmtree(previous, ignore_errors=True)
