"""Incremental builds that survive CI: content-hash keys, never file times.

Every output page gets a key: the hash of the values of everything it shows (see
`dependencies`), the theme and the generator version. A page whose key is in the
cache is linked from there instead of rendered; the cache is a folder of such pages,
so restoring it into a fresh clone (as CI caches do) still hits. The validated model of
each content file is cached under the file's hash, so a rebuild parses only what changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .clock import build_date
from .fingerprint import GENERATOR_VERSION, digest
from .load import Validated
from .pickled import read_pickled, write_pickled
from .quality import NearDuplicateMemory, PageSignature
from .render import MeasuredLanding
from .render.views import RenderInput

KeysFor = Callable[[RenderInput], dict[str, str]]


@dataclass
class FileHashes:
    """Content hashes of the site's source files, each read once per build."""

    root: Path
    known: dict[str, str] = field(default_factory=dict)

    def __call__(self, relative: str) -> str:
        if relative not in self.known:
            try:
                self.known[relative] = digest((self.root / relative).read_bytes())
            except OSError:  # missing or unreadable: the loader reports it
                self.known[relative] = "missing"
        return self.known[relative]

    def folder(self, relative: str, pattern: str = "*") -> str:
        # Links count by their target too: a link appearing, breaking or leaving the
        # folder changes what the loader reports even when no file's bytes changed.
        paths = sorted(p for p in (self.root / relative).rglob(pattern) if p.is_file() or p.is_symlink())
        return digest(
            *(
                f"{p.relative_to(self.root).as_posix()}={self(p.relative_to(self.root).as_posix())}"
                + (f"->{os.readlink(p)}" if p.is_symlink() else "")
                for p in paths
            )
        )


@dataclass(frozen=True)
class BuildCache:
    folder: Path
    _shards: set[Path] = field(default_factory=set, compare=False, repr=False)
    """Shard folders of `pages/` known to exist: one mkdir per shard, not per page."""
    _stored: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    """Validated entries as the last `load_validated` read them, to store only what changed."""
    _recent: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    """Of those, the ones read from the file of recent changes."""

    @property
    def _validated_path(self) -> Path:
        """Validated models are pickles of this code's classes: one file per version."""
        return self.folder / f"validated-{digest(GENERATOR_VERSION)}.pickle"

    @property
    def _recent_path(self) -> Path:
        """Entries changed since `_validated_path` was written (None: the file is gone)."""
        return self._validated_path.with_suffix(".recent.pickle")

    def load_validated(self, file_digest: Callable[[str], str]) -> Validated:
        entries = read_pickled(self._validated_path) or {}
        recent = read_pickled(self._recent_path) or {}
        self._stored.clear()
        self._stored.update(entries)
        self._stored.update(recent)
        self._recent.clear()
        self._recent.update(recent)
        merged = {path: entry for path, entry in self._stored.items() if entry is not None}
        current = {path: entry for path, entry in merged.items() if not _lapsed(entry[1])}
        return Validated(current, file_digest)

    def store_validated(self, validated: Validated) -> None:
        """Write the entries that changed since the last load next to the others (an
        edit of one product writes one entry, not the whole catalog); once they are many,
        write them all in one file again. A stale entry is harmless: each is checked against
        its file's current digest before use."""
        entries = validated.entries
        changed = {path: entry for path, entry in entries.items() if self._stored.get(path) is not entry}
        changed.update((path, None) for path in self._stored.keys() - entries.keys())
        recent = {**self._recent, **changed}
        if self._validated_path.is_file() and len(recent) <= RECENT_ENTRIES:
            if changed:
                write_pickled(self._recent_path, recent)
            return
        for old in self.folder.glob("validated-*.pickle"):
            if old != self._validated_path:
                old.unlink()
        write_pickled(self._validated_path, entries)

    def page(self, key: str) -> Path:
        return self.folder / "pages" / key[:2] / key

    def store_page(self, key: str, html: bytes) -> None:
        path = self.page(key)
        if path.parent not in self._shards:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._shards.add(path.parent)
        _write_atomic(path, html)

    def prune_pages(self, keep: set[str]) -> int:
        """Delete cached pages no current route uses, so the cache tracks the site."""
        removed = 0
        for shard in (self.folder / "pages").glob("*"):
            for entry in shard.iterdir():
                if entry.name not in keep:
                    entry.unlink()
                    removed += 1
        return removed


RECENT_ENTRIES = 500
"""Most validated entries kept in the file of recent changes before all are written again."""


def _lapsed(entity: object) -> bool:
    """Whether an entity validated on an earlier day states a price or certificate
    validity that has passed since; such an entity is validated again, which reports it."""
    days = (getattr(entity, name, None) for name in ("price_valid_until", "valid_until"))
    return any(day is not None and day < build_date() for day in days)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file in `path`'s (existing) folder, then rename it into place."""
    temporary = f"{path.parent}{os.sep}.{path.name}.{os.getpid()}.tmp"
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


class SignatureMemory:
    """Quality signatures of landing pages from earlier builds, under their page key
    in the draft routing table, so the guardrails re-render only changed pages; and the
    last near-duplicate pass, so they compare only what changed. The pages measured are
    stored in the page cache under the same keys: a page the verdicts leave as it was
    has the same key in the final table, so the render stage copies it, not renders it."""

    def __init__(self, cache: BuildCache, keys_for: KeysFor) -> None:
        self.cache = cache
        self.path = cache.folder / "signatures.pickle"
        self.judgement_path = cache.folder / f"judgement-{digest(GENERATOR_VERSION)}.pickle"
        self.keys_for = keys_for
        self.current: dict[str, PageSignature] = {}
        self.keys: dict[tuple[str, str], str] = {}
        self.stored: list[str] = []
        """Keys of the pages this build stored, removed again if it cannot keep them."""
        self.judgement = NearDuplicateMemory()

    def recall(self, draft: RenderInput) -> dict[tuple[str, str], PageSignature]:
        by_file = self.keys_for(draft)
        routes = draft.routes.routes
        self.keys = {(r.key, r.lang): by_file[r.output_file] for r in routes if r.kind == "landing"}
        stored: dict[str, PageSignature] = read_pickled(self.path) or {}
        known = {page: stored[key] for page, key in self.keys.items() if key in stored}
        self.current = {self.keys[page]: sig for page, sig in known.items()}
        # One file per generator version: outcomes are this code's decisions.
        self.judgement = read_pickled(self.judgement_path) or NearDuplicateMemory()
        return known

    def keep(self, measured: list[MeasuredLanding]) -> None:
        for landing in measured:
            key = self.keys[landing.signature.key, landing.signature.lang]
            self.current[key] = landing.signature
            self.cache.store_page(key, landing.html)
            self.stored.append(key)

    def finish(self, keep: bool) -> set[str]:
        """Keep this build's signatures, judgement and measured pages for the next build
        when `keep` (else remove the pages: they come from an incomplete library), and let
        go of them: nothing after the plan reads them, and they are kilobytes a landing.
        Return the keys of the pages kept."""
        kept = set(self.stored) if keep else set()
        if keep:
            write_pickled(self.path, self.current)
            write_pickled(self.judgement_path, self.judgement)
        else:
            for key in self.stored:
                self.cache.page(key).unlink(missing_ok=True)
        self.current, self.keys, self.stored, self.judgement = {}, {}, [], NearDuplicateMemory()
        return kept
