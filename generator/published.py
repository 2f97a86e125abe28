"""What a build published into an output folder, remembered in the build cache.

The next build into the same folder stats every recorded file and folder (no
listing) and compares with this record: files whose size, modification and change
times and inode are as recorded are still exactly what the build wrote, anything else
(edited, truncated, deleted) is repaired; only folders whose modification time moved
are listed, to find files added by hand. File times advance in coarse ticks, so a file
recorded within `RACY_NS` of the record's own time could change again without its
times changing: such files are compared by content instead (as git does with its
index). The record also holds the digest of every input of the build, so that a
build whose inputs and output are unchanged does no per-page work at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .clock import build_date
from .fingerprint import GENERATOR_VERSION, content_history, digest
from .journal import roll_forward
from .manifest import OUTPUT_MARKER
from .pickled import read_pickled, write_pickled
from .theme_layers import packaged_themes

RACY_NS = 100_000_000
"""Files recorded less than this (0.1 s) before the record are verified by content."""

Stat = tuple[int, int, int, int]
"""Size, modification time, change time (both ns) and inode of a file."""
FileEntry = tuple[str, int, str | None]
"""A published file: its SHA-256, its size and the page key it was made from (pages only)."""


def file_stat(result: os.stat_result) -> Stat:
    return (result.st_size, result.st_mtime_ns, result.st_ctime_ns, result.st_ino)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Published:
    files: dict[str, FileEntry]
    stats: dict[str, Stat]
    taken_ns: int
    """When the stats were taken; see RACY_NS."""
    inputs: str = ""
    """Digest of everything the build read (see InputDigest); empty for an unfinished record."""
    result: bytes = b""
    """The pickled summary (BuildResult) of the build that published the folder, shown
    again when nothing changed; a pickle of its own, so that deciding whether anything
    changed never imports the pipeline."""
    sources: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    """Stat and hash of every input file, so unchanged inputs are not read again."""
    report: Stat | None = None
    """The matrix report the build wrote, which a build without changes leaves as it is."""
    folders: dict[str, int] = field(default_factory=dict)
    """Modification time of every folder ('' the output itself): adding, removing or
    renaming an entry changes it."""


def record_path(cache_root: Path, out: Path) -> Path:
    return cache_root / "published" / f"{digest(os.path.realpath(out))}.pickle"


def load_record(cache_root: Path, out: Path) -> Published | None:
    """The record, if this very generator wrote it (another one's may have another shape)."""
    match read_pickled(record_path(cache_root, out)):
        case (version, Published() as record) if version == GENERATOR_VERSION:
            return record
    return None


def save_record(cache_root: Path, out: Path, record: Published) -> None:
    write_pickled(record_path(cache_root, out), (GENERATOR_VERSION, record))


def forget_record(cache_root: Path, out: Path) -> None:
    """Drop the record before the output changes, so a build killed half-way is never
    mistaken for one that finished."""
    record_path(cache_root, out).unlink(missing_ok=True)


def walk(folder: Path | str, folders: dict[str, int] | None = None) -> dict[str, os.stat_result]:
    """Every entry below `folder` that is not a folder, by relative path (one stat each);
    the modification times of the folders go to `folders` when given."""
    found: dict[str, os.stat_result] = {}
    if folders is not None:
        folders[""] = os.stat(folder).st_mtime_ns
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if folders is not None:
                        folders[relative] = entry.stat(follow_symlinks=False).st_mtime_ns
                    pending.append((relative + "/", entry.path))
                else:
                    found[relative] = entry.stat(follow_symlinks=False)
    return found


def take_stats(folder: Path) -> tuple[dict[str, Stat], dict[str, int], int]:
    """The stats of every file and folder below `folder` and the time they were taken."""
    taken = time.time_ns()
    folders: dict[str, int] = {}
    files = walk(folder, folders)
    return {relative: file_stat(result) for relative, result in files.items()}, folders, taken


def refresh_folders(out: Path, folders: dict[str, int], changed: set[str]) -> dict[str, int]:
    """`folders` after files `changed` were added or removed: their folders' new times,
    folders that were created included, and those that were pruned left out."""
    fresh = dict(folders)
    touched = {""}
    for relative in changed:
        parts = relative.split("/")[:-1]
        touched.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    for folder in touched:
        try:
            fresh[folder] = os.stat(out / folder).st_mtime_ns
        except OSError:
            fresh.pop(folder, None)
    return fresh


@dataclass
class Verified:
    """An output folder compared with its record."""

    intact: dict[str, FileEntry]
    """Published files still exactly as written."""
    damaged: list[str] = field(default_factory=list)
    """Published files changed or removed since."""
    strays: list[str] = field(default_factory=list)
    """Files the build did not write (the marker aside)."""
    stats: dict[str, Stat] = field(default_factory=dict)
    folders: dict[str, int] = field(default_factory=dict)
    taken_ns: int = 0
    racy: bool = False
    """Some files were compared by content only because they were written just before the record."""

    @property
    def clean(self) -> bool:
        return not self.damaged and not self.strays


def verify(out: Path, record: Published | None, *, by_content: bool = False) -> Verified:
    """Compare `out` with `record`: by stats, and by content for files recorded in the
    racy window or for all of them with `by_content`."""
    if record is None:
        return Verified({})
    if not out.is_dir() or not record.folders:
        return Verified({}, damaged=list(record.files))
    verified = Verified({}, taken_ns=time.time_ns())
    racy_since = record.taken_ns - RACY_NS
    root = os.fspath(out)
    for relative, entry in record.files.items():
        try:
            result = os.stat(f"{root}/{relative}", follow_symlinks=False)
        except OSError:  # gone, or a folder on its way was replaced by a file
            verified.damaged.append(relative)
            continue
        now = file_stat(result)
        recorded = record.stats.get(relative)
        same = stat.S_ISREG(result.st_mode) and now == recorded
        if same and (by_content or recorded[1] >= racy_since):
            verified.racy = True
            same = sha256((out / relative).read_bytes()) == entry[0]
        if same:
            verified.intact[relative] = entry
            verified.stats[relative] = now
        else:
            verified.damaged.append(relative)
    for folder, mtime in record.folders.items():
        try:
            result = os.stat(f"{root}/{folder}", follow_symlinks=False)
        except OSError:
            continue  # gone: its files are damaged
        if not stat.S_ISDIR(result.st_mode):
            continue  # a file now, found as a stray in its parent
        verified.folders[folder] = result.st_mtime_ns
        if result.st_mtime_ns != mtime or mtime >= racy_since:
            verified.racy |= result.st_mtime_ns == mtime
            verified.strays += _strays(out, folder, record)
    return verified


def _strays(out: Path, folder: Path | str, record: Published) -> list[str]:
    """Entries of `folder` (relative to `out`) that the record does not know, with
    everything inside a folder among them."""
    prefix = f"{folder}/" if folder else ""
    strays = []
    with os.scandir(out / folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            is_folder = entry.is_dir(follow_symlinks=False)
            if relative == OUTPUT_MARKER or (relative in record.folders and is_folder):
                continue
            if relative in record.files and not is_folder:
                continue
            if is_folder:
                strays += [f"{relative}/{inner}" for inner in walk(entry.path)]
            else:
                strays.append(relative)
    return strays


@dataclass
class Before:
    """What a build finds before any work: the record of the last build into the same
    folder, the digest of its own inputs and the output compared with the record."""

    cache_root: Path
    record: Published | None
    inputs: InputDigest
    input_digest: str
    output: Verified
    report_file: Path | None

    @property
    def unchanged(self) -> bool:
        """True when the last build had the same inputs and options, and its output and
        report are still as it wrote them: this build would write exactly the same."""
        record = self.record
        if record is None or record.inputs != self.input_digest or not record.result or not self.output.clean:
            return False
        if self.report_file is None:
            return True
        try:
            return record.report == file_stat(os.stat(self.report_file))
        except OSError:
            return False


def build_options(
    theme: str, check: bool, only: str | None, limit: int | None, drafts: bool
) -> tuple[object, ...]:
    """The arguments of a build that shape its output, for the input digest."""
    return (theme, check, only, limit, drafts)


def look_before(
    site_dir: Path,
    out_dir: Path,
    cache_root: Path,
    options: tuple[object, ...],
    *,
    report_file: Path | None = None,
    verify_output: bool = False,
) -> Before:
    """Finish a pending in-place publish, then compare the output with its record."""
    roll_forward(out_dir.resolve())
    record = load_record(cache_root, out_dir)
    inputs = InputDigest(site_dir, record.sources if record else {})
    input_digest = inputs(repr((os.path.realpath(out_dir), *options)))
    output = verify(out_dir, record, by_content=verify_output)
    before = Before(cache_root, record, inputs, input_digest, output, report_file)
    if before.unchanged and record is not None and (output.racy or output.folders != record.folders):
        # compared by content or listed just now: from the next build on their stats suffice
        save_record(
            cache_root, out_dir, dataclasses.replace(record, taken_ns=output.taken_ns, folders=output.folders)
        )
    return before


class InputDigest:
    """The digest of every input of a build: content, themes (the site's and the
    packaged one), the site's catalogs and site.yaml (files read only when their stat
    changed), the content's git history, the generator version, the build's date and the
    options that shape the output."""

    def __init__(self, site_dir: Path, known: dict[str, tuple[Stat, str]]) -> None:
        self.root = site_dir.resolve()
        self.known = known
        self.sources: dict[str, tuple[Stat, str]] = {}

    def __call__(self, options: str) -> str:
        # The build's date: offers count their validity from it, and a validity may lapse.
        parts = [GENERATOR_VERSION, content_history(self.root), options, build_date().isoformat()]
        for top in ("site.yaml", "content", "themes", "locale"):
            path = self.root / top
            found = walk(path) if path.is_dir() else {top: os.lstat(path)} if os.path.lexists(path) else {}
            for relative, result in sorted(found.items()):
                name = relative if top == "site.yaml" else f"{top}/{relative}"
                parts.append(f"{name}={self._hash(name, result)}")
        packaged = packaged_themes()  # the theme layer below the site's overrides
        if not packaged.resolve().is_relative_to(self.root):
            for relative, result in sorted(walk(packaged).items()):
                name = f"packaged/{relative}"
                parts.append(f"{name}={self._hash_file(name, packaged / relative, result)}")
        return digest(*parts)

    def _hash(self, name: str, result: os.stat_result) -> str:
        path = self.root / name
        if stat.S_ISLNK(result.st_mode):
            target = os.readlink(path)
            try:
                result = os.stat(path)
            except OSError:
                return f"->{target}"
            return f"->{target}:{self._hash_file(name, path, result)}"
        return self._hash_file(name, path, result)

    def _hash_file(self, name: str, path: Path, result: os.stat_result) -> str:
        if not stat.S_ISREG(result.st_mode):  # reading a named pipe would wait for a writer
            return "special"
        now = file_stat(result)
        known = self.known.get(name)
        if known is not None and known[0] == now:
            self.sources[name] = known
            return known[1]
        try:
            value = digest(path.read_bytes())
        except OSError:
            return "unreadable"
        if max(now[1], now[2]) < time.time_ns() - RACY_NS:  # else it could change unseen: read it again
            self.sources[name] = (now, value)
        return value
