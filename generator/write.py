"""Stage 6, write: all output goes to a staging folder that replaces the old output
only after the whole build (checks included) succeeded.

The replacement is one atomic exchange of the two folders, so a build that fails or
is killed at any instant leaves the previous complete output or the new complete
output at the output path, never a half-written or missing one for a deploy step to
pick up.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .deploy.manifest import OUTPUT_MARKER
from .syscalls import exchange
from .workfolders import claimed_folder, mark, sweep

_NO_COPY_FILE_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}


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

    def copy(self, source: Path, relative: str) -> None:
        """Place an unchanged file from the build cache. A copy, never a hard link: a
        published file sharing storage with the cache would carry any later edit of it
        (a minifier, `>>`) into the cache and into every later build."""
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_file(source, target)
        self.files_written += 1


def copy_file(source: Path, target: Path) -> None:
    """Copy in the kernel with copy_file_range, which shares blocks copy-on-write where
    the file system can (Btrfs, XFS: no bytes written); else a plain copy."""
    if hasattr(os, "copy_file_range"):
        try:
            with source.open("rb") as reader, target.open("wb") as writer:
                remaining = os.fstat(reader.fileno()).st_size
                while remaining > 0:
                    copied = os.copy_file_range(reader.fileno(), writer.fileno(), remaining)
                    if copied == 0:
                        break
                    remaining -= copied
            return
        except OSError as exc:
            if exc.errno not in _NO_COPY_FILE_RANGE:
                raise
    shutil.copyfile(source, target)


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Staging]:
    """Yield a Staging next to `out_dir`; swap it in on success, discard it on error.
    Leftovers of killed builds next to `out_dir` are removed first."""
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}.pseo-"
    _restore_previous(out, f"{prefix}previous-")
    sweep(out.parent, prefix)
    with claimed_folder(out.parent, f"{prefix}staging-") as staging:
        yield Staging(staging)
        _swap_in(staging, out, f"{prefix}previous-")


def _swap_in(staging: Path, out: Path, previous_prefix: str) -> None:
    """Put `staging` at `out` in one atomic step; the previous output, if there was
    one, ends up at `staging`'s path, marked for removal."""
    if not os.path.lexists(out):
        os.rename(staging, out)  # atomic, and there is nothing to lose
        return
    if not (out / OUTPUT_MARKER).is_file():
        mark(out)  # an output from before markers: marked, a removal cut short is swept later
    if exchange(staging, out):
        return
    # No atomic exchange here (Windows, some network file systems): two renames. A kill
    # between them leaves the previous output under `previous`, and the next build puts
    # it back before anything else.
    previous = out.with_name(f"{previous_prefix}{secrets.token_hex(8)}")
    os.rename(out, previous)
    os.rename(staging, out)
    os.rename(previous, staging)


def _restore_previous(out: Path, previous_prefix: str) -> None:
    """Put back the previous output a build killed mid-swap left aside (only where the
    swap is two renames)."""
    if os.path.lexists(out):
        return
    aside = [
        entry
        for entry in out.parent.iterdir()
        if entry.name.startswith(previous_prefix) and (entry / OUTPUT_MARKER).is_file()
    ]
    if aside:
        os.rename(max(aside, key=lambda entry: entry.stat().st_mtime), out)
