"""Stage 6, write: the build's files are collected first and published only after the
whole build (checks included) succeeded, in one of two ways:

- a full staging folder, swapped in by one atomic exchange of the two folders (a clean
  build, an output without a record of what was published, or a large change);
- in place (see journal.py), when at most `IN_PLACE_SHARE` of the files change: only
  the changed files are written to a staging folder and renamed into the output one
  by one under a journal, so a one-product edit costs that product's files, not the site.

Either way a build that fails or is killed at any instant leaves the previous complete
output or the new complete output for a deploy step to pick up, never half a file.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .journal import commit, roll_forward
from .manifest import MANIFEST, OUTPUT_MARKER, Manifest, content_type
from .published import FileEntry, Verified, sha256
from .syscalls import exchange
from .workfolders import claimed_folder, mark, sweep

_NO_COPY_FILE_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}
IN_PLACE_SHARE = 0.25
"""Publish in place when the files written, replaced and deleted are at most this share
of the output's files; beyond it one exchange of a full staging folder is about as
fast and swaps the whole site at one instant."""


class Output:
    """The files of the new output: each one is compared with what the previous output
    holds (`previous`, verified intact) and only a new or changed file is written, into
    the staging folder."""

    def __init__(self, out: Path, folder: Path, previous: Verified) -> None:
        self.out = out
        self.folder = folder
        self.previous = previous
        self.files: dict[str, FileEntry] = {}
        self.staged: set[str] = set()
        self.damaged = set(previous.damaged)
        self.rechecked: set[str] = set()
        """Files whose stats changed but whose bytes are the new ones (touched, or put in
        place by a journal another command finished): left as they are."""
        self.complete = False
        """True once the staging folder holds every file (for the check, or a swap)."""
        self._folders: set[str] = set()
        """Folders of the staging folder made so far: one mkdir per folder, not per file."""

    def keep(self, relative: str, key: str) -> bool:
        """True (and the file kept) when the previous output holds the page of `key`."""
        entry = self.previous.intact.get(relative)
        if entry is None or entry[2] != key:
            return False
        self.files[relative] = entry
        return True

    def write(self, relative: str, data: bytes, key: str | None = None) -> None:
        # Checked on the path alone: the staging folder is this build's own, with no links.
        if not _inside(relative):
            raise ValueError(f"output path {relative!r} escapes the output folder")
        entry = (sha256(data), len(data), key)
        self.files[relative] = entry
        previous = self.previous.intact.get(relative)
        if previous is not None and previous[0] == entry[0] and not self.complete:
            return
        if relative in self.damaged and not self.complete and _holds(self.out / relative, entry[0]):
            self.rechecked.add(relative)
            return
        self._write(relative, data)
        self.staged.add(relative)

    def _write(self, relative: str, data: bytes) -> None:
        self._make_folder(os.path.dirname(relative))
        with open(os.path.join(self.folder, relative), "wb") as stream:
            stream.write(data)

    def _make_folder(self, relative: str) -> None:
        if relative not in self._folders:
            (self.folder / relative).mkdir(parents=True, exist_ok=True)
            self._folders.add(relative)

    def copy(self, source: Path, relative: str, key: str) -> None:
        """Place an unchanged page from the build cache. A copy, never a hard link: a
        published file sharing storage with the cache would carry any later edit of it
        (a minifier, `>>`) into the cache and into every later build."""
        self.write(relative, source.read_bytes(), key)

    def exists(self, relative: str) -> bool:
        return relative in self.files

    def manifest(self) -> Manifest:
        """The deploy manifest of the new output, from the hashes taken as files were placed."""
        return {
            relative: {"sha256": entry[0], "size": entry[1], "content_type": content_type(relative)}
            for relative, entry in sorted(self.files.items())
            if relative not in (MANIFEST, OUTPUT_MARKER)
        }

    def fill(self) -> None:
        """Copy the unchanged files from the previous output, so the staging folder holds
        the whole new output."""
        if self.complete:
            return
        for relative in self.files.keys() - self.staged:
            self._make_folder(os.path.dirname(relative))
            copy_file(self.out / relative, self.folder / relative)
        self.complete = True

    def deletions(self) -> list[str]:
        """Files of the previous output the new one does not have."""
        old = {*self.previous.intact, *self.previous.damaged, *self.previous.strays}
        return sorted(old - self.files.keys())

    def in_place(self) -> bool:
        changes = len(self.staged) + len(self.deletions())
        return (
            not self.complete and bool(self.previous.intact) and changes <= len(self.files) * IN_PLACE_SHARE
        )


def _inside(relative: str) -> bool:
    """Whether a relative output path stays inside the output folder."""
    normal = os.path.normpath(relative)
    return not os.path.isabs(normal) and normal != os.pardir and not normal.startswith(os.pardir + os.sep)


def _holds(path: Path, digest: str) -> bool:
    """True when `path` is a regular file whose SHA-256 is `digest`."""
    try:
        return path.is_file() and not path.is_symlink() and sha256(path.read_bytes()) == digest
    except OSError:
        return False


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
def staged_output(out_dir: Path, previous: Verified) -> Iterator[Output]:
    """Yield an Output staging next to `out_dir`; publish it on success (in place or by
    swapping it in), discard it on error. A pending journal is rolled forward and
    leftovers of killed builds next to `out_dir` are removed first."""
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}.pseo-"
    roll_forward(out)
    _restore_previous(out, f"{prefix}previous-")
    sweep(out.parent, prefix)
    with claimed_folder(out.parent, f"{prefix}staging-") as staging:
        output = Output(out, staging, previous)
        yield output
        if output.in_place():
            deletions = output.deletions()
            if output.staged or deletions:  # else the output already is the new one
                commit(out, staging, sorted(output.staged), deletions)
                try:
                    roll_forward(out)
                finally:  # interrupted (Ctrl-C): finish before the staging folder is removed
                    roll_forward(out)
        else:
            output.fill()
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
