"""Which folders a build may replace.

A build swaps a new folder in at the output path, so whatever was there is gone.
pseo therefore replaces only a folder it wrote itself (it carries the marker or a
deploy manifest) or an empty or missing one. `--empty-out-dir` also allows any other
folder, except the ones no flag unlocks: the file system root, the site folder or
any folder holding it, the site's content, themes and build cache, anything in or
holding a git repository's `.git`, the home folder and the current folder.

Paths are compared both as written and with symlinks resolved, so neither `--out ..`
nor a symlink pointing at the site gets past the guard.
"""

from __future__ import annotations

import os
from pathlib import Path

from .manifest import MANIFEST, OUTPUT_MARKER

_RELATION = {"is": "is", "contains": "contains", "inside": "is inside"}
"""How an output folder may overlap a protected one, most telling first."""


class OutputRefused(Exception):
    """The output folder is one a build must not replace; the message says why, on one line."""


def check_output_folder(out_dir: Path, site_dir: Path, cache_dir: Path, *, replace_foreign: bool) -> None:
    """Raise OutputRefused unless a build may replace `out_dir`."""
    real = Path(os.path.realpath(out_dir))
    shown = str(out_dir) if str(out_dir) == str(real) else f"{out_dir} ({real})"
    reason = _protected(_forms(out_dir), site_dir, cache_dir)
    if reason:
        raise OutputRefused(
            f"refusing --out {shown}: it {reason}; pseo replaces the whole output folder on every "
            "build, so give it a folder of its own (--empty-out-dir does not override this)"
        )
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise OutputRefused(f"refusing --out {shown}: it is not a folder")
    if os.path.ismount(real):
        raise OutputRefused(
            f"refusing --out {shown}: it is a mount point, which a build cannot swap out; "
            "use a folder inside it"
        )
    if replace_foreign or is_pseo_output(real) or not any(real.iterdir()):
        return
    raise OutputRefused(
        f"refusing --out {shown}: it is not empty and pseo did not write it (no {OUTPUT_MARKER} or "
        f"{MANIFEST} in it), so a build would delete its files; empty it, choose another folder, "
        "or pass --empty-out-dir to replace it"
    )


def is_pseo_output(folder: Path) -> bool:
    """True for a folder a build wrote: it has the marker, or the manifest every build
    writes (outputs from before the marker existed)."""
    return (folder / OUTPUT_MARKER).is_file() or (folder / MANIFEST).is_file()


def _protected(out: set[Path], site_dir: Path, cache_dir: Path) -> str | None:
    """Why `out` (in all its forms) may never be replaced, or None."""
    if any(path == Path(path.anchor) for path in out):
        return "is the file system root"
    relation = _relation(out, site_dir)
    if relation in ("is", "contains"):
        return _describe(relation, "the site folder", site_dir)
    home = Path(os.path.expanduser("~"))
    for folder, name in ((home, "your home folder"), (Path.cwd(), "the current folder")):
        relation = _relation(out, folder)
        if relation in ("is", "contains"):
            return _describe(relation, name, folder)
    for folder, name in (
        (site_dir / "content", "the site's content folder"),
        (site_dir / "themes", "the site's themes folder"),
        (cache_dir, "the build cache"),
    ):
        relation = _relation(out, folder)
        if relation:
            return _describe(relation, name, folder)
    if any(".git" in path.parts for path in out):
        return "is inside a git repository's .git folder"
    if any((path / ".git").exists() for path in out):
        return "is a git repository (it holds .git)"
    return None


def _relation(out: set[Path], folder: Path) -> str | None:
    """How `out` overlaps `folder` in any of their forms: 'is', else 'contains', else
    'inside', else None."""
    found = set()
    for path in out:
        for other in _forms(folder):
            if path == other:
                found.add("is")
            elif path in other.parents:
                found.add("contains")
            elif other in path.parents:
                found.add("inside")
    return next((relation for relation in _RELATION if relation in found), None)


def _forms(path: Path) -> set[Path]:
    """A path as written (made absolute) and with every symlink resolved."""
    return {Path(os.path.abspath(path)), Path(os.path.realpath(path))}


def _describe(relation: str, name: str, folder: Path) -> str:
    """'is the site folder', 'contains the site folder /srv/site' …: the path only where
    it is not the output folder itself."""
    where = "" if relation == "is" else f" {os.path.realpath(folder)}"
    return f"{_RELATION[relation]} {name}{where}"
