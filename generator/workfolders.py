"""Folders a build works in: created under a random name, marked and locked while in
use, removed afterwards, and swept at the next start when a killed build left them.

Names carry a random token, never the process id: containers reuse PIDs, so a PID
name can meet a leftover of an earlier build. A sweep removes only folders with the
caller's prefix that carry the marker (or are empty) and that no running build holds
a lock on, so it never deletes what is not ours or what a concurrent build still uses.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .manifest import OUTPUT_MARKER

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, but an open file already keeps a folder from removal
    fcntl = None  # type: ignore[assignment]

MARKER_TEXT = b"Written by pseo, which replaces or deletes this folder as a whole.\n"


@contextmanager
def claimed_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new marked folder `parent/prefix<random>`, locked while in use. Whatever carries
    the marker at that path afterwards is removed: the folder itself, or the previous
    output that a swap put in its place."""
    parent.mkdir(parents=True, exist_ok=True)
    folder, lock = _claim(parent, prefix)
    try:
        yield folder
    finally:
        try:
            if (folder / OUTPUT_MARKER).is_file():
                with contextlib.suppress(FileNotFoundError):  # a concurrent sweep got there first
                    remove(folder)
        finally:
            _unlock(lock)


def mark(folder: Path) -> None:
    """Write the marker into `folder` (a pseo output from before markers existed)."""
    (folder / OUTPUT_MARKER).write_bytes(MARKER_TEXT)


def sweep(parent: Path, prefix: str) -> None:
    """Remove the folders named `prefix…` in `parent` that killed builds left behind."""
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            lock = _lock(entry, wait=False)
            if lock is None:
                continue  # a running build's folder
            try:
                if (entry / OUTPUT_MARKER).is_file():
                    remove(entry)
                elif not any(entry.iterdir()):
                    entry.rmdir()  # killed between creating and marking it
            finally:
                _unlock(lock)
        except FileNotFoundError:
            continue  # a concurrent sweep removed it


def remove(folder: Path) -> None:
    """Delete a marked folder, the marker last: a removal cut short by a kill leaves a
    folder that the next sweep still recognises as ours."""
    for entry in os.scandir(folder):
        if entry.name == OUTPUT_MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    (folder / OUTPUT_MARKER).unlink()
    folder.rmdir()


def _claim(parent: Path, prefix: str) -> tuple[Path, int]:
    """Create, lock and mark a fresh folder. The lock is taken before the marker is
    written, so a sweep never removes a marked folder that is still being set up."""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(8)}"
        folder.mkdir()
        try:
            lock = _lock(folder, wait=True)
        except FileNotFoundError:
            continue  # a concurrent sweep removed it while it was empty
        try:
            mark(folder)
        except FileNotFoundError:
            _unlock(lock)
            continue
        return folder, lock


def _lock(folder: Path, *, wait: bool) -> int | None:
    """A descriptor holding an exclusive lock on `folder` (-1 where there are no locks),
    or None when another process holds it. The kernel drops the lock when its holder
    dies, however it dies."""
    if fcntl is None:
        return -1
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _unlock(descriptor: int) -> None:
    if descriptor >= 0:
        os.close(descriptor)
